"""`tutor show` and `tutor validate`: the lessons as data, nothing run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tutor.lesson.catalog import find_lesson, list_lessons
from tutor.lesson.course import course_problems
from tutor.lesson.loader import load_named, validate_lesson
from tutor.lesson.model import Lesson, Problem
from tutor.lesson.summary import lesson_summaries
from tutor.lesson.values import lesson_values


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
    """The named lessons (ids or folders), else every shipped one and the course they make together."""
    directories = [find_lesson(name) for name in names] if names else list_lessons()
    problems = [p for directory in directories for p in validate_lesson(directory)]
    if not names:
        problems += course_problems(lesson_summaries(directories))
    return Validated(len(directories), tuple(problems))
