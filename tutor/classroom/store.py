"""The classroom's events and messages in SQLite. Events carry an id made by the learner's tutor, so a
batch sent again after an outage is stored once: nothing lost, nothing doubled. Each learner's events are
also folded into a summary (tutor/classroom/board.py), kept in memory and rebuilt from the stored events when
the service starts; the summaries are all the board reads. A learner may store at most MAX_EVENTS_PER_LEARNER
events.

Events are written by one writer thread with group commit: the batches that arrive while a commit is on its
way to the disk are stored together in the next transaction (each in its own savepoint, so one learner's
refused batch changes nothing of the others'), and each batch is acknowledged only once its commit is on
disk. A room of 1,000 posting every 2 s is then a few commits a second instead of 500, and the event loop
never waits for the disk (an fsync took it from p99 45 ms to 324 ms with the disk busy elsewhere)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import sqlite3
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import NamedTuple

from tutor.classroom.board import Event, LearnerSummary, summarize, valid_event

__all__ = ["Event", "LearnerFull", "Store", "MAX_EVENTS_PER_LEARNER"]

# A whole lesson, with every hint and many mistakes, is a few hundred events; the cap keeps one learner from
# filling the instructor's disk (40,000 events in a second were seen) without ever touching an honest one.
MAX_EVENTS_PER_LEARNER = 2000
MAX_GROUP = 500  # batches in one transaction at most (each at most 100 events: well under a second of work)

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, learner TEXT NOT NULL, kind TEXT NOT NULL, step TEXT, category TEXT, digest TEXT,
  at REAL NOT NULL, received REAL NOT NULL, lesson TEXT, platform TEXT);
CREATE INDEX IF NOT EXISTS events_learner ON events (learner, at);
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, at REAL NOT NULL);
"""


class LearnerFull(Exception):
    """This learner has stored as many events as one learner may."""


class _Pending(NamedTuple):
    """One batch in the writer's queue, and how its answer reaches the caller: a concurrent Future (submit) is
    settled in the writer thread; an asyncio Future (submit_from_loop) only on its own loop, which alone may
    touch it."""

    events: list[Event]
    future: Future | asyncio.Future
    loop: asyncio.AbstractEventLoop | None = None  # the asyncio Future's loop; None for a concurrent Future


