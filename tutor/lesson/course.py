"""The course: the lessons that declare a place in it (lesson.yaml `course: {order, requires}`), in order, and
where one learner stands in it. What `tutor list` shows, where `tutor start` with no lesson goes on, and which
lesson the card at the end of a lesson names next. Read from the lesson index (tutor/lesson/summary.py), so
listing the course costs no YAML parsing; the learner's progress comes from the progress file. No dataclass
here, and no import of the progress module: `tutor list` imports this, and `dataclasses` alone costs it ~20 ms
of its start-up target (1.5x `import typer`, benchmarks/bench_session.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tutor.lesson.platforms import chosen_or_saved, os_platform
from tutor.lesson.summary import Summary

if TYPE_CHECKING:  # types only: a Protocol class costs ~2 ms to make, at every `tutor list`
    from typing import Protocol

    from tutor.lesson.model import Problem

    class Saved(Protocol):
        """What the course reads of a lesson's saved progress: tutor.progress.LessonProgress, or the lighter
        tutor.progress_view.SavedView."""

        current: str | None
        done: tuple[str, ...]
        finished: float | None
        completions: tuple
        platform: str | None


class Standing(NamedTuple):
    """One lesson for one learner: `done` (a finished attempt), `started` (on step `step` of `steps`), or not."""

    lesson: str
    done: bool
    started: bool
    step: int = 0
    steps: int = 0
    missing: tuple[str, ...] = ()  # required lessons not done yet


def platform_of(saved: Saved | None) -> str:
    """The platform whose steps the learner has in a lesson: TUTOR_PLATFORM's, else their saved attempt's, else
    this machine's operating system (`tutor list` asks no engine: tutor/app/platform.py)."""
    return chosen_or_saved(getattr(saved, "platform", None)) or os_platform()


def course_order(summaries: Iterable[Summary]) -> list[Summary]:
    """The lessons of the course in order; the others are not in it."""
    return sorted((s for s in summaries if s.order is not None), key=lambda s: (s.order, s.id))


def is_done(progress: Saved | None) -> bool:
    """A finished attempt of the lesson (now, or any earlier one)."""
    return bool(progress and (progress.finished or progress.completions))


def standings(summaries: Sequence[Summary], progress: Mapping[str, Saved]) -> dict[str, Standing]:
    """Every listed lesson's standing for this learner (course or not)."""
    result = {}
    for summary in summaries:
        saved = progress.get(summary.id)
        in_progress = bool(saved and saved.current and not saved.finished)
        step = len(saved.done) + 1 if in_progress and saved else 0
        missing = tuple(r for r in summary.requires if not is_done(progress.get(r)))
        steps = summary.steps_for(platform_of(saved))
        result[summary.id] = Standing(summary.id, is_done(saved), in_progress, step, steps, missing)
    return result


def continue_with(summaries: Sequence[Summary], progress: Mapping[str, Saved],
                  finished: str | None = None) -> str | None:
    """Where the learner goes on: the first lesson of the course in progress, else the first not done whose
    required lessons are done; None when the course is done (or there is none). `finished`: a lesson just
    finished, counted done even before its progress says so (the card at its end)."""
    course = course_order(summaries)
    states = standings(course, progress)
    done = {lesson for lesson, state in states.items() if state.done} | ({finished} if finished else set())
    for summary in course:
        if summary.id != finished and states[summary.id].started:
            return summary.id
    for summary in course:
        if summary.id not in done and all(r in done for r in summary.requires):
            return summary.id
    return None


def course_problems(lessons: Sequence[tuple[Path, Summary | None]]) -> list[Problem]:
    """What is wrong with the course across lessons: a required lesson that does not exist or does not come
    first, two lessons at one place. Said at each lesson's lesson.yaml."""
    from tutor.lesson.model import Problem  # see the imports: only `tutor validate` gets here

    problems = []
    known = {summary.id: summary for _, summary in lessons if summary is not None}
    places: dict[int, str] = {}
    for directory, summary in lessons:
        if summary is None or summary.order is None:
            continue
        path = str(directory / "lesson.yaml")
        line = _course_line(directory / "lesson.yaml")
        if summary.order in places:
            problems.append(Problem(path, line, "problem.course_same_order",
                                    {"id": summary.id, "other": places[summary.order], "order": summary.order}))
        places.setdefault(summary.order, summary.id)
        for other in summary.requires:
            required, names = known.get(other), {"id": summary.id, "other": other}
            if required is None:
                problems.append(Problem(path, line, "problem.course_unknown_lesson", names))
            elif required.order is None or required.order >= summary.order:
                problems.append(Problem(path, line, "problem.course_requires_later", names))
    return problems


def _course_line(manifest: Path) -> int:
    """The line of `course:` in lesson.yaml (1 when it cannot be read)."""
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((number for number, text in enumerate(lines, start=1) if text.startswith("course:")), 1)
