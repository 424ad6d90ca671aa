"""The classroom store's group commit (issue 16: a room of 1,000): batches from many learners at once, each stored
once and answered only after its transaction is committed; one learner's refused batch changes nothing of
the others' in the same transaction. A real SQLite file, real threads."""

from __future__ import annotations

import sqlite3
import threading
import uuid

import pytest

import tutor.classroom.store as store_module
from tutor.classroom.store import MAX_EVENTS_PER_LEARNER, Event, LearnerFull, Store


def batch(learner: str, n: int, kind: str = "hint_used") -> list[Event]:
    return [Event(f"{learner}:{uuid.uuid4().hex}", learner, kind, "push", None, None, 1.8e9) for _ in range(n)]


def test_many_learners_at_once_each_event_stored_once_and_counted(tmp_path):
    store = Store(tmp_path / "classroom.db")
    batches = [batch(f"learner{n:03d}", 1 + n % 5) for n in range(300)]
    answers: dict[int, int] = {}
    start = threading.Barrier(30)

    def send(share: list[int]) -> None:
        start.wait()
        futures = [(i, store.submit(batches[i])) for i in share]
        for i, future in futures:
            answers[i] = future.result(timeout=30)

    threads = [threading.Thread(target=send, args=(list(range(k, 300, 30)),)) for k in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {i: len(b) for i, b in enumerate(batches)}
    assert store.add_events(batches[7]) == 0  # sent again (an outbox's retry): nothing doubled
    summaries = store.summaries()
    assert all(summaries[f"learner{n:03d}"].hints == 1 + n % 5 for n in range(300))
    store.close()
    db = sqlite3.connect(tmp_path / "classroom.db")  # committed: another connection reads them all
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == sum(map(len, batches))
    assert Store(tmp_path / "classroom.db").summaries() == summaries  # rebuilt the same at the next start


def test_a_refused_batch_in_a_group_leaves_the_others_stored(tmp_path):
    store = Store(tmp_path / "classroom.db")
    assert store.add_events(batch("greedy01", MAX_EVENTS_PER_LEARNER - 1)) == MAX_EVENTS_PER_LEARNER - 1
    # Submitted together, so that they are likely to share a transaction: the first fits, the second not.
    futures = [store.submit(batch("honest01", 3)), store.submit(batch("greedy01", 1)),
               store.submit(batch("greedy01", 5)), store.submit(batch("honest02", 2))]
    assert futures[0].result(10) == 3 and futures[1].result(10) == 1 and futures[3].result(10) == 2
    with pytest.raises(LearnerFull):
        futures[2].result(10)
    summaries = store.summaries()
    assert summaries["greedy01"].events == MAX_EVENTS_PER_LEARNER and summaries["honest01"].events == 3
    store.close()
    db = sqlite3.connect(tmp_path / "classroom.db")
    assert db.execute("SELECT COUNT(*) FROM events WHERE learner = 'greedy01'").fetchone()[0] == MAX_EVENTS_PER_LEARNER


def test_messages_are_answered_from_memory_and_survive_a_restart(tmp_path):
    store = Store(tmp_path / "classroom.db")
    ids = [store.say(f"message {n}") for n in range(150)]
    assert [m[1] for m in store.messages()][:2] == ["message 0", "message 1"] and len(store.messages()) == 100
    assert [m[0] for m in store.messages(ids[120])] == ids[121:]
    assert store.last_message()[1] == "message 149"
    store.close()
    assert Store(tmp_path / "classroom.db").last_message()[:2] == (ids[-1], "message 149")


def test_batches_from_an_event_loop_are_settled_on_it_and_the_cap_still_holds(tmp_path):
    """submit_from_loop: the service's way in. Many coroutines at once (so that groups hold many batches), one
    learner at the cap among them, and one caller gone before its answer (its client disconnected): every other
    batch hears its own answer, on its own loop."""
    import asyncio

    store = Store(tmp_path / "classroom.db")
    near = batch("nearcap01", MAX_EVENTS_PER_LEARNER - 1)
    assert store.add_events(near) == MAX_EVENTS_PER_LEARNER - 1
    batches = [batch(f"learner{n:03d}", 1 + n % 3) for n in range(200)]

    async def main() -> tuple[list, object, object]:
        gone = store.submit_from_loop(batch("gone01", 2))
        gone.cancel()
        answers = await asyncio.gather(*(store.submit_from_loop(b) for b in batches))
        # At the cap: 4 events already stored and one new fit (the batch is sent again by an outbox); 2 new do not.
        retried = await store.submit_from_loop(near[:4] + batch("nearcap01", 1))
        over = await asyncio.gather(store.submit_from_loop(batch("nearcap01", 2)), return_exceptions=True)
        return answers, retried, over[0]

    answers, retried, over = asyncio.run(main())
    assert answers == [len(b) for b in batches] and retried == 1 and isinstance(over, LearnerFull)
    summaries = store.summaries()
    # The caller that went away was never answered: its batch is stored once (its outbox sends it again, and the
    # same ids store nothing twice).
    assert summaries["nearcap01"].events == MAX_EVENTS_PER_LEARNER and summaries["gone01"].events == 2
    store.close()
    db = sqlite3.connect(tmp_path / "classroom.db")
    assert db.execute("SELECT COUNT(*) FROM events WHERE learner = 'nearcap01'").fetchone()[0] == \
        MAX_EVENTS_PER_LEARNER
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == \
        MAX_EVENTS_PER_LEARNER + 2 + sum(map(len, batches))


def test_a_waiter_cancelled_just_as_the_writer_answers_it_stops_nothing(tmp_path, monkeypatch):
    """A caller of submit() may cancel its Future from its own thread at any moment, also between the writer's
    look at it and the answer it sets. The writer serves every learner: it must go on storing (it once died on
    the InvalidStateError, and every later batch waited for ever). That interleaving is forced, not hoped for:
    the first Future the store makes is the real concurrent Future with a meeting point where the writer sets
    its answer, which holds the writer there until the test (the waiter) has cancelled it."""
    writer_answering, waiter_cancelled = threading.Event(), threading.Event()

    class MeetsTheWaiter(store_module.Future):
        first = True

        def __init__(self) -> None:
            super().__init__()
            self.meets, MeetsTheWaiter.first = MeetsTheWaiter.first, False

        def _meet(self) -> None:
            if self.meets:
                writer_answering.set()
                waiter_cancelled.wait(30)

        def set_result(self, result) -> None:
            self._meet()
            super().set_result(result)

        def set_exception(self, exception) -> None:
            self._meet()
            super().set_exception(exception)

    monkeypatch.setattr(store_module, "Future", MeetsTheWaiter)
    store = Store(tmp_path / "classroom.db")
    leaving = store.submit(batch("leaving01", 2))
    assert writer_answering.wait(30)
    leaving.cancel()  # the caller gives up just as its answer is being set (too late, or in time: either is fine)
    waiter_cancelled.set()
    assert store.submit(batch("staying01", 3)).result(timeout=10) == 3  # the writer goes on
    assert leaving.cancelled() or leaving.result(timeout=10) == 2  # the waiter hears its answer or its own cancel
    summaries = store.summaries()
    assert summaries["leaving01"].events == 2 and summaries["staying01"].events == 3  # stored, whoever waits
    store.close()
    db = sqlite3.connect(tmp_path / "classroom.db")
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 5
