"""What the learner had before the tutor touched anything, so cleanup removes only what the lesson made.

Recorded once, at the first `tutor practice up` or `tutor start` (and kept until `down --purge`): the local
tags under the practice registry's address, whether the learner was logged in there, and which of the
practice images the tutor is about to make existed already.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tutor.docker.config import load_config, login_for
from tutor.docker.engine import DockerEnv
from tutor.errors import DockerConfigError
from tutor.files import read_json, write_json
from tutor.paths import practice_dir


def baseline_file() -> Path:
    return practice_dir() / "baseline.json"


def read_baseline() -> dict | None:
    data = read_json(baseline_file())
    return data if isinstance(data, dict) else None


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
    tags = sorted(tag for tag in docker_env.tags() if tag.startswith(f"{address}/"))
    try:
        logged_in = login_for(address, load_config()) is not None
    except DockerConfigError:
        logged_in = True  # cannot tell: assume it was theirs, so cleanup never logs them out
    had = {name: docker_env.image(f"{name}:latest") is not None for name in images}
    write_json(baseline_file(), {"address": address, "tags": tags, "logged_in": logged_in, "images": had})
