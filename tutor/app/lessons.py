"""`tutor show` and `tutor validate`: the lessons as data, nothing run."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.app.platform import for_learner
from tutor.errors import TutorError
from tutor.lesson.catalog import find_lesson, list_lessons
from tutor.lesson.course import course_problems
from tutor.lesson.loader import load_lesson, load_named, validate_lesson
from tutor.lesson.model import Lesson, Problem
from tutor.lesson.scaffold import new_lesson
from tutor.lesson.summary import lesson_summaries
from tutor.lesson.translations import translation_problems
from tutor.lesson.values import lesson_values, own_docker_config
from tutor.lessontest.spec import read_tests, tests_path
from tutor.progress_view import read_saved


@dataclass(frozen=True)
class Shown:
    lesson: Lesson
    values: Mapping[str, str]  # its variables for this registry and user


def show(name: str, registry: str | None, user: str | None) -> Shown:
    """The lesson as the learner's platform has it (their saved attempt's, else this machine's: no engine is
    asked), with its variables for this registry and user."""
    lesson = load_named(name)
    saved = read_saved().get(lesson.id)
    lesson = for_learner(lesson, saved=saved.platform if saved else None)
    return Shown(lesson, lesson_values(lesson, registry, user, docker_config=own_docker_config()))


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


WORKSPACE = ".tutor-new-"  # the hidden folder a new lesson is written in, beside its place


def new(folder: str) -> Path:
    """`tutor new LESSON`: a lesson folder that validates and whose tests pass as made (its name is the id).
    Written in a hidden folder beside it and moved into place whole: when writing fails (a full disk, a file
    where a folder should be), nothing is left behind, neither a half-made lesson that the next `tutor new`
    would call existing nor the folders made on the way to it."""
    target = Path(folder).expanduser().resolve()
    if target.exists():
        raise TutorError("cli.new.exists", path=str(target))
    made_on_the_way = [parent for parent in target.parents if not parent.exists()]  # innermost first
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        workspace = Path(tempfile.mkdtemp(prefix=WORKSPACE, dir=target.parent))
        try:
            new_lesson(workspace / target.name).rename(target)
        finally:
            shutil.rmtree(workspace, ignore_errors=True)
    except BaseException as problem:
        for parent in made_on_the_way:
            with contextlib.suppress(OSError):
                parent.rmdir()
        if isinstance(problem, OSError) and problem.errno == errno.ENOSPC:  # said by the CLI, at the lesson
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from None
        if isinstance(problem, OSError):  # named where it happened, unless that is the hidden folder
            where = str(problem.filename or "")
            reason = problem.strerror or str(problem)
            raise TutorError("cli.new.cannot_make", path=str(target),
                             reason=f"{where}: {reason}" if where and WORKSPACE not in where else reason) from None
        raise
    return target
