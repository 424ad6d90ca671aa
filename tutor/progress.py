"""Per-user lesson progress in the tutor's data directory: one JSON file, written atomically under a file
lock, so two tutors at once cannot corrupt it and a crash mid-write loses nothing already saved.

A damaged file (cut short, not JSON, or a field of the wrong type) is never read as "no progress" and never
crashes: reading it raises DamagedProgress (one sentence, exit 10) and leaves it as it is. Only `recover`,
which `tutor start` and `tutor reset` call and whose caller tells the learner, sets it aside (kept byte for
byte) so that a fresh one can be written.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import StateError
from tutor.files import write_json
from tutor.progress_view import progress_file

if TYPE_CHECKING:
    from filelock import FileLock


@dataclass(frozen=True)
class Completion:
    """One time the learner reached the end of a lesson."""

    at: float  # when
    seconds: float  # time spent in sessions on that attempt
    hints: int
    steps: int  # steps done (skipped ones are not)
    registry: str | None = None


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
    completions: tuple[Completion, ...] = ()  # every finished attempt, kept across new attempts
    platform: str | None = None  # whose steps the attempt has (tutor/app/platform.py); None: from before platforms


class DamagedProgress(StateError):
    """The progress file cannot be read as progress; nothing was changed."""


LOCK_TIMEOUT = 10.0  # seconds another tutor may hold the file before we give up with one sentence


def _lock() -> FileLock:
    # Imported here: filelock costs ~45 ms to import, and `tutor list` reads progress (without a lock: writes
    # are atomic renames) to show where the learner is, within 1.5x of `import typer` (bench_session.py).
    from filelock import FileLock

    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


# --- reading, strictly: each field has one type -------------------------------------------------------------
def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_FIELDS: dict[str, Callable[[Any], bool]] = {
    "current": _text_or_none,
    "done": _words,  # a list: a lone string would otherwise be read as its characters
    "hints_used": _whole,
    "registry": _text_or_none,
    "user": _text_or_none,
    "started": _number,
    "finished": lambda value: value is None or _number(value),
    "seconds": _number,
    "completions": lambda value: isinstance(value, list),
    "platform": _text_or_none,
}
_COMPLETION_FIELDS: dict[str, Callable[[Any], bool]] = {
    "at": _number, "seconds": _number, "hints": _whole, "steps": _whole, "registry": _text_or_none,
}


def _wrong(lesson: str, name: str) -> DamagedProgress:
    return DamagedProgress("error.progress_wrong_type", path=str(progress_file()), lesson=lesson, field=name)


def _completion(lesson: str, raw: Any) -> Completion:
    complete = isinstance(raw, dict) and {"at", "seconds", "hints", "steps"} <= set(raw)
    if not complete or not all(test(raw[name]) for name, test in _COMPLETION_FIELDS.items() if name in raw):
        raise _wrong(lesson, "completions")
    return Completion(**{name: raw[name] for name in _COMPLETION_FIELDS if name in raw})


def _from_dict(lesson: str, raw: Any) -> LessonProgress:
    if not isinstance(raw, dict):
        raise _wrong(lesson, lesson)
    for name, test in _FIELDS.items():
        if name in raw and not test(raw[name]):
            raise _wrong(lesson, name)
    known = {name: raw[name] for name in _FIELDS if name in raw}
    known["done"] = tuple(known.get("done", ()))
    completions = tuple(_completion(lesson, item) for item in known.pop("completions", ()))
    if not completions and known.get("finished"):  # written before completions were kept: that one counts
        completions = (Completion(known["finished"], known.get("seconds", 0.0), known.get("hints_used", 0),
                                  len(known["done"]), known.get("registry")),)
    return LessonProgress(lesson, completions=completions, **known)


def _parse() -> dict[str, LessonProgress]:
    """Every lesson's progress; raises DamagedProgress for a file that is not (all) progress."""
    path = progress_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise DamagedProgress("error.progress_damaged", path=str(path), error=reason or type(error).__name__) \
            from None
    if not isinstance(data, dict):
        raise DamagedProgress("error.progress_damaged", path=str(path), error="not a JSON object")
    return {lesson: _from_dict(lesson, raw) for lesson, raw in data.items()}


def _write(records: dict[str, LessonProgress]) -> None:
    write_json(progress_file(), {lesson: _as_json(record) for lesson, record in records.items()})


def _as_json(record: LessonProgress) -> dict:
    data = asdict(record)
    data["done"] = list(record.done)
    data["completions"] = [asdict(completion) for completion in record.completions]
    return data


def _locked(action: Callable[[], Any]) -> Any:
    from filelock import Timeout  # see _lock

    try:
        with _lock():
            return action()
    except Timeout:
        raise StateError("error.progress_locked", path=str(progress_file())) from None


# --- the API --------------------------------------------------------------------------------------------------
def load(lesson: str) -> LessonProgress | None:
    return _parse().get(lesson)


def all_progress() -> list[LessonProgress]:
    return [record for _, record in sorted(_parse().items())]


def recover() -> Path | None:
    """Sets a damaged progress file aside (renamed, byte for byte) and returns where it went; None when the file
    is fine or missing. Under the lock, so a good file another tutor just wrote is never moved."""

    def action() -> Path | None:
        try:
            _parse()
            return None
        except DamagedProgress:
            aside = progress_file().with_suffix(f".broken-{time.time_ns()}.json")
            progress_file().rename(aside)
            return aside

    return _locked(action)


def update(lesson: str, change: Callable[[LessonProgress], LessonProgress]) -> LessonProgress:
    """Read-modify-write under the lock. A damaged file raises DamagedProgress and stays as it is."""

    def action() -> LessonProgress:
        records = _parse()
        new = change(records.get(lesson) or LessonProgress(lesson))
        records[lesson] = new
        _write(records)
        return new

    return _locked(action)


def save(progress: LessonProgress) -> LessonProgress:
    return update(progress.lesson, lambda _: progress)


def mark(lesson: str, **changes) -> LessonProgress:
    return update(lesson, lambda p: replace(p, **changes))


def forget(lesson: str) -> bool:
    def action() -> bool:
        records = _parse()
        existed = records.pop(lesson, None) is not None
        _write(records)
        return existed

    return _locked(action)


def finished_attempt(progress: LessonProgress, at: float, steps: int) -> LessonProgress:
    """The attempt reached the end: it is finished and counted among the completions."""
    done = Completion(at, progress.seconds, progress.hints_used, steps, progress.registry)
    return replace(progress, finished=at, completions=progress.completions + (done,))


def new_attempt(previous: LessonProgress | None, lesson: str | None = None, registry: str | None = None,
                user: str | None = None, platform: str | None = None) -> LessonProgress:
    """A fresh start of the lesson that keeps the completions of the earlier attempts."""
    name = previous.lesson if previous else lesson
    return LessonProgress(name, registry=registry, user=user, completions=previous.completions if previous else (),
                          platform=platform)
