"""The classroom's events and messages in SQLite. Events carry an id made by the learner's tutor, so a
batch sent again after an outage is stored once: nothing lost, nothing doubled. Each learner's events are
also folded into a summary (tutor/classroom/board.py), kept in memory and rebuilt from the stored events when
the service starts; the summaries are all the board reads. A learner may store at most MAX_EVENTS_PER_LEARNER
events."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from tutor.classroom.board import Event, LearnerSummary, summarize, valid_event

__all__ = ["Event", "LearnerFull", "Store", "MAX_EVENTS_PER_LEARNER"]

# A whole lesson, with every hint and many mistakes, is a few hundred events; the cap keeps one learner from
# filling the instructor's disk (40,000 events in a second were seen) without ever touching an honest one.
MAX_EVENTS_PER_LEARNER = 2000

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, learner TEXT NOT NULL, kind TEXT NOT NULL, step TEXT, category TEXT, digest TEXT,
  at REAL NOT NULL, received REAL NOT NULL);
CREATE INDEX IF NOT EXISTS events_learner ON events (learner, at);
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, at REAL NOT NULL);
"""


class LearnerFull(Exception):
    """This learner has stored as many events as one learner may."""


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode): learners'
        # progress is the instructor's to read.
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        # The summaries live in memory only, so a post writes no more to disk than its events. Rows no valid
        # request could have made (an older service's, or written by hand) are left out: the board survives
        # whatever the file holds.
        rows = self._db.execute("SELECT id, learner, kind, step, category, digest, at FROM events ORDER BY rowid")
        self._summaries = summarize(e for e in map(valid_event, rows) if e is not None)
        # When the room started: the first event the service received, on the service's own clock (a learner's
        # clock may be off); what the board's "started N min ago" counts from.
        first = self._db.execute("SELECT MIN(received) FROM events").fetchone()[0]
        self.started_at: float | None = float(first) if isinstance(first, (int, float)) and first > 0 else None

    def add_events(self, events: list[Event]) -> int:
        """Stores one learner's batch, all or nothing; returns how many were new. LearnerFull (nothing stored)
        when the batch would take the learner past MAX_EVENTS_PER_LEARNER."""
        if not events:
            return 0
        learner = events[0].learner
        assert all(e.learner == learner for e in events), "one learner per batch"
        now = time.time()
        with self._lock:
            # A copy: the published summary is never changed in place, so a board being computed in another
            # thread reads a consistent one.
            summary = LearnerSummary(**self._summaries.get(learner, LearnerSummary()).as_dict())
            self._db.execute("BEGIN")
            try:
                new = []
                for e in events:
                    cursor = self._db.execute("INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                              (e.id, e.learner, e.kind, e.step, e.category, e.digest, e.at, now))
                    if cursor.rowcount:
                        new.append(e)
                if summary.events + len(new) > MAX_EVENTS_PER_LEARNER:
                    raise LearnerFull(learner)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            for e in new:
                summary.fold(e)
            self._summaries[learner] = summary
            if new and self.started_at is None:
                self.started_at = now
            return len(new)

    def summaries(self) -> dict[str, LearnerSummary]:
        """Every learner's summary (one small object per learner, whatever their history): what the board and
        the export read."""
        with self._lock:
            return dict(self._summaries)

    def events(self) -> list[Event]:
        """Every stored event that is valid, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, learner, kind, step, category, digest, at FROM events ORDER BY at, rowid").fetchall()
        return [e for e in map(valid_event, rows) if e is not None]

    def say(self, text: str) -> int:
        with self._lock:
            cursor = self._db.execute("INSERT INTO messages (text, at) VALUES (?, ?)", (text, time.time()))
            return int(cursor.lastrowid)

    def messages(self, after: int = 0) -> list[tuple[int, str, float]]:
        with self._lock:
            rows = self._db.execute("SELECT id, text, at FROM messages WHERE id > ? ORDER BY id LIMIT 100",
                                    (after,)).fetchall()
        return [(i, text, at) for i, text, at in rows if isinstance(i, int) and isinstance(text, str)]

    def last_message(self) -> tuple[int, str, float] | None:
        """The instructor's latest `say`: the board shows it."""
        with self._lock:
            row = self._db.execute("SELECT id, text, at FROM messages ORDER BY id DESC LIMIT 1").fetchone()
        if row and isinstance(row[1], str) and isinstance(row[2], (int, float)):
            return int(row[0]), row[1], float(row[2])
        return None

    def close(self) -> None:
        self._db.close()

