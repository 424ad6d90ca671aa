"""`tutor list`: every shipped lesson with its summary, cheaply. An unchanged lesson comes from the index
(tutor/lesson/summary.py) without the lesson reader, which is why this is a module of its own: `tutor list`
must start within 1.5x of `import typer` (benchmarks/bench_session.py)."""

from __future__ import annotations

from pathlib import Path

from tutor.lesson.catalog import list_lessons
from tutor.lesson.summary import Summary, lesson_summaries


def listing() -> list[tuple[Path, Summary | None]]:
    """Each lesson with its summary (None: it cannot be read; `tutor validate` says why)."""
    return lesson_summaries(list_lessons())
