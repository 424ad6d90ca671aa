"""What the learner had before the tutor touched anything, so cleanup removes only what the lesson made.

Recorded once, at the first `tutor practice up` (and kept until `down --purge`): the local tags under the
practice registry's address, the registries the learner was logged in to, and whether `fastapi-app` existed.
"""

from __future__ import annotations

from pathlib import Path

from tutor.files import read_json, write_json
from tutor.paths import practice_dir


def baseline_file() -> Path:
    return practice_dir() / "baseline.json"


def read_baseline() -> dict | None:
    data = read_json(baseline_file())
    return data if isinstance(data, dict) else None


def record_baseline(docker_env, address: str, image: str = "fastapi-app") -> None:
    if read_baseline() is not None:
        return
    from tutor.docker.config import load_config, login_for
    from tutor.errors import DockerConfigError

    tags = sorted(tag for tag in docker_env.tags() if tag.startswith(f"{address}/"))
    try:
        logged_in = login_for(address, load_config()) is not None
    except DockerConfigError:
        logged_in = True  # cannot tell: assume it was theirs, so cleanup never logs them out
    had_image = docker_env.image(f"{image}:latest") is not None
    write_json(baseline_file(), {"address": address, "tags": tags, "logged_in": logged_in, "had_image": had_image})
