"""The progress board (pure). Each learner's events are folded, as they arrive, into a small summary whose size
does not grow with their history; the board is computed from the summaries alone, so its cost depends on
the number of learners, never on how many events they sent. Folding does not depend on arrival order: an
outbox that resends old events after an outage gives the same summary."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace

from tutor.i18n import t

STUCK_SECONDS = 5 * 60
SAME_ERROR_TIMES = 3
KINDS = frozenset({"started", "step_passed", "hint_used", "error", "finished"})
MAX_DISTINCT = 64  # step names and (step, mistake) pairs kept per learner: a lesson has a handful of each


@dataclass(frozen=True)
class Event:
    id: str
    learner: str
    kind: str  # started, step_passed, hint_used, error, finished
    step: str | None
    category: str | None  # error category: denied, not-tagged, wrong-password, ...
    digest: str | None  # with step_passed of the push step: what the learner's tutor saw pushed
    at: float


def valid_event(row: tuple) -> Event | None:
    """An Event from a stored row, or None for a row no valid request could have made (written by hand, by an
    older version, or damaged): one such row must never take the board down for the whole room."""
    try:
        event = Event(*row)
    except TypeError:
        return None
    texts_ok = all(isinstance(v, str) for v in (event.id, event.learner, event.kind)) and all(
        v is None or isinstance(v, str) for v in (event.step, event.category, event.digest))
    at_ok = isinstance(event.at, (int, float)) and not isinstance(event.at, bool) and math.isfinite(event.at)
    return event if texts_ok and at_ok and event.kind in KINDS else None


def _later(current: list | None, at: float, value) -> list:
    """The [at, value] pair with the later time (the newer of equal times): order of arrival does not matter."""
    return [at, value] if current is None or at >= current[0] else current


@dataclass
class LearnerSummary:
    """Everything the board and the export need from one learner's events, in bounded size."""

    events: int = 0
    done: list[str] = field(default_factory=list)  # steps passed, in the order first passed
    finished: bool = False
    hints: int = 0
    progress_at: float | None = None  # the last start or step passed
    last_error: list | None = None  # [at, category]
    recent_errors: list[list] = field(default_factory=list)  # the three latest [at, category], oldest first
    mistakes: list[list] = field(default_factory=list)  # distinct [step, category]
    digest: list | None = None  # [at, digest] of the latest step passed with a digest

    def fold(self, event: Event) -> None:
        self.events += 1
        if event.kind in ("started", "step_passed"):
            self.progress_at = event.at if self.progress_at is None else max(self.progress_at, event.at)
        if event.kind == "step_passed":
            if event.step and event.step not in self.done and len(self.done) < MAX_DISTINCT:
                self.done.append(event.step)
            if event.digest:
                self.digest = _later(self.digest, event.at, event.digest)
        elif event.kind == "hint_used":
            self.hints += 1
        elif event.kind == "finished":
            self.finished = True
        elif event.kind == "error":
            self.last_error = _later(self.last_error, event.at, event.category)
            self.recent_errors = sorted([*self.recent_errors, [event.at, event.category]],
                                        key=lambda pair: pair[0])[-SAME_ERROR_TIMES:]
            pair = [event.step, event.category]
            if event.category and pair not in self.mistakes and len(self.mistakes) < MAX_DISTINCT:
                self.mistakes.append(pair)

    def as_dict(self) -> dict:
        return asdict(self)

    def copy(self) -> LearnerSummary:
        """A copy that shares nothing mutable with this one (cheaper than as_dict's deep copy)."""
        # By name: a field added later can't slip into another's place. The pairs inside the lists are never
        # changed in place (fold replaces them), so copying the lists is enough.
        return replace(self, done=list(self.done), recent_errors=list(self.recent_errors),
                       mistakes=list(self.mistakes))


def summarize(events: Iterable[Event]) -> dict[str, LearnerSummary]:
    summaries: dict[str, LearnerSummary] = {}
    for event in events:
        summaries.setdefault(event.learner, LearnerSummary()).fold(event)
    return summaries


# A learner's state on the board, each with its own colour on the projector: not started yet, moving, stuck
# (no progress for --stuck-minutes, or the same mistake three times since their last progress), finished.
STATES = ("waiting", "moving", "stuck", "finished")


@dataclass(frozen=True)
class BoardRow:
    learner: str
    step: str | None  # the step they are on (None: not started; "finished")
    steps_done: int
    seconds_on_step: float
    hints: int
    last_error: str | None
    stuck: bool
    state: str = "waiting"  # one of STATES

    def as_dict(self) -> dict:
        # By hand, not dataclasses.asdict (a deep copy through every field): the board of a room of 1,000 makes
        # a thousand of these a second, in a thread that shares the interpreter with the event loop.
        return {"learner": self.learner, "step": self.step, "steps_done": self.steps_done,
                "seconds_on_step": self.seconds_on_step, "hints": self.hints, "last_error": self.last_error,
                "stuck": self.stuck, "state": self.state}


