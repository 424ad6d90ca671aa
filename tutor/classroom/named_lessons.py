"""The room's lessons as a room names them: in the instructor's room.json, in a learner's joined.json and in the
service's /api/room answer. One reading for all three, so that the same words mean the same room everywhere.
Kept apart and light: `tutor list` and `tutor start` read joined.json (tutor/classroom/joined.py)."""

from __future__ import annotations

from collections.abc import Mapping

from tutor.lesson.summary import default_lesson_id


def named_lessons(data: Mapping) -> tuple[str, ...]:
    """`lessons` (in order), or the one `lesson` an older tutor wrote (`lessons` wins when both are there). An
    empty name ("") names no lesson, as null or a missing key does; a room that names none runs the default
    lesson. ValueError when the names are not strings in a list: not a room this tutor wrote."""
    lessons = data.get("lessons")
    if lessons is None:
        lesson = data.get("lesson")
        lessons = [] if lesson is None else [lesson]
    if not isinstance(lessons, list) or not all(isinstance(name, str) for name in lessons):
        raise ValueError("lessons: not a list of lesson ids")
    return tuple(name for name in lessons if name) or (default_lesson_id(),)
