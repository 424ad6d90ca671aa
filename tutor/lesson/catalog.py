"""Where lessons are: the ones bundled in the package (importlib.resources), or a directory path."""

from __future__ import annotations

import os
from pathlib import Path

import tutor
from tutor.errors import LessonNotFound

MANIFEST = "lesson.yaml"  # the language-neutral file that makes a directory a lesson


def bundled_root() -> Path:
    # The lessons ship as `tutor/lessons/` (a symlink to the top-level `lessons/` in a checkout; real files in
    # a wheel). The tutor is never run from a zip, so the package folder is a real path; importlib.resources
    # would say the same but costs ~3 ms of `tutor list`'s start-up to import.
    return Path(tutor.__file__).parent / "lessons"


def list_lessons() -> list[Path]:
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())


def bundled_ids() -> list[str]:
    """The shipped lessons' ids, in `tutor list`'s order: a shipped lesson's folder bears its id."""
    return [directory.name for directory in list_lessons()]


def bundled_lesson(lesson_id: str) -> Path | None:
    """The folder of the shipped lesson of this id (one that `tutor list` lists: a shipped lesson's folder bears
    its id), or None when no shipped lesson has it. Never a folder elsewhere: a name that is a path (`./x`,
    `a/b`, `..`) is no shipped lesson's id."""
    return next((directory for directory in list_lessons() if directory.name == lesson_id), None)


def find_lesson(name_or_path: str) -> Path:
    """A bundled lesson by id, or a directory given as a path (`./my-lesson`, `/abs/lesson`)."""
    candidate = Path(name_or_path).expanduser()
    # os.path.isdir, not Path.is_dir: in a folder the learner may not read (their cwd), Path.is_dir raises
    # PermissionError where "not a lesson folder here" is the answer.
    is_folder = os.path.isdir(candidate)
    looks_like_path = "/" in name_or_path or name_or_path.startswith(".") or is_folder
    if looks_like_path and is_folder:
        return candidate.resolve()
    bundled = None if looks_like_path else bundled_lesson(name_or_path)
    if bundled is not None:
        return bundled
    known = ", ".join(bundled_ids())
    raise LessonNotFound("lesson.not_found", name=name_or_path, known=known or "-")