def board(learners: Iterable[str], summaries: Mapping[str, LearnerSummary], step_ids: tuple[str, ...],
          now: float | None = None, stuck_seconds: float = STUCK_SECONDS) -> list[BoardRow]:
    now = time.time() if now is None else now
    everyone = dict.fromkeys(learners) | dict.fromkeys(summaries)
    rows = []
    for name in sorted(everyone):
        mine = summaries.get(name) or LearnerSummary()
        done_set = {s for s in mine.done if s in step_ids}
        finished = mine.finished or bool(step_ids and done_set >= set(step_ids))
        started = mine.events > 0
        current = None if not started else "finished" if finished else next(
            (s for s in step_ids if s not in done_set), None)
        progress_at = mine.progress_at
        errors = [c for at, c in mine.recent_errors if progress_at is None or at >= progress_at]
        repeated = len(errors) >= SAME_ERROR_TIMES and len(set(errors[-SAME_ERROR_TIMES:])) == 1
        # A clock in the future (the learner's) never makes a negative or endless time on the board.
        on_step = 0.0 if progress_at is None or finished else min(max(0.0, now - progress_at), 365 * 86400.0)
        idle = progress_at is not None and not finished and on_step > stuck_seconds
        stuck = started and not finished and (repeated or idle)
        rows.append(BoardRow(
            learner=name, step=current, steps_done=len(done_set), hints=mine.hints, seconds_on_step=on_step,
            last_error=mine.last_error[1] if mine.last_error else None, stuck=stuck,
            state="waiting" if not started else "finished" if finished else "stuck" if stuck else "moving",
        ))
    return rows


@dataclass(frozen=True)
class FunnelStep:
    step: str  # a step id of the lesson, or "waiting" (not started) / "finished" at either end
    learners: int  # how many are on it now

    def as_dict(self) -> dict:
        return asdict(self)


def funnel(rows: Iterable[BoardRow], step_ids: tuple[str, ...]) -> list[FunnelStep]:
    """How many learners are at each step right now, in the lesson's order, with those not started first and
    those finished last: where the room is, at a glance."""
    counts = dict.fromkeys(("waiting", *step_ids, "finished"), 0)
    for row in rows:
        where = "waiting" if row.step is None else row.step
        if where in counts:
            counts[where] += 1
    return [FunnelStep(step, n) for step, n in counts.items()]


def step_titles(lesson, registry: str, lang: str, user_placeholder: str) -> dict[str, str]:
    """step id -> the step's title in `lang` as the board shows it: variables filled with the room's registry
    and a placeholder for the learner's name (each learner has their own), Markdown code marks removed."""
    from tutor.lesson.template import fill, resolve

    values = resolve(lesson.variables, {"registry": registry, "user": user_placeholder})
    return {step_id: fill(lesson.step_text(step_id, lang)[0].title, values).replace("`", "").strip()
            for step_id in lesson.step_ids}


@dataclass(frozen=True)
class CommonError:
    step: str | None
    category: str  # a hint's name: denied, not-tagged, answer-c, ...
    learners: int  # how many learners made it (each counted once)

    def as_dict(self) -> dict:
        return asdict(self)


def common_errors(summaries: Mapping[str, LearnerSummary], limit: int = 5) -> list[CommonError]:
    """The mistakes most learners made, most first: what is worth explaining to the whole room at once."""
    who: dict[tuple[str | None, str], int] = {}
    for summary in summaries.values():
        for step, category in summary.mistakes:
            who[(step, category)] = who.get((step, category), 0) + 1
    ranked = sorted(who.items(), key=lambda item: (-item[1], item[0][0] or "", item[0][1]))
    return [CommonError(step, category, count) for (step, category), count in ranked[:limit]]


# What both views of the board (the projector's page, tutor/classroom/board_page.py, and the terminal's,
# tutor/ui/classroom.py) say from the board's data; each renders it in its own way.

def minutes(seconds: float) -> int:
    """Whole minutes, never negative (a learner's clock may be ahead)."""
    return int(max(0.0, seconds) // 60)


def counts(learners: Iterable[Mapping]) -> dict[str, int]:
    """How many learners are in each state (the board data's rows)."""
    found = dict.fromkeys(("finished", "moving", "stuck", "waiting"), 0)
    for row in learners:
        state = row.get("state", "waiting")
        found[state] = found.get(state, 0) + 1
    return found


def funnel_label(entry: Mapping, titles: Mapping[str, str], lang: str) -> str:
    """A funnel entry's label: the step's title, or the state's word at either end ("Not started", "Finished")."""
    step = entry["step"]
    if step in ("waiting", "finished"):
        return t(f"classroom.board.state.{step}", lang).capitalize()
    return titles.get(step, step)


def mistake_text(error: Mapping, titles: Mapping[str, str], lang: str) -> str:
    """"denied · Upload with docker push": the mistake (a hint's name) and the title of the step it was made at."""
    step = error["step"] or "-"
    return t("classroom.board.mistake", lang, category=error["category"], step=titles.get(step, step))
