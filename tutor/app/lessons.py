"""`tutor show` and `tutor validate`: the lessons as data, nothing run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.lesson.catalog import find_lesson, list_lessons
from tutor.lesson.course import course_problems
from tutor.lesson.loader import load_lesson, load_named, validate_lesson
from tutor.lesson.model import Lesson, Problem
from tutor.lesson.scaffold import new_lesson
from tutor.lesson.summary import lesson_summaries
from tutor.lesson.translations import translation_problems
from tutor.lesson.values import lesson_values
from tutor.lessontest.spec import read_tests, tests_path


@dataclass(frozen=True)
class Shown:
    lesson: Lesson
    values: Mapping[str, str]  # its variables for this registry and user


def show(name: str, registry: str | None, user: str | None) -> Shown:
    lesson = load_named(name)
    return Shown(lesson, lesson_values(lesson, registry, user))


@dataclass(frozen=True)
class Validated:
    lessons: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(names: Sequence[str]) -> Validated:
    """The named lessons (ids or folders), else every shipped one and the course they make together: each
    lesson, its translations' parity and staleness, and its tests (when it has a tests.yaml)."""
    directories = [find_lesson(name) for name in names] if names else list_lessons()
    problems = [p for directory in directories for p in _problems(directory)]
    if not names:
        problems += course_problems(lesson_summaries(directories))
    return Validated(len(directories), tuple(problems))


def _problems(directory: Path) -> list[Problem]:
    problems = validate_lesson(directory)
    if any(problem.fatal for problem in problems):
        return problems
    lesson = load_lesson(directory)
    more = translation_problems(lesson)
    if tests_path(lesson).is_file():
        more += read_tests(lesson)[1]
    return problems + sorted(more, key=lambda p: (p.path, p.line))


def new(folder: str) -> Path:
    """`tutor new LESSON`: a lesson folder that validates and whose tests pass as made (its name is the id)."""
    return new_lesson(Path(folder).expanduser().resolve())
