"""The classroom's events and messages in SQLite. Events carry an id made by the learner's tutor, so a
batch sent again after an outage is stored once: nothing lost, nothing doubled. Each learner's events are
also folded into a summary (tutor/classroom/board.py) in the same transaction, which is all the board reads;
a learner may store at most MAX_EVENTS_PER_LEARNER events."""

from __future__ import annotations

import json
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
CREATE TABLE IF NOT EXISTS summaries (learner TEXT PRIMARY KEY, summary TEXT NOT NULL);
"""
SUMMARIES_VERSION = 1  # PRAGMA user_version once the summaries hold every event (older rooms are folded once)


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
        if self._db.execute("PRAGMA user_version").fetchone()[0] < SUMMARIES_VERSION:
            with self._lock:
                self._rebuild_summaries()

    def _rebuild_summaries(self, learner: str | None = None) -> dict[str, LearnerSummary]:
        """Folds the stored events again (all learners, or one whose summary was damaged); rows no valid
        request could have made are left out."""
        where, args = ("WHERE learner = ?", (learner,)) if learner is not None else ("", ())
        rows = self._db.execute(f"SELECT id, learner, kind, step, category, digest, at FROM events {where} "
                                "ORDER BY rowid", args).fetchall()
        summaries = summarize(e for e in map(valid_event, rows) if e is not None)
        self._db.execute("BEGIN")
        if learner is None:
            self._db.execute("DELETE FROM summaries")
        self._db.executemany("INSERT OR REPLACE INTO summaries VALUES (?, ?)",
                             [(name, json.dumps(s.as_dict())) for name, s in summaries.items()])
        if learner is None:
            self._db.execute(f"PRAGMA user_version = {SUMMARIES_VERSION}")
        self._db.execute("COMMIT")
        return summaries

    def _summary(self, learner: str) -> LearnerSummary:
        row = self._db.execute("SELECT summary FROM summaries WHERE learner = ?", (learner,)).fetchone()
        summary = _parse(row[0]) if row else LearnerSummary()
        return summary if summary is not None else self._rebuild_summaries(learner).get(learner, LearnerSummary())

    def add_events(self, events: list[Event]) -> int:
        """Stores one learner's batch, all or nothing; returns how many were new. LearnerFull (nothing stored)
        when the batch would take the learner past MAX_EVENTS_PER_LEARNER."""
        if not events:
            return 0
        learner = events[0].learner
        assert all(e.learner == learner for e in events), "one learner per batch"
        now = time.time()
        with self._lock:
            summary = self._summary(learner)
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
                for e in new:
                    summary.fold(e)
                self._db.execute("INSERT OR REPLACE INTO summaries VALUES (?, ?)",
                                 (learner, json.dumps(summary.as_dict())))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return len(new)

    def summaries(self) -> dict[str, LearnerSummary]:
        """Every learner's summary: what the board and the export read (one row per learner)."""
        with self._lock:  # held only to read: a learner's post on the event loop may be waiting for it
            rows = self._db.execute("SELECT learner, summary FROM summaries").fetchall()
        found = {}
        for learner, text in rows:
            if not isinstance(learner, str):
                continue
            summary = _parse(text)
            if summary is None:  # damaged: folded again from the learner's own valid events
                with self._lock:
                    summary = self._rebuild_summaries(learner).get(learner)
            if summary is not None:
                found[learner] = summary
        return found

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

    def close(self) -> None:
        self._db.close()


def _parse(text: object) -> LearnerSummary | None:
    try:
        return LearnerSummary.from_dict(json.loads(text)) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        return None
