"""The classroom's events and messages in SQLite. Events carry an id made by the learner's tutor, so a
batch sent again after an outage is stored once: nothing lost, nothing doubled."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, learner TEXT NOT NULL, kind TEXT NOT NULL, step TEXT, category TEXT, digest TEXT,
  at REAL NOT NULL, received REAL NOT NULL);
CREATE INDEX IF NOT EXISTS events_learner ON events (learner, at);
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, at REAL NOT NULL);
"""


@dataclass(frozen=True)
class Event:
    id: str
    learner: str
    kind: str  # started, step_passed, hint_used, error, finished
    step: str | None
    category: str | None  # error category: denied, not-tagged, wrong-password, ...
    digest: str | None  # with step_passed of the push step: what the learner's tutor saw pushed
    at: float


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def add_events(self, events: list[Event]) -> int:
        now = time.time()
        with self._lock:
            before = self._db.total_changes
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(e.id, e.learner, e.kind, e.step, e.category, e.digest, e.at, now) for e in events],
            )
            self._db.execute("COMMIT")
            return self._db.total_changes - before

    def events(self) -> list[Event]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, learner, kind, step, category, digest, at FROM events ORDER BY at, rowid").fetchall()
        return [Event(*row) for row in rows]

    def say(self, text: str) -> int:
        with self._lock:
            cursor = self._db.execute("INSERT INTO messages (text, at) VALUES (?, ?)", (text, time.time()))
            return int(cursor.lastrowid)

    def messages(self, after: int = 0) -> list[tuple[int, str, float]]:
        with self._lock:
            return self._db.execute("SELECT id, text, at FROM messages WHERE id > ? ORDER BY id", (after,)).fetchall()

    def close(self) -> None:
        self._db.close()
