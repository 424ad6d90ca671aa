"""`tutor classroom up|board|say|export|down` on the instructor's machine, and `tutor join` on a learner's.
The room itself (its registry, service, handouts) is tutor.classroom's; these are the commands' entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tutor.app.password import read_password
from tutor.classroom import instructor
from tutor.classroom.instructor import Handout
from tutor.classroom.learner import JoinResult
from tutor.classroom.learner import join as join_room
from tutor.classroom.room import RoomConfig, shipped_lesson_ids
from tutor.environment import Environment
from tutor.errors import TutorError
from tutor.lesson.course import course_order
from tutor.lesson.summary import readable_summaries


def up(listen: str, port: int | None, roster: Path | None, count: int | None, stuck_minutes: float,
       lessons: str | None = None, course: bool = False) -> tuple[RoomConfig, Handout]:
    """`lessons`: "ID" or "ID,ID,..." (the room's lessons in order); `course`: every lesson of the course."""
    chosen = room_lessons(lessons, course)
    return instructor.up(listen, port, instructor.roster_names(roster, count), stuck_minutes, chosen)


def room_lessons(lessons: str | None, course: bool) -> tuple[str, ...] | None:
    """The lesson ids a room runs, in order, each one checked to be shipped; None: the room keeps its own."""
    if lessons is not None and course:
        raise TutorError("classroom.lesson_or_course")
    if course:
        summaries = readable_summaries()
        ids = tuple(summary.id for summary in course_order(summaries))
        if not ids:
            raise TutorError("classroom.no_course")
        return ids
    if lessons is None:
        return None
    names = [name.strip() for name in lessons.split(",") if name.strip()]
    if not names:
        raise TutorError("classroom.no_lesson_named")
    return shipped_lesson_ids(names)


def board(lang: str) -> Callable[[], dict]:
    """What the live board fetches, each time it refreshes: its titles in `lang`."""
    return lambda: instructor.board_data(lang)


def say(text: str) -> None:
    instructor.say(text)


def export() -> dict:
    return instructor.export()


def down(purge: bool) -> bool:
    """False when there was no room."""
    return instructor.down(purge)


def join(env: Environment, url: str, user: str, password_stdin: bool) -> JoinResult:
    """The learner's side: the password from stdin, or asked without echo."""
    password = read_password(env, None if password_stdin else "classroom.password_prompt")
    return join_room(url, user, password)
