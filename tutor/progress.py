"""Per-user lesson progress in the tutor's data directory: one JSON file, written atomically under a file
lock, so two tutors at once cannot corrupt it and a crash mid-write loses nothing already saved."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout

from tutor.errors import StateError
from tutor.files import write_json
from tutor.paths import data_dir


@dataclass(frozen=True)
class LessonProgress:
    lesson: str
    current: str | None = None  # the step the learner is on
    done: tuple[str, ...] = ()
    hints_used: int = 0
    registry: str | None = None
    user: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None
    seconds: float = 0.0  # time spent in sessions, summed (not wall time across days)


def progress_file() -> Path:
    return data_dir() / "progress.json"


LOCK_TIMEOUT = 10.0  # seconds another tutor may hold the file before we give up with one sentence


def _lock() -> FileLock:
    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


def _read(set_aside_damaged: bool = False) -> dict:
    """The whole file; a damaged one reads as empty. Only a writer, holding the lock, sets a damaged file
    aside (kept for the learner, never overwritten): a reader doing so could move a good file that another
    tutor wrote meanwhile."""
    try:
        data = json.loads(progress_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        if set_aside_damaged:
            broken = progress_file().with_suffix(f".broken-{time.time_ns()}.json")
            try:
                progress_file().rename(broken)
            except OSError:
                pass
        return {}
    return data if isinstance(data, dict) else {}


def _write(data: dict) -> None:
    write_json(progress_file(), data)


def _from_dict(lesson: str, raw: dict) -> LessonProgress:
    known = {f: raw[f] for f in LessonProgress.__dataclass_fields__ if f in raw}
    known["lesson"] = lesson
    known["done"] = tuple(x for x in known.get("done", ()) if isinstance(x, str))
    try:
        return LessonProgress(**known)
    except TypeError:
        return LessonProgress(lesson)


def load(lesson: str) -> LessonProgress | None:
    raw = _read().get(lesson)
    return _from_dict(lesson, raw) if isinstance(raw, dict) else None


def all_progress() -> list[LessonProgress]:
    return [_from_dict(k, v) for k, v in sorted(_read().items()) if isinstance(v, dict)]


def update(lesson: str, change: Callable[[LessonProgress], LessonProgress]) -> LessonProgress:
    """Read-modify-write under the lock."""
    try:
        with _lock():
            data = _read(set_aside_damaged=True)
            raw = data.get(lesson)
            current = _from_dict(lesson, raw) if isinstance(raw, dict) else LessonProgress(lesson)
            new = change(current)
            data[lesson] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(new).items()}
            _write(data)
            return new
    except Timeout:
        raise StateError("error.progress_locked", path=str(progress_file())) from None


def save(progress: LessonProgress) -> LessonProgress:
    return update(progress.lesson, lambda _: progress)


def mark(lesson: str, **changes) -> LessonProgress:
    return update(lesson, lambda p: replace(p, **changes))


def forget(lesson: str) -> bool:
    try:
        with _lock():
            data = _read(set_aside_damaged=True)
            existed = data.pop(lesson, None) is not None
            _write(data)
            return existed
    except Timeout:
        raise StateError("error.progress_locked", path=str(progress_file())) from None
