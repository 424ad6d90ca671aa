"""`tutor reset LESSON [--cleanup]`: start over. Progress is forgotten (a damaged progress file set aside
first); with --cleanup, exactly what the lesson created is removed and nothing the learner had: the plan is
made first (so it can be listed and confirmed), then carried out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tutor import progress
from tutor.docker import cli as docker_cli
from tutor.docker.config import HelperLists, load_config, login_for
from tutor.docker.config_restore import ConfigRestore, restore_config
from tutor.docker.engine import DockerEnv
from tutor.lesson.loader import load_named
from tutor.lesson.model import Lesson
from tutor.practice.baseline import had_image, read_baseline, under
from tutor.practice.image import is_practice_image
from tutor.practice.lesson_baseline import (
    LessonBaseline,
    LessonChanges,
    forget_lesson_baseline,
    lesson_changes,
    read_lesson_baseline,
    undo_changes,
)
from tutor.practice.state import running_address, spellings


@dataclass(frozen=True)
class CleanupPlan:
    tags: tuple[str, ...]  # local tags to remove (untag; the image goes only with its last tag)
    logouts: tuple[str, ...]  # registries to `docker logout` (the practice registry, in each spelling used)
    progress: bool  # the lesson's progress record exists (plan_cleanup looks, once, after the rest of the plan)
    kept: tuple[str, ...]  # what was looked at and is the learner's own (shown, not touched)
    # Tags the lesson moved to another image (or removed), put back on the image they named: (tag, image ID).
    retag: tuple[tuple[str, str], ...] = ()
    tokens: tuple[str, ...] = ()  # the practice registry's access tokens the lesson made (ids): deleted
    # Docker's login is one of those tokens: the logout ends it, and the learner logs in again with the
    # practice password (which the tutor never had, so it cannot put the earlier login back itself).
    log_in_again: bool = False
    # Docker's config as the lesson found it: credsStore, and the logins a credential helper took from the file.
    config: ConfigRestore | None = None
    # The finished attempts in that progress record (its completions): forgotten with it, so the plan names them.
    finished: int = 0

    @property
    def empty(self) -> bool:
        return (not self.tags and not self.logouts and not self.progress and not self.retag and not self.tokens
                and self.config is None)


@dataclass(frozen=True)
class Reset:
    lesson_id: str
    set_aside: Path | None  # a damaged progress file, kept aside before starting over (never read as empty)
    forgotten: bool  # without --cleanup: the lesson's progress was forgotten (False: there was none, or it waits)
    plan: CleanupPlan | None  # with --cleanup: what would be removed, carried out once confirmed (carry_out)
    # Without --cleanup and without `confirmed`: how many finished attempts would be forgotten; nothing was
    # yet. The command line forgets them with forget_history once the learner says yes (`--yes` passes
    # confirmed=True, which forgets them at once). 0 when there was no history to ask about.
    history: int = 0


def reset(name: str, cleanup: bool, confirmed: bool = False) -> Reset:
    """`tutor reset`: without --cleanup the lesson's progress is forgotten and nothing else is touched, except
    that a history of finished attempts is forgotten only when `confirmed` (else it comes back to be asked
    about); with --cleanup nothing is done yet: the plan comes back to be shown and confirmed."""
    lesson = load_named(name)
    set_aside = progress.recover()
    if not cleanup:
        saved = progress.load(lesson.id)
        history = len(saved.completions) if saved else 0
        if history and not confirmed:
            return Reset(lesson.id, set_aside, False, None, history)
        return Reset(lesson.id, set_aside, progress.forget(lesson.id), None)
    return Reset(lesson.id, set_aside, False, cleanup_plan(lesson))


def forget_history(pending: Reset) -> Reset:
    """The learner said yes to `pending` (a reset that came back with a history to ask about): the lesson's
    progress, its finished attempts included, is forgotten now. The lesson is not loaded again, nor a damaged
    file looked for again: `pending` did both a moment ago."""
    return replace(pending, forgotten=progress.forget(pending.lesson_id), history=0)


def cleanup_plan(lesson: Lesson) -> CleanupPlan:
    """With --cleanup: what would be removed, and what is the learner's own and kept."""
    docker = DockerEnv()
    try:
        return plan_cleanup(lesson.id, docker, lesson.practice_image.name if lesson.practice_image else None)
    finally:
        docker.close()


