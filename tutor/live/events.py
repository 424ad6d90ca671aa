"""What happens in a live lesson, as data: the engine returns these, the UI renders them (tutor/ui/live.py),
the classroom reports some of them (tutor/classroom/reporting.py). Nothing here knows a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tutor.checks.differences import NotQuite
from tutor.checks.verdict import StepReport
from tutor.lesson.model import Lesson
from tutor.progress import Completion


@dataclass(frozen=True)
class ShowStep:
    step_id: str


@dataclass(frozen=True)
class StepPassed:
    step_id: str
    digest: str | None = None  # when the step's checks found the image in a registry: its digest


@dataclass(frozen=True)
class ShowHint:
    markdown: str
    number: int | None = None  # progressive hint number; None for a triggered hint
    total: int | None = None
    solution: bool = False
    category: str | None = None  # a triggered hint's name: the category of the learner's error
    answer: str | None = None  # in the solution: the right option of the step's question (typed or keyed)
    trigger: int | None = None  # a triggered hint: the lesson.yaml line of the trigger that chose it


@dataclass(frozen=True)
class ShowNotQuite:
    """The command made a name close to, but not, the one the step expects (tutor/checks/differences.py)."""

    finding: NotQuite


@dataclass(frozen=True)
class Nudge:
    pass


@dataclass(frozen=True)
class ShowVerdicts:
    report: StepReport | None


@dataclass(frozen=True)
class Standing:
    """Where the learner stands: what the list of steps, the journey picture and the card at the end show."""

    current: str | None
    done: tuple[str, ...]
    hints_used: int
    seconds: float  # time spent in sessions on this attempt
    digest: str | None = None  # the digest the lesson's in_registry check last found the image under


@dataclass(frozen=True)
class ShowSteps:
    standing: Standing


@dataclass(frozen=True)
class LanguageChanged:
    lang: str


@dataclass(frozen=True)
class Notice:
    key: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Finished:
    standing: Standing
    # A lesson of the course names where the learner goes on (None: the course is done); outside it, nothing.
    in_course: bool = False
    next_lesson: str | None = None


@dataclass(frozen=True)
class Failure:
    """Something failed while handling what happened (the engine went away, a full disk, a bug of ours): one
    sentence, and the lesson goes on."""

    key: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InstructorSaid:
    """A message of the classroom's instructor (`tutor classroom say`), exactly as typed."""

    text: str


@dataclass(frozen=True)
class WordsTaken:
    """The learner's shell keeps these in-shell spellings as its own commands: what the tutor tells them to
    type from now on names another spelling (or `tutor check LESSON`)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Opening:
    """What the live lesson opens with, before the first command."""

    lesson: Lesson
    values: Mapping[str, str]
    lang: str
    registry: str
    user: str
    password: str | None  # a new practice password, shown once
    set_aside: str | None  # where a damaged progress file was kept
    finished_before: Completion | None  # the last completion, when this is a new attempt after finishing
    resumed: bool
    current: str | None
    watch: bool  # --watch: keys instead of typed words
    no_shell: bool = False  # watch mode because this computer has no POSIX terminal for the embedded shell
    password_replaced: bool = False  # the new practice password replaced the account's old one
    demo: bool = False  # --demo: the tutor types; the texts say so instead of asking the person to type
    practice_only: tuple[str, ...] = ()  # steps with checks only the practice registry can judge, on another one
    # The registry is the classroom's (`tutor join`): its records are on the instructor's computer, so the
    # practice_only notice speaks of the room, not of --registry.
    in_room: bool = False


