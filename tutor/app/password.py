"""Reading a password, in one place: a line of standard input (`--password-stdin`), else asked at the
terminal without echo. Never printed, never stored, never logged."""

from __future__ import annotations

import getpass

from tutor.environment import Environment
from tutor.errors import ExitCode, TutorError
from tutor.i18n import t


class NoTerminalForPassword(TutorError):
    """Standard input is not a terminal and --password-stdin was not given: like `docker login`, say so rather
    than let getpass warn and read the password with echo (or from a pipe meant for something else)."""

    exit_code = ExitCode.USAGE

    def __init__(self) -> None:
        super().__init__("password.no_terminal")


def read_password(env: Environment, ask: str | None = None) -> str:
    """The password: asked without echo with the UI string `ask` when it is given, else the first line of
    standard input. An empty one is refused in one sentence."""
    if ask is not None:
        if not env.interactive:
            raise NoTerminalForPassword()
        password = getpass.getpass(t(ask, env.lang))
    else:
        password = env.stdin.readline().rstrip("\r\n")
    if not password:
        raise TutorError("practice.no_password")
    return password
