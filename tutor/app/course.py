"""The course for this learner: every lesson with its standing (what `tutor list` shows beside each lesson),
and the lesson `tutor start` goes on with when none is named. From the lesson index and the progress file:
no lesson is read, so listing stays as cheap as it was."""

from __future__ import annotations

from pathlib import Path

from tutor import progress as progress_store
from tutor.lesson.catalog import list_lessons
from tutor.lesson.course import Standing, continue_with, course_order, standings
from tutor.lesson.summary import Summary, default_lesson_id, lesson_summaries


def _saved() -> dict[str, progress_store.LessonProgress]:
    """The learner's progress; a damaged file counts as none here (`tutor start` sets it aside and says so)."""
    try:
        return {record.lesson: record for record in progress_store.all_progress()}
    except progress_store.DamagedProgress:
        return {}


def course_listing() -> tuple[list[tuple[Path, Summary | None]], dict[str, Standing]]:
    """Every shipped lesson, the course's first in its order, then the others; and each one's standing."""
    listed = lesson_summaries(list_lessons())
    readable = [summary for _, summary in listed if summary is not None]
    order = {summary.id: position for position, summary in enumerate(course_order(readable))}
    listed.sort(key=lambda item: (item[1] is None, order.get(item[1].id, len(order)) if item[1] else 0))
    return listed, standings(readable, _saved())


def lesson_to_go_on_with() -> str | None:
    """Where the learner goes on: the course's lesson in progress, else its next one whose required lessons
    are done; with no course at all, the default lesson. None: every lesson of the course is done."""
    readable = [summary for _, summary in lesson_summaries(list_lessons()) if summary is not None]
    if not course_order(readable):
        return default_lesson_id() or None
    return continue_with(readable, _saved())
