"""The classroom board's keeper (tutor/classroom/board_keeper.py), with real threads and a board computation
that takes real time (a room of 1,000 is what makes one costly; here a computation that waits stands for it, as
the cost is all the keeper looks at)."""

from __future__ import annotations

import threading
import time

import pytest

from tutor.classroom import board_keeper
from tutor.classroom.board_keeper import BoardKeeper


class Room:
    """A store's version, the accounts, and a board computation that costs `cost` seconds and can be held."""

    def __init__(self, cost: float) -> None:
        self.version, self.cost, self.computed = 0, cost, 0
        self.hold = threading.Event()
        self.hold.set()
        self.computing = threading.Event()

    def compute(self, lang: str, now: float, learners) -> dict:
        self.computing.set()
        self.hold.wait(10)
        time.sleep(self.cost)
        self.computed += 1
        return {"version": self.version, "lang": lang}

    def keeper(self) -> BoardKeeper:
        return BoardKeeper(self.compute, lambda: self.version, lambda: ("accounts",))


def ask(keeper: BoardKeeper, lang: str = "en"):
    """What the service does at each ask: the kept board, else one computed for this ask."""
    return keeper.kept(lang) or keeper.current(lang)


def until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_cheap_board_is_computed_for_the_ask_and_always_shows_the_latest_event():
    room = Room(cost=0.0)
    keeper = room.keeper()
    try:
        assert ask(keeper).data == {"version": 0, "lang": "en"}
        room.version = 1
        assert ask(keeper).data["version"] == 1  # no second-old board: a learner's step shows at once
        computed = room.computed
        assert ask(keeper).data["version"] == 1 and room.computed == computed  # nothing changed: reused
        assert keeper._thread is None  # no thread for a cheap board
    finally:
        keeper.close()


def test_a_costly_board_is_answered_at_once_and_kept_fresh_by_the_keeper_s_thread():
    room = Room(cost=board_keeper.INLINE_SECONDS * 2)
    keeper = room.keeper()
    try:
        assert ask(keeper).data["version"] == 0  # the first ask computes it
        room.version = 1
        room.hold.clear()  # the keeper's next computation waits until the test lets it go
        room.computing.clear()
        first = ask(keeper)
        assert first.data["version"] == 0  # answered with the latest kept, not computed for this ask
        assert room.computing.wait(5)  # the keeper's thread is computing the new one meanwhile
        began = time.perf_counter()
        assert ask(keeper) is first  # and an ask still never waits for it
        assert time.perf_counter() - began < 1.0  # (generous: the point is that it is not held for 10 s)
        room.hold.set()
        assert until(lambda: ask(keeper).data["version"] == 1)
    finally:
        room.hold.set()
        keeper.close()


def test_a_board_nobody_watches_is_no_longer_computed(monkeypatch):
    monkeypatch.setattr(board_keeper, "WATCHED_SECONDS", 0.3)
    room = Room(cost=board_keeper.INLINE_SECONDS * 2)
    keeper = room.keeper()
    try:
        ask(keeper)
        room.version = 1
        ask(keeper)
        assert until(lambda: room.computed >= 2)
        time.sleep(board_keeper.WATCHED_SECONDS + board_keeper.BOARD_SECONDS + 0.5)
        settled = room.computed
        room.version = 2
        time.sleep(board_keeper.BOARD_SECONDS * 2)
        assert room.computed == settled  # nobody asked: the thread sleeps
        assert ask(keeper).data["version"] == 2  # the next ask, after so long, gets a board computed for it
    finally:
        keeper.close()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_each_language_has_its_own_board(lang):
    room = Room(cost=0.0)
    keeper = room.keeper()
    try:
        assert ask(keeper, lang).data["lang"] == lang
    finally:
        keeper.close()


def test_a_board_that_fails_to_compute_does_not_end_the_keeper_s_thread():
    room = Room(cost=board_keeper.INLINE_SECONDS * 2)
    failing = {"now": False}
    compute = room.compute

    def sometimes_failing(lang, now, learners):
        if failing["now"]:
            raise RuntimeError("a damaged summary")
        return compute(lang, now, learners)

    room.compute = sometimes_failing
    keeper = room.keeper()
    try:
        ask(keeper)
        failing["now"] = True
        room.version = 1
        ask(keeper)  # wakes the thread, whose computation fails
        time.sleep(board_keeper.BOARD_SECONDS * 1.5)
        failing["now"] = False
        assert until(lambda: ask(keeper).data["version"] == 1)  # the thread, still there, computed it
        assert keeper._thread.is_alive()
    finally:
        keeper.close()
