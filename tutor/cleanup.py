"""`tutor reset LESSON --cleanup`: remove exactly what the lesson created, nothing the learner had.

The plan is computed first (so it can be listed and confirmed), then carried out."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.docker import cli as docker_cli
from tutor.docker.engine import DockerEnv
from tutor.practice.baseline import had_image, read_baseline
from tutor.practice.image import is_practice_image
from tutor.practice.state import running_address


@dataclass(frozen=True)
class CleanupPlan:
    tags: tuple[str, ...]  # local tags to remove (untag; the image goes only with its last tag)
    logout: str | None  # registry to `docker logout`
    progress: bool  # the lesson's progress record exists
    kept: tuple[str, ...]  # what was looked at and is the learner's own (shown, not touched)

    @property
    def empty(self) -> bool:
        return not self.tags and not self.logout and not self.progress


def plan_cleanup(lesson_id: str, docker_env: DockerEnv, image: str | None) -> CleanupPlan:
    """`image`: the name of the lesson's practice image, if it declares one."""
    from tutor import progress
    from tutor.docker.config import login_for

    baseline = read_baseline() or {}
    address = running_address() or baseline.get("address")
    tags: list[str] = []
    kept: list[str] = []
    if address:
        before = set(baseline.get("tags", [])) if baseline else None
        for tag in docker_env.tags():
            if not tag.startswith(f"{address}/"):
                continue
            # Without a baseline nothing proves a practice tag is the lesson's: keep it.
            (tags if before is not None and tag not in before else kept).append(tag)
    local = docker_env.image(f"{image}:latest") if image else None
    if is_practice_image(local) and baseline and had_image(baseline, image) is False:
        tags.append(f"{image}:latest")
    elif local is not None:
        kept.append(f"{image}:latest")
    logout = None
    if address and login_for(address) is not None:
        if baseline and not baseline.get("logged_in"):
            logout = address
        else:
            kept.append(f"login {address}")
    return CleanupPlan(tuple(sorted(tags)), logout, progress.load(lesson_id) is not None, tuple(sorted(kept)))


def carry_out(plan: CleanupPlan, lesson_id: str, docker_env: DockerEnv) -> None:
    from tutor import progress

    for tag in plan.tags:
        docker_env.remove_tag(tag)  # untags; deletes only an image left untagged, never one a container uses
    if plan.logout:
        docker_cli.logout(plan.logout)
    if plan.progress:
        progress.forget(lesson_id)
