"""`tutor check` and `tutor why`: evaluate a lesson's checks against the current state for one learner. `why`
picks the step itself: the learner's own session says which step is current, and for which registry and
user; without one, the first step that does not pass."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass

from tutor import progress
from tutor.app.platform import for_learner
from tutor.checks.context import CheckContext
from tutor.checks.run import evaluate_lesson
from tutor.checks.verdict import Status, StepReport
from tutor.errors import TutorError
from tutor.lesson.loader import load_named
from tutor.lesson.model import Lesson
from tutor.lesson.values import PRACTICE, lesson_values, own_docker_config, profile_name
from tutor.practice.state import is_practice_registry, practice_names, running_address


@dataclass(frozen=True)
class CheckRun:
    lesson: Lesson
    registry: str  # as the learner's commands use it: `127.0.0.1:5000` or `docker.io`
    user: str
    values: dict[str, str]
    reports: tuple[StepReport, ...]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.reports if r.status is status)

    @property
    def ok(self) -> bool:
        return self.count(Status.FAIL) == 0

    def current(self) -> StepReport | None:
        """The first step that does not pass yet."""
        return next((r for r in self.reports if r.status is Status.FAIL), None)


def learner_values(lesson: Lesson, registry: str | None, user: str | None, ctx: CheckContext,
                   required: bool = False) -> dict[str, str]:
    """The lesson's variables for this learner. Without --user, the username Docker is logged in with for
    that registry is used, so `tutor check` grades the learner's own namespace. `required` (tutor start on
    a registry of the learner's): with neither, say so, rather than teach in a namespace not theirs."""
    practice_address = running_address() if (registry in (None, PRACTICE)) else None
    values = lesson_values(lesson, registry, user, practice_address, own_docker_config())
    if user:
        return values
    login = ctx.login_for(values["registry"]) if "registry" in values else None
    if login and login.username:
        return lesson_values(lesson, registry, login.username, practice_address, own_docker_config())
    if required:
        raise TutorError("session.need_user", registry=registry)
    return values


def run_checks(lesson: Lesson, registry: str | None = None, user: str | None = None,
               step: str | None = None, ctx: CheckContext | None = None, until_failure: bool = False) -> CheckRun:
    """`ctx`: the caller's, dated (`since`) as the caller found the saved attempt; without one, a context of
    its own dated from the saved attempt, closed afterwards."""
    if step is not None and step not in lesson.step_ids:
        raise TutorError("error.unknown_step", step=step, known=", ".join(lesson.step_ids))
    own_ctx = ctx is None
    if ctx is None:  # checks of the engine's event log look at the learner's attempt of this lesson
        ctx = CheckContext(since=_started(_saved(lesson.id)))
    try:
        values = learner_values(lesson, registry, user, ctx)
        reports = evaluate_lesson(lesson, values, ctx, [step] if step else None, until_failure)
    finally:
        if own_ctx:
            ctx.close()
    shown_registry = "docker.io" if profile_name(registry) else values.get("registry", registry or PRACTICE)
    return CheckRun(lesson, shown_registry, values.get("user", user or ""), values, tuple(reports))


@dataclass(frozen=True)
class Why:
    run: CheckRun
    report: StepReport | None  # the step in question; None when every step passes


def _saved(lesson_id: str) -> progress.LessonProgress | None:
    """The learner's saved attempt, if it can be read: `check` and `why` grade Docker's state; progress only
    dates it and names the learner, so a damaged file is graded without it, not refused."""
    try:
        return progress.load(lesson_id)
    except progress.DamagedProgress:
        return None


def _saved_learner(saved: progress.LessonProgress | None, registry: str | None,
                   user: str | None) -> tuple[str | None, str | None]:
    """The registry and user to grade: the options, else the learner's saved session (`tutor start --registry
    R --user U`), so `check` and `why` grade the same person at the same place. The saved user only goes with
    the saved registry: an option naming another registry starts from the login there."""
    if saved is None or not saved.registry:
        return registry, user
    if registry and not _same_registry(registry, saved.registry):
        return registry, user
    return registry or saved.registry, user or saved.user


def _same_registry(option: str, saved: str) -> bool:
    """Whether `--registry` names the saved registry: as saved, or both the practice registry (`practice`, or
    any of its spellings: a session saved at `localhost:PORT` is at the practice registry too)."""
    if option == saved:
        return True
    names = practice_names()  # the practice registry's state read once for both
    return is_practice_registry(saved, names) and (option == PRACTICE or is_practice_registry(option, names))


def _started(saved: progress.LessonProgress | None) -> float | None:
    return saved.started if saved else None


@dataclass(frozen=True)
class _Grading:
    """What `check` and `why` both grade with: the lesson for the learner's platform, their saved attempt (read
    once), the registry and user to grade, and one context dated from that attempt."""

    lesson: Lesson
    saved: progress.LessonProgress | None
    registry: str | None
    user: str | None
    ctx: CheckContext


@contextmanager
def _grading(name: str, registry: str | None, user: str | None) -> Iterator[_Grading]:
    lesson = load_named(name)
    saved = _saved(lesson.id)
    registry, user = _saved_learner(saved, registry, user)
    with closing(CheckContext(since=_started(saved))) as ctx:
        lesson = for_learner(lesson, ctx.docker, saved.platform if saved else None)
        yield _Grading(lesson, saved, registry, user, ctx)


def check(name: str, registry: str | None = None, user: str | None = None, step: str | None = None) -> CheckRun:
    """`tutor check`: the lesson named on the command line (an id or a folder), every step or one."""
    with _grading(name, registry, user) as graded:
        return run_checks(graded.lesson, graded.registry, graded.user, step, graded.ctx)


def why(name: str, registry: str | None = None, user: str | None = None) -> Why:
    """`tutor why`: the step the learner is on, and what its checks found."""
    with _grading(name, registry, user) as graded:
        saved = graded.saved
        if saved and saved.current in graded.lesson.step_ids and not saved.finished:
            # The learner's own session says which step is current.
            run = run_checks(graded.lesson, graded.registry, graded.user, step=saved.current, ctx=graded.ctx)
            return Why(run, run.reports[0] if run.reports else None)
        run = run_checks(graded.lesson, graded.registry, graded.user, ctx=graded.ctx, until_failure=True)
    return Why(run, run.current())
