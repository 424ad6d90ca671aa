"""A light, read-only view of the learner's progress for `tutor list` and `tutor start` with no lesson: where
each lesson stands, from the same file tutor.progress writes (atomically, so it is read without its lock).
tutor.progress itself is the one writer and the strict reader; this one only looks, and without its imports
(dataclasses, filelock: ~60 ms together) so that `tutor list` stays within 1.5x of `import typer`
(benchmarks/bench_session.py). A damaged file shows as no progress here; `tutor start` and `tutor reset` say so."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NamedTuple

from tutor.paths import data_dir


def progress_file() -> Path:
    return data_dir() / "progress.json"


class SavedView(NamedTuple):
    lesson: str
    current: str | None
    done: tuple[str, ...]
    finished: float | None
    completions: tuple
    platform: str | None = None  # the platform whose steps the attempt has (tutor/app/platform.py)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def read_saved() -> dict[str, SavedView]:
    try:
        data = json.loads(progress_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    found = {}
    for lesson, raw in data.items():
        if not isinstance(raw, dict):
            continue
        current, done = raw.get("current"), raw.get("done", [])
        finished, completions = raw.get("finished"), raw.get("completions", [])
        if ((current is None or isinstance(current, str)) and isinstance(done, list)
                and all(isinstance(d, str) for d in done) and (finished is None or _number(finished))
                and isinstance(completions, list)):
            platform = raw.get("platform")
            found[lesson] = SavedView(lesson, current, tuple(done), finished, tuple(completions),
                                      platform if isinstance(platform, str) else None)
    return found
