"""What the learner had when they began a lesson, so `tutor reset LESSON --cleanup` puts back exactly that:
the local tags under the practice registry (in each of its spellings) with the image each named (a lesson may
move a tag such as `latest` to a new version), whether Docker was logged in there, the practice registry's access
tokens that existed, and the shape of Docker's config (its `credsStore`, which logins were in the file; never a secret).
Recorded when the lesson is prepared, if there is no record for it yet; forgotten by its cleanup.

The practice-wide baseline (baseline.py) says what the learner had before the tutor made anything at all; this
one is per lesson, so cleaning up a later lesson of the course leaves what an earlier one made."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.docker.config import load_config, login_for, secret_for
from tutor.docker.config_restore import ConfigRestore, config_restore, config_shape
from tutor.docker.engine import DockerEnv
from tutor.errors import DockerConfigError
from tutor.files import read_json, write_json
from tutor.paths import practice_dir
from tutor.practice.access_tokens import AccessTokens, looks_like_token
from tutor.practice.baseline import under
from tutor.practice.state import spellings


@dataclass(frozen=True)
class LessonBaseline:
    address: str
    tags: dict[str, str] = field(default_factory=dict)  # `address/...:tag` (any spelling) -> image ID
    logged_in: bool = True
    tokens: tuple[str, ...] = ()  # ids of the access tokens that existed
    had_image: bool = True  # the lesson's practice image existed (then cleanup keeps it)
    config: dict | None = None  # Docker's config.json's shape (config_restore.config_shape); None: unknown


def _path(lesson_id: str) -> Path:
    return practice_dir() / "lesson-baselines" / f"{lesson_id}.json"


def practice_tags(docker: DockerEnv, address: str) -> dict[str, str]:
    """Every local tag under the practice registry in any of its spellings (`localhost:PORT` is the same
    registry as `127.0.0.1:PORT`, as reset's cleanup counts it), with the image it names now: one listing."""
    names = spellings(address)
    return {tag: image_id for tag, image_id in docker.tag_ids().items() if under(tag, names)}


def record_lesson_baseline(docker: DockerEnv, lesson_id: str, address: str, image: str | None) -> None:
    """`image`: the lesson's practice image, about to be made if missing."""
    if read_lesson_baseline(lesson_id) is not None:
        return
    try:
        config = load_config()
        logged_in = login_for(address, config) is not None
        shape = config_shape(config)
    except DockerConfigError:
        logged_in = True  # cannot tell: assume it was theirs, so cleanup never logs them out
        shape = None  # nor puts a config back it could not read
    tokens = [token.id for token in AccessTokens.in_directory(practice_dir()).list()]
    had_image = image is None or docker.image(f"{image}:latest") is not None
    write_json(_path(lesson_id), {"address": address, "tags": practice_tags(docker, address),
                                  "logged_in": logged_in, "tokens": tokens, "had_image": had_image,
                                  "config": shape})


def read_lesson_baseline(lesson_id: str) -> LessonBaseline | None:
    data = read_json(_path(lesson_id))
    if not isinstance(data, dict) or not isinstance(data.get("address"), str):
        return None
    tags = data.get("tags") if isinstance(data.get("tags"), dict) else {}
    tokens = data.get("tokens") if isinstance(data.get("tokens"), list) else []
    return LessonBaseline(data["address"], {str(k): str(v) for k, v in tags.items()},
                          data.get("logged_in") is not False, tuple(str(t) for t in tokens),
                          data.get("had_image") is not False,
                          data.get("config") if isinstance(data.get("config"), dict) else None)


def forget_lesson_baseline(lesson_id: str) -> None:
    _path(lesson_id).unlink(missing_ok=True)


@dataclass(frozen=True)
class LessonChanges:
    """What a lesson changed since its baseline, to be undone by its cleanup."""

    made: tuple[str, ...]  # tags under the registry's address that were not there: removed
    moved: tuple[tuple[str, str], ...]  # (tag, its image ID then) for tags that now name another image, or none
    tokens: tuple[str, ...]  # ids of access tokens made since: deleted
    logout: bool  # Docker was not logged in to the registry before the lesson, and is now
    on_a_token: bool = False  # Docker's login there is one of those tokens: logged out, to log in again
    config: ConfigRestore | None = None  # credsStore and the logins a helper took from config.json: put back


def lesson_changes(docker: DockerEnv, baseline: LessonBaseline) -> LessonChanges:
    now = practice_tags(docker, baseline.address)
    made = tuple(sorted(tag for tag in now if tag not in baseline.tags))
    moved = tuple(sorted((tag, image_id) for tag, image_id in baseline.tags.items()
                         if now.get(tag) != image_id and docker.image(image_id) is not None))
    tokens = tuple(token.id for token in AccessTokens.in_directory(practice_dir()).list()
                   if token.id not in baseline.tokens)
    restore = None
    try:
        config = load_config()
        restore = config_restore(baseline.config, config) if baseline.config is not None else None
        logged_in = login_for(baseline.address, config) is not None
        on_a_token = bool(tokens) and _login_uses(baseline.address, config, set(tokens))
    except DockerConfigError:
        logged_in = on_a_token = False  # cannot tell: never log out what may be theirs
    return LessonChanges(made, moved, tokens, logged_in and not baseline.logged_in, on_a_token, restore)


def _login_uses(address: str, config: dict, token_ids: set[str]) -> bool:
    """Whether Docker's login to the practice registry is one of these tokens (compared by hash, in memory:
    the secret is neither shown nor kept). Once they are deleted that login is dead: logged out, and said."""
    secret = secret_for(address, config)
    if secret is None or not secret.username or not secret.password or not looks_like_token(secret.password):
        return False
    token = AccessTokens.in_directory(practice_dir()).find(secret.username, secret.password)
    return token is not None and token.id in token_ids


def undo_changes(docker: DockerEnv, changes: LessonChanges) -> None:
    """Puts moved tags back on their images first (so removing a made tag never deletes an image one of them
    still needs), then removes what was made, then forgets the tokens made."""
    for tag, image_id in changes.moved:
        docker.tag(image_id, tag)
    for tag in changes.made:
        docker.remove_tag(tag)
    if changes.tokens:
        AccessTokens.in_directory(practice_dir()).delete(set(changes.tokens))
