"""Podman's logins: `podman login` (and skopeo, buildah, and `docker login` when `docker` is podman-docker)
keeps them in an auth.json of the same shape as Docker's config.json, read in this order
(containers-auth.json(5)): `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json` (for a user
without one, `/run/containers/<uid>/auth.json`), `$XDG_CONFIG_HOME/containers/auth.json`
(`~/.config/containers/auth.json`). A key may carry a namespace (`quay.io/team`); the registry is its host.

Like tutor.docker.config: usernames for telling who is logged in, and the secret in memory only for talking
to a registry; nothing here prints, logs or stores one.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from pathlib import Path
from typing import Any

from tutor.errors import DockerConfigError


def auth_files() -> list[Path]:
    files = []
    if os.environ.get("REGISTRY_AUTH_FILE"):
        files.append(Path(os.environ["REGISTRY_AUTH_FILE"]))
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        files.append(Path(runtime) / "containers" / "auth.json")
    elif hasattr(os, "getuid"):
        files.append(Path(f"/run/containers/{os.getuid()}/auth.json"))
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    files.append(Path(config_home) / "containers" / "auth.json")
    return list(dict.fromkeys(files))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise DockerConfigError("error.config_unreadable", path=str(path), error=error.strerror or str(error)) from None
    except ValueError as error:
        raise DockerConfigError("error.config_corrupt", path=str(path), error=str(error)) from None
    if not isinstance(data, dict):
        raise DockerConfigError("error.config_corrupt", path=str(path), error="not a JSON object")
    return data


def _decoded(entry: Any) -> tuple[str, str] | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("auth"), str):
        return None
    try:
        username, _, password = base64.b64decode(entry["auth"]).decode("utf-8", "replace").partition(":")
    except (binascii.Error, ValueError):
        return None
    return (username, password) if username else None


def _entries() -> list[tuple[str, tuple[str, str], Path]]:
    """(key, (username, password), file) of every login, in Podman's reading order."""
    found = []
    for path in auth_files():
        for key, entry in (_read(path).get("auths") or {}).items():
            decoded = _decoded(entry)
            if decoded and isinstance(key, str):
                found.append((key, decoded, path))
    return found


def logins() -> list[tuple[str, str, Path]]:
    """(key as stored, username, file) of every Podman login; no secret."""
    return [(key, credentials[0], path) for key, credentials, path in _entries()]


def credentials(registry_key: str) -> tuple[str, str] | None:
    """(username, password) Podman would send to the registry `registry_key` (`host[:port]`), in memory only."""
    return next((found for key, found, _ in _entries() if registry_of(key) == registry_key), None)


def registry_of(key: str) -> str:
    """`quay.io/team` -> `quay.io`; `http://127.0.0.1:5000` -> `127.0.0.1:5000`."""
    return key.split("://", 1)[-1].split("/", 1)[0].lower()
