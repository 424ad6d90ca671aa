"""What the learner had before the tutor touched anything, so cleanup removes only what the lesson made.

Recorded once, at the first `tutor practice up` or `tutor start` (and kept until `down --purge`): the local
tags under the practice registry's address in each of its spellings (`127.0.0.1:PORT`, `localhost:PORT`,
`[::1]:PORT`: one registry, which Docker keeps apart), whether the learner was logged in under each, every
local tag (so a new name the learner gave the practice image is known as the lesson's), and which of the
practice images the tutor is about to make existed already.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tutor.docker.config import HelperLists, load_config, login_for
from tutor.docker.engine import DockerEnv
from tutor.errors import DockerConfigError
from tutor.files import read_json, write_json
from tutor.paths import practice_dir
from tutor.practice.state import spellings


def baseline_file() -> Path:
    return practice_dir() / "baseline.json"


def read_baseline() -> dict | None:
    data = read_json(baseline_file())
    return data if isinstance(data, dict) else None


def under(tag: str, names: Iterable[str]) -> bool:
    """Whether `tag` (`repo:tag` as the engine lists it) is under one of the registry `names`."""
    return any(tag.startswith(f"{name}/") for name in names)


def had_image(baseline: dict, name: str) -> bool | None:
    """Whether the learner had an image called `name` before the tutor made anything; None when the baseline
    cannot say. (A baseline of an older tutor says it in `had_image`, made when there was one practice image.)"""
    images = baseline.get("images")
    if isinstance(images, dict) and isinstance(images.get(name), bool):
        return images[name]
    legacy = baseline.get("had_image")
    return legacy if isinstance(legacy, bool) else None


def record_baseline(docker_env: DockerEnv, address: str, images: Iterable[str]) -> None:
    """`images`: the names of the practice images the tutor may make."""
    if read_baseline() is not None:
        return
    names = spellings(address)
    every_tag = sorted(docker_env.tag_ids())
    try:
        config = load_config()
        lists = HelperLists()  # each credential helper asked once for every spelling
        logins = {name: login_for(name, config, lists=lists) is not None for name in names}
    except DockerConfigError:
        logins = dict.fromkeys(names, True)  # cannot tell: assume they were theirs, so cleanup never logs them out
    had = {name: docker_env.image(f"{name}:latest") is not None for name in images}
    write_json(baseline_file(), {"address": address, "tags": [tag for tag in every_tag if under(tag, names)],
                                 "logged_in": logins[address], "images": had, "spellings": list(names),
                                 "logins": logins, "every_tag": every_tag})
