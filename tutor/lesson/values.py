"""The values of a lesson's `{{ variables }}` for one learner: defaults, then the profile of the learner's
platform (when the lesson was selected for one: Lesson.for_platform), then the registry profile, then the
learner's own registry address and username."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.lesson.model import Lesson
from tutor.lesson.template import resolve

PRACTICE = "practice"
DOCKER_HUB = "docker.io"
# What learners type for Docker Hub; all mean the same registry.
DOCKER_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com", "dockerhub", "hub"}


def profile_name(registry: str | None) -> str | None:
    if registry and registry.lower() in DOCKER_HUB_ALIASES:
        return DOCKER_HUB
    return None


def own_docker_config() -> str | None:
    """This process's DOCKER_CONFIG: what the learner's own tutor passes to lesson_values() as `docker_config`.
    Only there: a classroom service computes values for learners on other computers, whose Docker is not the
    instructor's."""
    return os.environ.get("DOCKER_CONFIG") or None


def lesson_values(
    lesson: Lesson,
    registry: str | None = None,
    user: str | None = None,
    practice_address: str | None = None,
    docker_config: str | None = None,
) -> dict[str, str]:
    """`registry` is `practice` (or None), a Docker Hub alias, or HOST[:PORT]. For practice, the running
    practice registry's address (`practice_address`) replaces the lesson's default when given. `docker_config`:
    the learner's DOCKER_CONFIG (own_docker_config() in their own tutor), None for Docker's default."""
    overrides: dict[str, str] = {}
    if lesson.platform:  # the platform's profile first (`profiles: {macos: {helper: osxkeychain}}`)
        overrides.update(lesson.profiles.get(lesson.platform, {}))
    profile = profile_name(registry)
    if profile:
        overrides.update(lesson.profiles.get(profile, {}))
    elif registry and registry != PRACTICE:
        overrides["registry"] = registry
    elif practice_address:
        overrides["registry"] = practice_address
    if user:
        overrides["user"] = user
    if docker_config:
        # Where Docker keeps logins, for a lesson that names it: DOCKER_CONFIG moves it away from the lesson's
        # default (~/.docker/config.json), and the learner should be shown the file Docker writes.
        overrides["docker_config_file"] = str(Path(docker_config) / "config.json")
    return resolve(lesson.variables, {k: v for k, v in overrides.items() if k in lesson.variables})
