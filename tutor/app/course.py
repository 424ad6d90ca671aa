"""The course for this learner: the lesson `tutor start` goes on with when none is named, from the lesson
index and the progress file (no lesson is read)."""

from __future__ import annotations

from tutor.lesson.catalog import list_lessons
from tutor.lesson.course import continue_with, course_order, is_done
from tutor.lesson.summary import default_lesson_id, lesson_summaries
from tutor.progress_view import SavedView, read_saved


def saved_progress() -> dict[str, SavedView]:
    """The learner's progress, as the course reads it; a damaged file counts as none here (`tutor start` sets
    it aside and says so)."""
    return read_saved()


def lesson_to_go_on_with() -> str | None:
    """Where the learner goes on: the course's lesson in progress, else its next one whose required lessons
    are done; with no course at all, the default lesson. None: every lesson of the course is done."""
    readable = [summary for _, summary in lesson_summaries(list_lessons()) if summary is not None]
    if not course_order(readable):
        return default_lesson_id() or None
    return continue_with(readable, saved_progress())


def missing_lessons(name: str) -> tuple[str, ...]:
    """The lessons the named one starts from (its course `requires`) that the learner has not done: said,
    never enforced (a learner may well have their end state from elsewhere). A lesson named by its folder,
    outside the shipped ones, has none."""
    readable = [summary for _, summary in lesson_summaries(list_lessons()) if summary is not None]
    wanted = next((summary for summary in readable if summary.id == name), None)
    if wanted is None:
        return ()
    saved = saved_progress()
    return tuple(other for other in wanted.requires if not is_done(saved.get(other)))
