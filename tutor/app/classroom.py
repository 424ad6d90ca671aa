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
from tutor.classroom.room import RoomConfig
from tutor.environment import Environment


def up(listen: str, port: int | None, roster: Path | None, count: int | None,
       stuck_minutes: float) -> tuple[RoomConfig, Handout]:
    return instructor.up(listen, port, instructor.roster_names(roster, count), stuck_minutes)


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
