"""`tutor practice up|status|add-user|down`, and the launch sequence `tutor start` shares with `practice up`:
the registry and its token service up, the engine proven to reach them, the learner's baseline recorded
before the tutor makes anything, then the practice images."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tutor.app.password import read_password
from tutor.docker.engine import DockerEnv
from tutor.environment import Environment
from tutor.lesson.loader import bundled_lessons
from tutor.lesson.model import Lesson
from tutor.practice import launcher
from tutor.practice.accounts import InvalidUsername, generate_password, valid_username
from tutor.practice.baseline import record_baseline
from tutor.practice.image import build_real_app, ensure_practice_image
from tutor.practice.topology import require_engine_reaches


def launch(docker: DockerEnv, port: int | None, lessons: Sequence[Lesson]) -> Iterator[launcher.UpResult]:
    """The practice registry up (yielded at once, so it can be shown), then what the lessons need before their
    first step: the engine reaches the registry (and, through its challenge, the token service), the baseline
    is recorded (cleanup's reference), and each lesson's practice image exists."""
    result = launcher.up(launcher.practice_port(port), docker=docker)
    yield result
    require_engine_reaches(docker, result.address)  # what `docker login` and `docker push` will need
    record_baseline(docker, result.address, [lesson.practice_image.name for lesson in lessons
                                             if lesson.practice_image])


# --- practice up ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Started:
    result: launcher.UpResult


@dataclass(frozen=True)
class MakingImage:
    name: str  # `name:latest`


@dataclass(frozen=True)
class ImageMade:
    name: str


def up(port: int | None, real_app: bool) -> Iterator[Started | MakingImage | ImageMade]:
    """`tutor practice up`: each thing as it happens. The practice images are those of the shipped lessons;
    with `real_app`, each lesson's real app is built instead (it needs the internet)."""
    docker = DockerEnv()
    docker.ping()  # no engine: one sentence before anything starts
    lessons = [lesson for lesson in bundled_lessons() if lesson.practice_image]
    result = None
    for result in launch(docker, port, lessons):
        yield Started(result)
    for lesson in lessons:
        name = f"{lesson.practice_image.name}:latest"
        yield MakingImage(name)
        if build_real_app(docker, lesson) if real_app else ensure_practice_image(docker, lesson):
            yield ImageMade(name)
    if result.damage:
        raise result.damage.error()


# --- practice status, add-user, down ----------------------------------------------------------------------------
def status() -> launcher.Status:
    """What runs; the command line says it, then exits 10 for a damaged record or 8 for a crash."""
    return launcher.status()


@dataclass(frozen=True)
class UserAdded:
    name: str
    reset: bool  # the account existed: its password was replaced
    password: str | None  # a password the tutor made, to show once; None when the learner gave one


def add_user(env: Environment, name: str, password_stdin: bool) -> UserAdded:
    if not valid_username(name):
        raise InvalidUsername(name)
    given = read_password(env) if password_stdin else None
    password = given or generate_password()
    reset = launcher.add_user(name, password)
    return UserAdded(name, reset, None if given else password)


def down(purge: bool) -> launcher.DownResult:
    return launcher.down(purge)
