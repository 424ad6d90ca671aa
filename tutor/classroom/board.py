"""The progress board (pure). Each learner's events are folded, as they arrive, into a small summary whose size
does not grow with their history; the board is computed from the summaries alone, so its cost depends on
the number of learners, never on how many events they sent. Folding does not depend on arrival order: an
outbox that resends old events after an outage gives the same summary."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

from tutor.i18n import t
from tutor.lesson.platforms import PLATFORMS

STUCK_SECONDS = 5 * 60
SAME_ERROR_TIMES = 3
KINDS = frozenset({"started", "step_passed", "hint_used", "error", "finished"})
MAX_DISTINCT = 64  # step names and (step, mistake) pairs kept per learner and lesson: a lesson has a handful of each
MAX_LESSONS = 32  # lessons kept per learner (the service accepts only the room's, a handful)


@dataclass(frozen=True)
class Event:
    id: str
    learner: str
    kind: str  # started, step_passed, hint_used, error, finished
    step: str | None
    category: str | None  # error category: denied, not-tagged, wrong-password, ...
    digest: str | None  # with step_passed of a step that looks in a registry: what the learner's tutor saw pushed
    at: float
    lesson: str | None = None  # the room's lesson it belongs to (the service fills in the first for older tutors)
    # The learner's platform (tutor.lesson.platforms.PLATFORMS), as their tutor decided it: which steps of a lesson
    # with `only:` they get. None from a tutor older than platforms: the board then infers it (RoomLesson.steps_for).
    platform: str | None = None


def valid_event(row: tuple) -> Event | None:
    """An Event from a stored row, or None for a row no valid request could have made (written by hand, by an
    older version, or damaged): one such row must never take the board down for the whole room."""
    try:
        event = Event(*row)
    except TypeError:
        return None
    texts_ok = all(isinstance(v, str) for v in (event.id, event.learner, event.kind)) and all(
        v is None or isinstance(v, str)
        for v in (event.step, event.category, event.digest, event.lesson, event.platform))
    at_ok = isinstance(event.at, (int, float)) and not isinstance(event.at, bool) and math.isfinite(event.at)
    return event if texts_ok and at_ok and event.kind in KINDS else None


def _later(current: list | None, at: float, value) -> list:
    """The [at, value] pair with the later time (the newer of equal times): order of arrival does not matter."""
    return [at, value] if current is None or at >= current[0] else current


@dataclass
class LessonSummary:
    """One learner in one lesson of the room."""

    done: list[str] = field(default_factory=list)  # steps passed, in the order first passed
    finished: bool = False
    mistakes: list[list] = field(default_factory=list)  # distinct [step, category]
    digests: dict[str, list] = field(default_factory=dict)  # step -> [at, digest]: the latest reported at it

    def fold(self, event: Event) -> None:
        if event.kind == "step_passed":
            if event.step and event.step not in self.done and len(self.done) < MAX_DISTINCT:
                self.done.append(event.step)
            if event.digest and event.step and (event.step in self.digests or len(self.digests) < MAX_DISTINCT):
                self.digests[event.step] = _later(self.digests.get(event.step), event.at, event.digest)
        elif event.kind == "finished":
            self.finished = True
        elif event.kind == "error":
            pair = [event.step, event.category]
            if event.category and pair not in self.mistakes and len(self.mistakes) < MAX_DISTINCT:
                self.mistakes.append(pair)

    def copy(self) -> LessonSummary:
        # The pairs inside are never changed in place (fold replaces them): copying the containers is enough.
        return replace(self, done=list(self.done), mistakes=list(self.mistakes), digests=dict(self.digests))


@dataclass
class LearnerSummary:
    """Everything the board and the export need from one learner's events, in bounded size: what concerns the
    learner (their pace, their hints, their latest mistakes) and, per lesson of the room, where they are in it."""

    events: int = 0
    hints: int = 0
    progress_at: float | None = None  # the last start or step passed, in any lesson
    last_error: list | None = None  # [at, category]
    recent_errors: list[list] = field(default_factory=list)  # the three latest [at, category], oldest first
    lessons: dict[str, LessonSummary] = field(default_factory=dict)  # lesson id -> that lesson's summary
    platform: list | None = None  # [at, platform]: the latest their tutor reported (one machine, every lesson)

    def fold(self, event: Event) -> None:
        self.events += 1
        if event.kind in ("started", "step_passed"):
            self.progress_at = event.at if self.progress_at is None else max(self.progress_at, event.at)
        if event.platform:
            self.platform = _later(self.platform, event.at, event.platform)
        if event.kind == "hint_used":
            self.hints += 1
        elif event.kind == "error":
            self.last_error = _later(self.last_error, event.at, event.category)
            self.recent_errors = sorted([*self.recent_errors, [event.at, event.category]],
                                        key=lambda pair: pair[0])[-SAME_ERROR_TIMES:]
        lesson = event.lesson or ""
        if lesson in self.lessons or len(self.lessons) < MAX_LESSONS:
            self.lessons.setdefault(lesson, LessonSummary()).fold(event)

    def lesson(self, lesson_id: str) -> LessonSummary:
        return self.lessons.get(lesson_id) or LessonSummary()

    @property
    def platform_now(self) -> str | None:
        """The platform their tutor reported last (it picks their `only:` steps in every lesson); None when it
        reported none (an older tutor, or no event yet)."""
        return self.platform[1] if self.platform else None

    def as_dict(self) -> dict:
        return asdict(self)

    def copy(self) -> LearnerSummary:
        """A copy that shares nothing mutable with this one (cheaper than as_dict's deep copy)."""
        return replace(self, recent_errors=list(self.recent_errors),
                       lessons={lesson: summary.copy() for lesson, summary in self.lessons.items()})


def summarize(events: Iterable[Event]) -> dict[str, LearnerSummary]:
    summaries: dict[str, LearnerSummary] = {}
    for event in events:
        summaries.setdefault(event.learner, LearnerSummary()).fold(event)
    return summaries


@dataclass(frozen=True)
class RoomLesson:
    """One lesson of the room, as the board and the export need it: its id and its steps, in order (every
    platform's: the funnel's places); for a lesson with `only:` steps, each platform's steps too."""

    id: str
    steps: tuple[str, ...]
    by_platform: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # empty: every learner gets `steps`

    @classmethod
    def of(cls, lesson) -> RoomLesson:
        """A Lesson (tutor.lesson.model.Lesson, loaded with every platform's steps) as the board reads it."""
        return cls(lesson.id, tuple(lesson.step_ids), platform_steps(lesson))

    def steps_for(self, platform: str | None, done: Iterable[str]) -> tuple[tuple[str, ...], bool]:
        """(the steps a learner on `platform` gets, whether that is their whole path). A tutor older than platforms
        reports none: the platform is then the first whose steps hold every step they passed, once they passed
        one only some platforms have; before that, the steps every platform has (not their whole path: a step
        of their own comes at the fork). Guessing a platform instead would show a Linux learner on macOS's steps,
        the very thing this avoids; the shared steps are true for everyone and cost only the fork's segments.
        Steps of several platforms that no one platform has all of (a learner who changed computers) are shown
        over every step, as the board did before platforms."""
        if not self.by_platform:
            return self.steps, True
        if platform in self.by_platform:
            return self.by_platform[platform], True
        shared = self.shared_steps
        own = [step for step in done if step in self.steps and step not in shared]
        if own:
            for steps in self.by_platform.values():
                if all(step in steps for step in own):
                    return steps, True
            return self.steps, True
        return shared, False

    @cached_property
    def shared_steps(self) -> tuple[str, ...]:
        """The steps every platform has, in order: computed once, not for each learner whose platform is not known.
        (cached_property writes the instance's __dict__ directly, which a frozen dataclass allows.)"""
        return tuple(step for step in self.steps if all(step in steps for steps in self.by_platform.values()))


def platform_steps(lesson) -> dict[str, tuple[str, ...]]:
    """platform -> the lesson's steps for it, for every platform once some `only:` names one (a platform no
    `only:` names gets the common steps, not the shared guess for an unknown platform, which may hold a step
    only the named ones have); empty without `only:`."""
    if not lesson.platforms:
        return {}
    return {platform: tuple(lesson.for_platform(platform).step_ids) for platform in PLATFORMS}


# A learner's state on the board, each with its own colour on the projector: not started yet, moving, stuck
# (no progress for --stuck-minutes, or the same mistake three times since their last progress), finished (every
# lesson of the room).
STATES = ("waiting", "moving", "stuck", "finished")


class BoardRow(NamedTuple):
    """A learner's row on the board. A named tuple, not a frozen dataclass: a room of 1,000 makes a thousand of
    these a second, in a thread that shares the interpreter with the event loop, and a tuple is made in a
    fraction of the time."""

    learner: str
    lesson: str | None  # the lesson they are in (None: not started, or finished every one)
    step: str | None  # the step they are on (None: not started; "finished")
    steps_done: int  # across the room's lessons
    seconds_on_step: float
    hints: int
    last_error: str | None
    stuck: bool
    state: str = "waiting"  # one of STATES
    lesson_steps_done: tuple[int, ...] = ()  # steps done in each of the room's lessons, in the room's order
    lessons_done: int = 0
    lesson_steps_total: tuple[int, ...] = ()  # each lesson's steps for this learner's platform: their bar's length

    def as_dict(self) -> dict:
        # By hand, not dataclasses.asdict (a deep copy through every field): the board of a room of 1,000 makes
        # a thousand of these a second, in a thread that shares the interpreter with the event loop.
        return {"learner": self.learner, "lesson": self.lesson, "step": self.step, "steps_done": self.steps_done,
                "seconds_on_step": self.seconds_on_step, "hints": self.hints, "last_error": self.last_error,
                "stuck": self.stuck, "state": self.state, "lesson_steps_done": list(self.lesson_steps_done),
                "lessons_done": self.lessons_done, "lesson_steps_total": list(self.lesson_steps_total)}


@dataclass(frozen=True)
class Where:
    lesson: str | None  # the lesson they are in (None: finished every one)
    step: str | None  # its step they are on
    done_per_lesson: list[int]  # steps done in each lesson (of the steps they get)
    total_per_lesson: list[int]  # the steps they get in each lesson (their platform's)
    lessons_done: int


def _where(mine: LearnerSummary, lessons: tuple[RoomLesson, ...]) -> Where:
    """Where the learner is, over the steps of their own platform. The lesson they are in is the first of the
    room's not finished: a room's lessons are taken in order."""
    done_per_lesson, total_per_lesson, lessons_done, current = [], [], 0, None
    platform = mine.platform_now
    for lesson in lessons:
        summary = mine.lesson(lesson.id)
        steps, whole_path = lesson.steps_for(platform, summary.done)
        done_set = {s for s in summary.done if s in steps}
        done_per_lesson.append(len(done_set))
        total_per_lesson.append(len(steps))
        # done_set: of its steps; the shared steps of a learner whose platform is not known yet are not all of it
        if summary.finished or (whole_path and steps and len(done_set) == len(steps)):
            lessons_done += 1
        elif current is None:
            step = next((s for s in steps if s not in done_set), None)
            if step is None:  # every shared step passed, their platform not known: they are at the fork
                step = next((s for s in lesson.steps if s not in done_set), None)
            current = (lesson.id, step)
    lesson_id, step = current or (None, None)
    return Where(lesson_id, step, done_per_lesson, total_per_lesson, lessons_done)


@dataclass(frozen=True)
class Settled:
    """What a learner's row takes from their summary alone, not from the clock: worked out once per summary. The
    store publishes a new summary object for each change and never changes one in place, so a board that is
    asked again with the same object reuses this (a room of 1,000 is asked every second, while most learners
    sent nothing since the last board)."""

    summary: LearnerSummary  # the object this was worked out from (kept: its identity is the cache's key)
    started: bool
    finished: bool
    repeated: bool  # the same mistake SAME_ERROR_TIMES times since their last progress
    lesson: str | None  # as the row shows them
    step: str | None
    steps_done: int
    last_error: str | None
    lesson_steps_done: tuple[int, ...]
    lessons_done: int
    lesson_steps_total: tuple[int, ...]

    @classmethod
    def of(cls, mine: LearnerSummary, lessons: tuple[RoomLesson, ...]) -> Settled:
        where = _where(mine, lessons)
        errors = [c for at, c in mine.recent_errors if mine.progress_at is None or at >= mine.progress_at]
        repeated = len(errors) >= SAME_ERROR_TIMES and len(set(errors[-SAME_ERROR_TIMES:])) == 1
        started, finished = mine.events > 0, bool(lessons) and where.lessons_done == len(lessons)
        return cls(mine, started, finished, repeated,
                   lesson=where.lesson if started and not finished else None,
                   step=None if not started else "finished" if finished else where.step,
                   steps_done=sum(where.done_per_lesson), last_error=mine.last_error[1] if mine.last_error else None,
                   lesson_steps_done=tuple(where.done_per_lesson), lessons_done=where.lessons_done,
                   lesson_steps_total=tuple(where.total_per_lesson))

    def row(self, name: str, now: float, stuck_seconds: float) -> BoardRow:
        """The row at `now`: the time on their step, and whether that makes them stuck."""
        progress_at, started, finished = self.summary.progress_at, self.started, self.finished
        # A clock in the future (the learner's) never makes a negative or endless time on the board.
        on_step = 0.0 if progress_at is None or finished else min(max(0.0, now - progress_at), 365 * 86400.0)
        stuck = started and not finished and (self.repeated or (progress_at is not None and on_step > stuck_seconds))
        return BoardRow(name, self.lesson, self.step, self.steps_done, on_step, self.summary.hints,
                        self.last_error, stuck,
                        "waiting" if not started else "finished" if finished else "stuck" if stuck else "moving",
                        self.lesson_steps_done, self.lessons_done, self.lesson_steps_total)


_NOBODY = LearnerSummary()  # the summary of a learner who sent nothing yet: one object, never folded


def board(learners: Iterable[str], summaries: Mapping[str, LearnerSummary], lessons: tuple[RoomLesson, ...],
          now: float | None = None, stuck_seconds: float = STUCK_SECONDS,
          settled: dict[str, Settled] | None = None) -> list[BoardRow]:
    """A row per learner, by name. `settled`: the caller's cache of Settled by learner, for these `lessons`
    (the service keeps one per room); it is brought up to date here, and learners gone from the room leave it."""
    now = time.time() if now is None else now
    everyone = sorted(dict.fromkeys(learners) | dict.fromkeys(summaries))
    known = settled if settled is not None else {}
    rows = []
    for name in everyone:
        mine = summaries.get(name) or _NOBODY
        this = known.get(name)
        if this is None or this.summary is not mine:
            this = known[name] = Settled.of(mine, lessons)
        rows.append(this.row(name, now, stuck_seconds))
    if settled is not None and len(settled) > len(everyone):
        for gone in settled.keys() - set(everyone):
            del settled[gone]
    return rows


@dataclass(frozen=True)
class FunnelStep:
    lesson: str | None  # None at either end
    step: str  # a step id of the lesson, or "waiting" (not started) / "finished" at either end
    learners: int  # how many are on it now

    def as_dict(self) -> dict:
        return asdict(self)


def funnel(rows: Iterable[BoardRow], lessons: tuple[RoomLesson, ...]) -> list[FunnelStep]:
    """How many learners are at each step right now, lesson by lesson in the room's order, with those not
    started first and those finished (every lesson) last: where the room is, at a glance."""
    places = [(None, "waiting"), *((lesson.id, step) for lesson in lessons for step in lesson.steps),
              (None, "finished")]
    counts = dict.fromkeys(places, 0)
    for row in rows:
        where = (None, "waiting") if row.step is None else (None, "finished") if row.step == "finished" \
            else (row.lesson, row.step)
        if where in counts:
            counts[where] += 1
    return [FunnelStep(lesson, step, n) for (lesson, step), n in counts.items()]


def step_titles(lesson, registry: str, lang: str, user_placeholder: str) -> dict[str, str]:
    """step id -> the step's title in `lang` as the board shows it: variables filled as for a learner of the
    room (the room's registry), with a placeholder for the learner's name (each learner has their own), Markdown
    code marks removed. Without a DOCKER_CONFIG: the service's own is not a learner's."""
    from tutor.lesson.template import fill
    from tutor.lesson.values import lesson_values

    values = lesson_values(lesson, registry, user_placeholder)
    return {step_id: fill(lesson.step_text(step_id, lang)[0].title, values).replace("`", "").strip()
            for step_id in lesson.step_ids}


@dataclass(frozen=True)
class CommonError:
    lesson: str | None
    step: str | None
    category: str  # a hint's name: denied, not-tagged, answer-c, ...
    learners: int  # how many learners made it (each counted once)

    def as_dict(self) -> dict:
        return asdict(self)


def common_errors(summaries: Mapping[str, LearnerSummary], limit: int = 5) -> list[CommonError]:
    """The mistakes most learners made, most first: what is worth explaining to the whole room at once. The
    same mistake at the same step of two lessons is two mistakes (a step id may recur across lessons)."""
    who: dict[tuple[str, str | None, str], int] = {}
    for summary in summaries.values():
        for lesson, mine in summary.lessons.items():
            for step, category in mine.mistakes:
                who[(lesson, step, category)] = who.get((lesson, step, category), 0) + 1
    ranked = sorted(who.items(), key=lambda item: (-item[1], item[0][0], item[0][1] or "", item[0][2]))
    return [CommonError(lesson or None, step, category, count) for (lesson, step, category), count in ranked[:limit]]


class LessonInfo(dict):
    """lesson_info()'s answer: a dict, the JSON both views read, that also carries the lesson as the board
    computes with it (`room_lesson`, not a key: it is not sent). The service makes one per lesson and language
    when the room starts (the room's lessons do not change while it runs), so no board rebuilds them."""

    def __init__(self, room_lesson: RoomLesson, **shown) -> None:
        super().__init__(shown)
        self.room_lesson = room_lesson


def lesson_info(lesson, registry: str, lang: str, user_placeholder: str) -> LessonInfo:
    """What the board shows of one lesson of the room in `lang`: its title, a short title (the part before
    " — ", as the shipped lessons name themselves: "Docker Push"), its steps (every platform's) and their titles,
    and each platform's steps when it has `only:` steps."""
    title = lesson.text(lang).title
    room_lesson = RoomLesson.of(lesson)
    return LessonInfo(room_lesson, id=lesson.id, title=title, short=title.split(" — ")[0].strip() or title,
                      steps=list(lesson.step_ids), step_titles=step_titles(lesson, registry, lang, user_placeholder),
                      platform_steps={name: list(steps) for name, steps in room_lesson.by_platform.items()})


def board_data(learners: Iterable[str], summaries: Mapping[str, LearnerSummary], shown: list[LessonInfo],
               now: float, stuck_seconds: float = STUCK_SECONDS, last_say: tuple[int, str, float] | None = None,
               started_at: float | None = None, settled: dict[str, Settled] | None = None) -> dict:
    """The board as the service answers it (/api/board) and both views read it. `shown`: lesson_info() of each
    of the room's lessons, in order, in the language asked for; `settled`: as board() takes it."""
    lessons = tuple(info.room_lesson for info in shown)
    rows = board(learners, summaries, lessons, now=now, stuck_seconds=stuck_seconds, settled=settled)
    title = shown[0]["title"] if len(shown) == 1 else " → ".join(info["short"] for info in shown)
    return {"lesson": shown[0]["id"] if shown else "", "title": title, "lessons": shown,
            "learners": [row.as_dict() for row in rows],
            "funnel": [step.as_dict() for step in funnel(rows, lessons)],
            "common_errors": [e.as_dict() for e in common_errors(summaries)],
            "last_say": {"text": last_say[1], "at": last_say[2]} if last_say else None, "started_at": started_at}


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


@dataclass(frozen=True)
class BarPart:
    """One lesson's part of a learner's bar: a segment per step they get, the first `done` of them on."""

    done: int
    steps: int


def bar_parts(row: Mapping, lessons: list[Mapping]) -> list[BarPart]:
    """A learner's bar (a board row's), lesson by lesson in the room's order, as both views draw it. Its length
    is the steps they get (their platform's), or, from a board without it, every step of the lesson; the steps
    done are never more than that, and from a board without them per lesson, all count in the first."""
    totals = row.get("lesson_steps_total") or []
    done = row.get("lesson_steps_done") or [int(row["steps_done"])]
    parts = []
    for number, lesson in enumerate(lessons):
        steps = totals[number] if number < len(totals) else len(lesson["steps"])
        parts.append(BarPart(min(done[number] if number < len(done) else 0, steps), steps))
    return parts


def is_course(data: Mapping) -> bool:
    """A room of several lessons: the views name the lesson beside each step."""
    return len(data.get("lessons", ())) > 1


def lesson_of(data: Mapping, lesson_id: str | None) -> tuple[int, dict]:
    """(the lesson's place in the room, from 1; its lesson_info) or (0, {}) when the room has no such lesson."""
    for number, info in enumerate(data.get("lessons", ()), 1):
        if info["id"] == lesson_id:
            return number, info
    return 0, {}


def step_title(data: Mapping, lesson_id: str | None, step: str | None) -> str:
    return lesson_of(data, lesson_id)[1].get("step_titles", {}).get(step or "", step or "-")


def funnel_label(entry: Mapping, data: Mapping, lang: str) -> str:
    """A funnel entry's label: the step's title, or the state's word at either end ("Not started", "Finished")."""
    step = entry["step"]
    if entry.get("lesson") is None and step in ("waiting", "finished"):
        return t(f"classroom.board.state.{step}", lang).capitalize()
    return step_title(data, entry.get("lesson"), step)


def lesson_label(data: Mapping, lesson_id: str | None) -> str:
    """"2 · Tags and Digests": the lesson's place in the room and its short title (a funnel's heading)."""
    number, info = lesson_of(data, lesson_id)
    return f"{number} · {info['short']}" if info else str(lesson_id or "-")


def where_text(row: Mapping, data: Mapping) -> str:
    """Where a moving or stuck learner is: the step's title; in a course, after the lesson's place ("2/4 · ...")."""
    title = step_title(data, row.get("lesson"), row.get("step"))
    if not is_course(data):
        return title
    number, _ = lesson_of(data, row.get("lesson"))
    return f"{number}/{len(data['lessons'])} · {title}"


def mistake_text(error: Mapping, data: Mapping, lang: str) -> str:
    """"denied · Upload with docker push": the mistake (a hint's name) and the title of the step it was made at;
    in a course, with the lesson's short title ("denied · Docker Push: Upload with docker push")."""
    step = step_title(data, error.get("lesson"), error["step"])
    if not is_course(data):
        return t("classroom.board.mistake", lang, category=error["category"], step=step)
    info = lesson_of(data, error.get("lesson"))[1]
    return t("classroom.board.mistake_in_lesson", lang, category=error["category"],
             lesson=info.get("short", error.get("lesson") or "-"), step=step)


def funnel_rows(data: Mapping, lang: str) -> list[tuple[bool, str, int]]:
    """The funnel as both views show it: (a lesson's heading?, label, learners). One row per step of the
    lesson; in a course (some thirty steps: too many rows for a screen) a heading per lesson with how many are
    in it, and under it only the steps someone is on."""
    course = is_course(data)
    rows: list[tuple[bool, str, int]] = []
    lesson_now = None
    for entry in data.get("funnel", ()):
        lesson = entry.get("lesson")
        if course and lesson is not None and lesson != lesson_now:
            lesson_now = lesson
            inside = sum(e["learners"] for e in data["funnel"] if e.get("lesson") == lesson)
            rows.append((True, lesson_label(data, lesson), inside))
        if course and lesson is not None and not entry["learners"]:
            continue
        rows.append((False, funnel_label(entry, data, lang), entry["learners"]))
    return rows
