"""The board as the classroom service answers it: the latest one computed, per language.

A board is computed again only when something it shows may have changed (a stored event or `say`, the accounts)
or BOARD_SECONDS of time passed (its times on a step). In a small room that costs a millisecond and an ask
waits for it, so the board is always as fresh as the store. In a room of 1,000 while 100 push, it costs tens of
milliseconds of the interpreter the event loop shares: an ask then never waits for one. Once a board took longer
than INLINE_SECONDS, the keeper's own thread computes it every BOARD_SECONDS for as long as someone watches
it (asked within WATCHED_SECONDS), and an ask is answered at once with the latest, at most a second or two old:
the projector refreshes every few seconds and shows minutes.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import orjson

BOARD_SECONDS = 1.0  # a board is reused this long while nothing it shows changed
INLINE_SECONDS = 0.02  # a board that took longer to compute is kept fresh in the background, not while an ask waits
WATCHED_SECONDS = 10.0  # a language's board is kept fresh this long after it was last asked for


@dataclass(frozen=True)
class Board:
    key: tuple  # what it was computed from: the store's version and the accounts
    at: float  # when (time.time())
    data: dict
    json: bytes  # data, encoded as the API answers it (orjson: 160 KB for 1,000 learners in ~1 ms)
    cost: float  # seconds its computation took, waits for the interpreter included


class BoardKeeper:
    """`compute(lang, now, learners)` makes a board's data; `version()` changes with every stored event or
    message; `learners()` is the accounts (an object that compares equal while the file is unchanged)."""

    def __init__(self, compute: Callable[[str, float, Hashable], dict], version: Callable[[], Hashable],
                 learners: Callable[[], Hashable]) -> None:
        self._compute, self._version, self._learners = compute, version, learners
        self._boards: dict[str, Board] = {}
        self._lock = threading.Lock()  # one computation at a time: the caller's caches (board.Settled) are shared
        self._asked: dict[str, float] = {}  # language -> when (time.monotonic()) its board was last asked for
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    def current(self, lang: str) -> Board:
        """The board, computed now if it may have changed. Blocks: call it in a worker thread, never on the
        event loop."""
        now = time.time()
        with self._lock:
            learners = self._learners()  # read once, for the key and for the board
            key = (self._version(), learners)
            latest = self._boards.get(lang)
            if latest is None or latest.key != key or now - latest.at >= BOARD_SECONDS:
                began = time.perf_counter()
                data = self._compute(lang, now, learners)
                latest = self._boards[lang] = Board(key, now, data, orjson.dumps(data), time.perf_counter() - began)
            return latest

    def kept(self, lang: str) -> Board | None:
        """On the event loop, at each ask: the latest board when the ask should not wait for another (it is
        costly, and the keeper's thread keeps it fresh); None when the caller should get `current` (in a worker
        thread)."""
        self._asked[lang] = time.monotonic()
        latest = self._boards.get(lang)
        if latest is None or latest.cost <= INLINE_SECONDS:
            return None
        self._start()
        # Older than this, the thread has fallen behind (or has just been woken): compute it for this ask.
        return latest if time.time() - latest.at < 2 * BOARD_SECONDS else None

    def close(self) -> None:
        self._closed.set()
        self._wake.set()

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._keep_fresh, name="board-keeper", daemon=True)
            self._thread.start()
        self._wake.set()

    def _watched_costly(self) -> list[str]:
        now = time.monotonic()
        return [lang for lang, at in list(self._asked.items()) if now - at < WATCHED_SECONDS
                and (board := self._boards.get(lang)) is not None and board.cost > INLINE_SECONDS]

    def _keep_fresh(self) -> None:
        while not self._closed.is_set():
            languages = self._watched_costly()
            if not languages:  # nobody watches a costly board: sleep until an ask wakes us
                self._wake.wait()
                self._wake.clear()
                continue
            for lang in languages:
                # A board that fails to compute must not end the thread (every later ask would then wait for
                # one): the ask computes it itself once the kept one is 2 s old, and answers its error there.
                with contextlib.suppress(Exception):
                    self.current(lang)
            self._closed.wait(BOARD_SECONDS)
