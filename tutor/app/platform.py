"""The learner's platform, which picks the steps of a lesson they get (`only:`, tutor/lesson/platforms.py), in
this order: TUTOR_PLATFORM (authors, tests); the platform the learner's saved attempt was played on (`check`,
`why`, `show` and `list` then show what the session showed); where the engine is asked anyway (`start`,
`check`, `why`), `desktop` when it is Docker Desktop's; else the operating system. `tutor start` asks the engine
afresh and saves what it found with the attempt; `show` and `list` never ask it: they must stay quick."""

from __future__ import annotations

from tutor.docker.engine import DockerEnv
from tutor.lesson.model import Lesson
from tutor.lesson.platforms import chosen_or_saved, os_platform


def learner_platform(docker: DockerEnv | None = None, saved: str | None = None) -> str:
    found = chosen_or_saved(saved)
    if found:
        return found
    if docker is not None:
        return "desktop" if docker.is_docker_desktop() else os_platform()
    return os_platform()


def for_learner(lesson: Lesson, docker: DockerEnv | None = None, saved: str | None = None) -> Lesson:
    """The lesson with the steps of the learner's platform only."""
    return lesson.for_platform(learner_platform(docker, saved))