class Store:
    def __init__(self, path: Path, lesson_of_older_events: str | None = None) -> None:
        """`lesson_of_older_events`: the lesson that events stored without one belong to (a room made before
        rooms ran several lessons ran one: its first)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode): learners'
        # progress is the instructor's to read.
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._add_columns(lesson_of_older_events)
        self._lock = threading.Lock()
        # The summaries live in memory only, so a post writes no more to disk than its events. Rows no valid
        # request could have made (an older service's, or written by hand) are left out: the board survives
        # whatever the file holds.
        rows = self._db.execute(
            "SELECT id, learner, kind, step, category, digest, at, lesson, platform FROM events ORDER BY rowid")
        self._summaries = summarize(e for e in map(valid_event, rows) if e is not None)
        # When the room started: the first event the service received, on the service's own clock (a learner's
        # clock may be off); what the board's "started N min ago" counts from.
        first = self._db.execute("SELECT MIN(received) FROM events").fetchone()[0]
        self.started_at: float | None = float(first) if isinstance(first, (int, float)) and first > 0 else None
        # The instructor's messages, also in memory: every learner's tutor asks for new ones every few seconds,
        # and that answer should never wait for a commit.
        self._messages = [(i, text, float(at)) for i, text, at in self._db.execute(
            "SELECT id, text, at FROM messages ORDER BY id") if isinstance(i, int) and isinstance(text, str)
            and isinstance(at, (int, float))]
        # Counts the changes of what the board shows (new events, messages): the service reuses a board
        # computed at the same version.
        self.version = 0
        self._pending: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()  # None: stop the writer
        self._writer = threading.Thread(target=self._write, name="store-writer", daemon=True)
        self._writer.start()

    def _add_columns(self, lesson: str | None) -> None:
        """A classroom.db of an older service has no lesson column: it gains one, its events given `lesson`; nor
        a platform column: it gains one, its events without (the board infers it from the steps passed)."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(events)")}
        if "lesson" not in columns:
            self._db.execute("ALTER TABLE events ADD COLUMN lesson TEXT")
            if lesson:  # only an older database holds events without one: once, not a scan at every start
                self._db.execute("UPDATE events SET lesson = ? WHERE lesson IS NULL", (lesson,))
        if "platform" not in columns:
            self._db.execute("ALTER TABLE events ADD COLUMN platform TEXT")

    def submit(self, events: list[Event]) -> Future:
        """Hands one learner's batch to the writer; the Future gives how many events were new once they are on
        disk, or raises LearnerFull (nothing of the batch stored) when it would take the learner past
        MAX_EVENTS_PER_LEARNER."""
        done: Future = Future()
        self._queue(_Pending(events, done))
        return done

    def _queue(self, pending: _Pending) -> None:
        if pending.events:
            learner = pending.events[0].learner
            assert all(e.learner == learner for e in pending.events), "one learner per batch"
        self._pending.put(pending)

    def submit_from_loop(self, events: list[Event]) -> asyncio.Future:
        """submit() for a caller on a running event loop: the writer settles every future of a group that
        belongs to one loop in a single wake-up of it. (asyncio.wrap_future of submit()'s Future costs the loop
        a wake-up and two chained futures per batch: some 50 µs of its CPU, a sixth of a whole request.)"""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._queue(_Pending(events, done, loop))
        return done

    def add_events(self, events: list[Event]) -> int:
        """submit(), waiting for the answer."""
        return self.submit(events).result()

    def _write(self) -> None:
        while True:
            first = self._pending.get()
            if first is None:
                return
            group: list[_Pending] = [first]
            while len(group) < MAX_GROUP:
                try:
                    item = self._pending.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._pending.put(None)  # stop after this group
                    break
                group.append(item)
            try:
                results = self._store_group(group)
            except BaseException as problem:  # the disk failed: every batch of the group hears it
                results = [problem] * len(group)
            on_loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future, object]]] = {}
            for pending, result in zip(group, results, strict=True):
                if pending.loop is None:
                    _settle_in_writer(pending.future, result)
                else:
                    on_loops.setdefault(pending.loop, []).append((pending.future, result))
            for loop, settled in on_loops.items():
                with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits any more
                    loop.call_soon_threadsafe(_settle_all, settled)

    def _store_group(self, group: list[_Pending]) -> list[int | BaseException]:
        now = time.time()
        results: list[int | BaseException] = []
        folded: dict[str, tuple[LearnerSummary, list[Event]]] = {}
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for pending in group:
                    events = pending.events
                    if not events:
                        results.append(0)
                        continue
                    learner = events[0].learner
                    # A copy: the published summary is never changed in place, so a board being computed in
                    # another thread reads a consistent one.
                    earlier = self._summaries.get(learner, LearnerSummary())
                    summary, new_so_far = folded.get(learner) or (earlier.copy(), [])
                    # A batch that could take the learner past the cap runs in a savepoint, so that it can be
                    # undone alone; one that cannot even if every event is new needs none (most batches: two
                    # statements fewer each).
                    guarded = summary.events + len(new_so_far) + len(events) > MAX_EVENTS_PER_LEARNER
                    if guarded:
                        self._db.execute("SAVEPOINT batch")
                    new = []
                    for e in events:
                        cursor = self._db.execute(
                            "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (e.id, e.learner, e.kind, e.step, e.category, e.digest, e.at, now, e.lesson,
                             e.platform))
                        if cursor.rowcount:
                            new.append(e)
                    if summary.events + len(new_so_far) + len(new) > MAX_EVENTS_PER_LEARNER:
                        self._db.execute("ROLLBACK TO batch")
                        self._db.execute("RELEASE batch")
                        results.append(LearnerFull(learner))
                        continue
                    if guarded:
                        self._db.execute("RELEASE batch")
                    folded[learner] = (summary, new_so_far + new)
                    results.append(len(new))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            for learner, (summary, new) in folded.items():
                for e in new:
                    summary.fold(e)
                self._summaries[learner] = summary
            if folded:
                self.version += 1
            if folded and self.started_at is None and any(new for _, new in folded.values()):
                self.started_at = now
        return results

    def summaries(self) -> dict[str, LearnerSummary]:
        """Every learner's summary (one small object per learner, whatever their history): what the board and
        the export read."""
        with self._lock:
            return dict(self._summaries)

    def say(self, text: str) -> int:
        """Stores an instructor's message (call it off the event loop: it waits for a commit)."""
        with self._lock:
            at = time.time()
            cursor = self._db.execute("INSERT INTO messages (text, at) VALUES (?, ?)", (text, at))
            self._messages.append((int(cursor.lastrowid), text, at))
            self.version += 1
            return int(cursor.lastrowid)

    def messages(self, after: int = 0) -> list[tuple[int, str, float]]:
        """The messages after id `after`, at most 100, from memory: never waits for the writer."""
        return [m for m in list(self._messages) if m[0] > after][:100]

    def last_message(self) -> tuple[int, str, float] | None:
        """The instructor's latest `say`: the board shows it."""
        return self._messages[-1] if self._messages else None

    def close(self) -> None:
        self._pending.put(None)
        self._writer.join(30)
        self._db.close()



def _answer(done: Future | asyncio.Future, result: object) -> None:
    if isinstance(result, BaseException):
        done.set_exception(result)
    else:
        done.set_result(result)


def _settle_in_writer(done: Future, result: object) -> None:
    """A submit() caller's answer. That caller may cancel its Future from its own thread at any moment: a look at
    cancelled() and then set_result could have that cancel in between, and set_result would raise
    InvalidStateError in the writer, which then stores nothing more for anyone. set_running_or_notify_cancel
    looks and decides under the Future's own lock: either it was cancelled (nobody waits: the batch is stored
    all the same), or it can no longer be."""
    if done.set_running_or_notify_cancel():
        _answer(done, result)


def _settle_all(settled: list[tuple[asyncio.Future, object]]) -> None:
    """On the waiting loop: one call for the group's futures. Only this loop touches them, so nothing comes
    between the look at cancelled() and the answer."""
    for future, result in settled:
        if not future.cancelled():  # a caller that went away (its client disconnected)
            _answer(future, result)
