"""`tutor start`: preflight (engine, practice registry or the learner's registry, account, image), then the
live lesson, driven by the learner's own shell, by Docker's events and keys (--watch, and wherever there is no
POSIX terminal), or by the tutor typing (--demo)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec

from tutor.app.check import learner_values
from tutor.app.course import room_next_lesson
from tutor.app.platform import for_learner
from tutor.app.practice import launch
from tutor.checks.context import CheckContext
from tutor.classroom.learner import EventOutbox, JoinedRoom
from tutor.classroom.reporting import RoomReporter
from tutor.docker.config import basic_auth_for, login_for
from tutor.docker.engine import DockerEnv
from tutor.environment import Environment
from tutor.errors import TutorError
from tutor.lesson.loader import load_named
from tutor.lesson.model import Lesson
from tutor.lesson.values import PRACTICE, lesson_values, own_docker_config, profile_name
from tutor.live.engine import LiveEngine
from tutor.live.screen import Screen
from tutor.live.watch import run_watch
from tutor.practice import launcher
from tutor.practice.accounts import account_name, generate_password, own_accounts
from tutor.practice.image import ensure_practice_image
from tutor.practice.lesson_baseline import record_lesson_baseline


@dataclass(frozen=True)
class Prepared:
    values: dict[str, str]
    registry: str
    user: str
    password: str | None  # a new practice password, to show once (and for --demo to type)
    room: JoinedRoom | None = None  # the classroom this lesson runs in, when `tutor join` made it the default
    password_replaced: bool = False  # the account had a password before, which no longer works


def prepare(docker: DockerEnv, lesson: Lesson, registry: str | None, user: str | None, demo: bool) -> Prepared:
    """Everything the lesson needs before it starts; `docker` already answered."""
    room = JoinedRoom.load() if registry is None else None
    if room is not None:
        registry, user = room.registry, user or room.user
    registry = registry or PRACTICE
    if registry != PRACTICE:
        values = learner_values(lesson, registry, user, CheckContext(docker), required=True)
        return Prepared(values, "docker.io" if profile_name(registry) else registry, values["user"], None, room)

    name = account_name(user)
    # Up, and before the first step the engine reaches it (unpacking runs the launch to its end).
    [up] = launch(docker, None, [lesson])
    # What this lesson's cleanup puts back, before the tutor makes anything for it.
    record_lesson_baseline(docker, lesson.id, up.address,
                           lesson.practice_image.name if lesson.practice_image else None)
    ensure_practice_image(docker, lesson)
    login = login_for(up.address, podman=docker.is_podman())
    password, replaced = None, False
    # A new password unless Docker is logged in as this account already (the accounts are read only then);
    # add_user says whether the account had one before, which no longer works.
    if demo or not login or login.username != name or name not in own_accounts().load():
        password = generate_password()
        replaced = launcher.add_user(name, password)
    values = lesson_values(lesson, PRACTICE, name, practice_address=up.address, docker_config=own_docker_config())
    return Prepared(values, up.address, name, password, password_replaced=replaced)


def posix_terminal() -> bool:
    """Whether the embedded shell can run: it needs a POSIX pseudo-terminal (pty, termios, fcntl, and pexpect's
    spawn over them), which Windows has not (outside WSL)."""
    return all(find_spec(name) is not None for name in ("pty", "termios", "fcntl"))


def _reporters(room: JoinedRoom | None, lesson: Lesson) -> list[RoomReporter]:
    """In a classroom, the progress of the room's lessons goes to the room's service (through the outbox), with
    the learner's platform (`lesson` is their platform's); a lesson the room does not run is the learner's own
    (the service would refuse its events)."""
    if room is None or lesson.id not in room.lessons:
        return []
    return [RoomReporter(EventOutbox(room, lambda: basic_auth_for(room.registry)).start(), lesson.id,
                         lesson.platform)]


def run(name: str, env: Environment, screen: Screen, registry: str | None, user: str | None, demo: bool,
        watch: bool = False, pace: float | None = None) -> bool:
    """Runs the lesson named on the command line (an id or a folder), written through `screen`; True when it
    was finished. `pace`: with `demo`, seconds between steps (None: the default)."""
    lesson = load_named(name)
    docker = DockerEnv()
    docker.ping()  # before anything else: no engine is one sentence and exit 4
    lesson = for_learner(lesson, docker)  # the steps of this machine's platform (saved with the attempt)
    if not demo and not watch and not env.interactive:
        raise TutorError("session.needs_terminal")  # the embedded shell relays a real terminal
    no_shell = not watch and not posix_terminal()
    if no_shell and demo:
        raise TutorError("session.no_shell", shell="pty")
    watch = watch or no_shell  # no embedded shell here (Windows): the tutor follows Docker instead, and says so
    prepared = prepare(docker, lesson, registry, user, demo)
    room = prepared.room
    engine = LiveEngine(lesson, env.lang, prepared.values, prepared.registry, prepared.user,
                        password=prepared.password, password_replaced=prepared.password_replaced, watch=watch,
                        no_shell=no_shell, demo=demo, in_room=room is not None,
                        tls={room.registry: room.ca} if room else None, subscribers=_reporters(room, lesson),
                        next_lesson=room_next_lesson(room.lessons) if room and lesson.id in room.lessons else None)
    try:
        env.write(screen.opening(engine.opening()).encode())
        if engine.finished:
            return True
        if watch:
            try:
                run_watch(engine, screen, env)
            finally:
                engine.save()
            return engine.finished
        _run_in_shell(engine, screen, env, demo, pace)
        return engine.finished
    finally:
        engine.close()


def _run_in_shell(engine: LiveEngine, screen: Screen, env: Environment, demo: bool, pace: float | None) -> None:
    # Imported here, not at the top: the embedded shell and --demo need the POSIX terminal modules (pty,
    # termios, fcntl, pexpect's spawn), which Windows lacks; everything else runs without them.
    from tutor.live.demo import run_demo
    from tutor.live.embedded import run_embedded
    from tutor.live.shell import LearnerShell

    shell = LearnerShell({"TUTOR_LESSON": engine.lesson.id})
    try:
        if demo:
            run_demo(engine, screen, env, shell, pace)
        else:
            run_embedded(engine, screen, shell)
    finally:
        engine.save()
        shell.close()
