"""The course for this learner: the lesson `tutor start` goes on with when none is named, from the lesson
index and the progress file (no lesson is read). In a classroom (`tutor join`), the room's lessons are the
course, in the room's order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tutor.classroom.joined import JoinedRoom
from tutor.lesson.course import continue_with, course_order, is_done
from tutor.lesson.summary import default_lesson_id, readable_summaries
from tutor.progress_view import SavedView, read_saved


def saved_progress() -> dict[str, SavedView]:
    """The learner's progress, as the course reads it; a damaged file counts as none here (`tutor start` sets
    it aside and says so)."""
    return read_saved()


def lesson_to_go_on_with() -> str | None:
    """Where the learner goes on: in a room, its next lesson (room_lesson_to_go_on_with); else the course's
    lesson in progress, else its next one whose required lessons are done; with no course at all, the default
    lesson. None: every lesson of the course (or of the room) is done."""
    room = JoinedRoom.load()
    if room is not None:
        return room_lesson_to_go_on_with(room.lessons, saved_progress())
    readable = readable_summaries()
    if not course_order(readable):
        return default_lesson_id() or None
    return continue_with(readable, saved_progress())


def missing_lessons(name: str) -> tuple[str, ...]:
    """The lessons the named one starts from (its course `requires`) that the learner has not done: said,
    never enforced (a learner may well have their end state from elsewhere). A lesson named by its folder,
    outside the shipped ones, has none."""
    readable = readable_summaries()
    wanted = next((summary for summary in readable if summary.id == name), None)
    if wanted is None:
        return ()
    saved = saved_progress()
    return tuple(other for other in wanted.requires if not is_done(saved.get(other)))


def room_lesson_to_go_on_with(lessons: Sequence[str], saved: Mapping[str, SavedView],
                              finished: str | None = None) -> str | None:
    """The room's lesson the learner goes on with: one in progress, else the first not done, in the room's order
    (a room's order is the instructor's: no `requires` is asked). `finished`: a lesson just finished, counted
    done before its progress says so (the card at its end). None: every lesson of the room is done."""
    for lesson in lessons:
        mine = saved.get(lesson)
        if lesson != finished and mine and mine.current and not mine.finished:
            return lesson
    return next((lesson for lesson in lessons if lesson != finished and not is_done(saved.get(lesson))), None)


def room_next_lesson(lessons: Sequence[str]):
    """For the live engine in a room: (the lesson just finished) -> the room's lesson to name next."""
    return lambda finished: room_lesson_to_go_on_with(lessons, saved_progress(), finished)