def plan_cleanup(lesson_id: str, docker_env: DockerEnv, image: str | None) -> CleanupPlan:
    """`image`: the name of the lesson's practice image, if it declares one. What the lesson changed since its
    own baseline when it has one (taken when it was prepared); else since the practice registry's. And the
    lesson's progress, with the finished attempts it holds (the plan names them: they go with it)."""
    own = read_lesson_baseline(lesson_id)
    plan = _plan_since_lesson(docker_env, image, own) if own is not None else _plan_since_practice(docker_env, image)
    saved = progress.load(lesson_id)  # once: whether there is progress to forget, and how often it was finished
    return replace(plan, progress=saved is not None, finished=len(saved.completions) if saved else 0)


def _plan_since_practice(docker_env: DockerEnv, image: str | None) -> CleanupPlan:
    """Since the practice registry's baseline: the practice registry counts in each of its spellings, and what
    the baseline does not prove the lesson made is kept."""
    baseline = read_baseline() or {}
    address = running_address() or baseline.get("address")
    names = spellings(address) if address else ()
    # A baseline of an older tutor looked at the address alone: other spellings' tags and logins stay.
    known = set(baseline.get("spellings") or [baseline.get("address")]) if baseline else set()
    before = set(baseline.get("tags", []))
    every_before = set(baseline["every_tag"]) if isinstance(baseline.get("every_tag"), list) else None
    local = docker_env.image(f"{image}:latest") if image else None
    practice_id = local.id if is_practice_image(local) else None
    tags: list[str] = []
    kept: list[str] = []
    for tag, image_id in docker_env.tag_ids().items():
        if under(tag, names):
            # Without a baseline nothing proves a practice tag is the lesson's: keep it.
            lessons = under(tag, known) and tag not in before
        elif practice_id and image_id == practice_id and tag != f"{image}:latest":
            lessons = every_before is not None and tag not in every_before  # a new name for the practice image
        else:
            continue
        (tags if lessons else kept).append(tag)
    if is_practice_image(local) and baseline and had_image(baseline, image) is False:
        tags.append(f"{image}:latest")
    elif local is not None:
        kept.append(f"{image}:latest")
    logouts: list[str] = []
    had_login = baseline.get("logins") if isinstance(baseline.get("logins"), dict) else {}
    if names:  # config.json read once, each credential helper asked once, for every spelling
        config, lists = load_config(), HelperLists()
    for name in names:
        if login_for(name, config, lists=lists) is None:
            continue
        theirs = had_login.get(name, True) if name != baseline.get("address") else baseline.get("logged_in", True)
        if baseline and theirs is False:
            logouts.append(name)
        else:
            kept.append(f"login {name}")
    return CleanupPlan(tuple(sorted(tags)), tuple(logouts), False, tuple(sorted(kept)))


def _plan_since_lesson(docker_env: DockerEnv, image: str | None, baseline: LessonBaseline) -> CleanupPlan:
    changes = lesson_changes(docker_env, baseline)
    tags, kept = list(changes.made), []
    local = docker_env.image(f"{image}:latest") if image else None
    if is_practice_image(local) and not baseline.had_image:
        tags.append(f"{image}:latest")
    elif local is not None:
        kept.append(f"{image}:latest")
    logout = changes.logout or changes.on_a_token
    if not logout and baseline.logged_in:
        kept.append(f"login {baseline.address}")
    return CleanupPlan(tuple(sorted(tags)), (baseline.address,) if logout else (), False, tuple(sorted(kept)),
                       changes.moved, changes.tokens, changes.on_a_token, changes.config)


def carry_out(plan: CleanupPlan, lesson_id: str) -> tuple[str, ...]:
    """Answers the registries whose login could not be moved back from the credential helper (log in again)."""
    # The config first: its logins are read from the helper that credsStore still names.
    lost = restore_config(plan.config) if plan.config else ()
    docker = DockerEnv()
    try:
        # Moved tags go back first, so that removing a tag the lesson made never deletes an image they name.
        undo_changes(docker, LessonChanges(plan.tags, plan.retag, plan.tokens, False))
    finally:
        docker.close()
    forget_lesson_baseline(lesson_id)
    for registry in plan.logouts:
        docker_cli.logout(registry)
    if plan.progress:
        progress.forget(lesson_id)
    return lost
