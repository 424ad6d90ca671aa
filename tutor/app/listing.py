"""`tutor list`: every shipped lesson with its summary, the course's lessons first in their order, and where
this learner stands in each, cheaply. An unchanged lesson comes from the index (tutor/lesson/summary.py)
without the lesson reader, and the learner's standing from the progress file, which is why this is a module
of its own: `tutor list` must start within 1.5x of `import typer` (benchmarks/bench_session.py)."""

from __future__ import annotations

from pathlib import Path

from tutor.app.course import saved_progress
from tutor.lesson.catalog import list_lessons
from tutor.lesson.course import Standing, course_order, standings
from tutor.lesson.summary import Summary, lesson_summaries


def listing() -> tuple[list[tuple[Path, Summary | None]], dict[str, Standing]]:
    """Each lesson with its summary (None: it cannot be read; `tutor validate` says why), and each readable
    one's standing for this learner."""
    listed = lesson_summaries(list_lessons())
    readable = [summary for _, summary in listed if summary is not None]
    order = {summary.id: position for position, summary in enumerate(course_order(readable))}
    listed.sort(key=lambda item: order.get(item[1].id, len(order)) if item[1] else len(order) + 1)
    return listed, standings(readable, saved_progress())
