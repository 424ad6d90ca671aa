"""The progress board, computed from the learners' events (pure)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from tutor.classroom.store import Event

STUCK_SECONDS = 5 * 60
SAME_ERROR_TIMES = 3


@dataclass(frozen=True)
class BoardRow:
    learner: str
    step: str | None  # the step they are on (None: not started; "finished")
    steps_done: int
    seconds_on_step: float
    hints: int
    last_error: str | None
    stuck: bool

    def as_dict(self) -> dict:
        return asdict(self)


def board(learners: Iterable[str], events: Iterable[Event], step_ids: tuple[str, ...],
          now: float | None = None, stuck_seconds: float = STUCK_SECONDS) -> list[BoardRow]:
    now = time.time() if now is None else now
    by_learner: dict[str, list[Event]] = {name: [] for name in learners}
    for event in events:
        by_learner.setdefault(event.learner, []).append(event)
    rows = []
    for name, mine in sorted(by_learner.items()):
        mine.sort(key=lambda e: e.at)
        done = [e.step for e in mine if e.kind == "step_passed" and e.step in step_ids]
        done_set = set(done)
        finished = any(e.kind == "finished" for e in mine) or (step_ids and done_set >= set(step_ids))
        current = "finished" if finished else next((s for s in step_ids if s not in done_set), None) if mine else None
        progress_at = max((e.at for e in mine if e.kind in ("started", "step_passed")), default=None)
        errors = [e.category for e in mine if e.kind == "error" and (progress_at is None or e.at >= progress_at)]
        last_error = next((e.category for e in reversed(mine) if e.kind == "error"), None)
        repeated = len(errors) >= SAME_ERROR_TIMES and len(set(errors[-SAME_ERROR_TIMES:])) == 1
        idle = progress_at is not None and not finished and now - progress_at > stuck_seconds
        rows.append(BoardRow(
            learner=name, step=current, steps_done=len(done_set), hints=sum(1 for e in mine if e.kind == "hint_used"),
            seconds_on_step=0.0 if progress_at is None or finished else now - progress_at,
            last_error=last_error, stuck=bool(mine) and not finished and (repeated or idle),
        ))
    return rows


@dataclass(frozen=True)
class CommonError:
    step: str | None
    category: str  # a hint's name: denied, not-tagged, answer-c, ...
    learners: int  # how many learners made it (each counted once)

    def as_dict(self) -> dict:
        return asdict(self)


def common_errors(events: Iterable[Event], limit: int = 5) -> list[CommonError]:
    """The mistakes most learners made, most first: what is worth explaining to the whole room at once."""
    who: dict[tuple[str | None, str], set[str]] = {}
    for event in events:
        if event.kind == "error" and event.category:
            who.setdefault((event.step, event.category), set()).add(event.learner)
    ranked = sorted(who.items(), key=lambda item: (-len(item[1]), item[0][0] or "", item[0][1]))
    return [CommonError(step, category, len(names)) for (step, category), names in ranked[:limit]]
