"""Docker's config.json as a lesson found it, and putting it back: a lesson about credential helpers sets
`credsStore` and moves the learner's login out of config.json into the helper's vault; `tutor reset LESSON
--cleanup` restores `credsStore` and moves each such login back into the file as it was (`auth`), then erases it
from the helper. The secret passes through memory only: never printed, logged or kept anywhere else.

What is recorded is the shape only: the `credsStore` value and which registries held a secret in the file."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from docker.credentials import Store
from docker.credentials.errors import StoreError

from tutor.docker.config import config_path, holds_secret, load_config, same_helper
from tutor.files import write_json


def config_shape(config: dict[str, Any]) -> dict[str, Any]:
    """What a lesson's baseline keeps of config.json: no secret, only where the logins are."""
    auths = config.get("auths") if isinstance(config.get("auths"), dict) else {}
    in_file = sorted(key for key, entry in auths.items() if holds_secret(entry))
    store = config.get("credsStore")
    return {"credsStore": store if isinstance(store, str) else None, "in_file": in_file}


@dataclass(frozen=True)
class ConfigRestore:
    """What cleanup puts back in config.json."""

    creds_store: str | None  # the value it had (None: it had none)
    creds_store_now: str | None
    moved: tuple[str, ...]  # registries whose login left the file for the helper: moved back

    @property
    def empty(self) -> bool:
        # Docker Desktop's helper under its other spelling is no change the lesson made: Docker Desktop itself
        # writes `desktop.exe` into a WSL distribution's config.json (again at each of its starts), and the logins
        # stay in the one vault either way. Putting the other spelling back would only name a program Docker
        # cannot find there.
        return same_helper(self.creds_store, self.creds_store_now) and not self.moved


def config_restore(shape: dict[str, Any], config: dict[str, Any]) -> ConfigRestore | None:
    """None when config.json is as the lesson found it (or the baseline recorded no shape)."""
    if not isinstance(shape, dict):
        return None
    now = config_shape(config)
    helper = now["credsStore"]
    moved: tuple[str, ...] = ()
    if helper and not same_helper(helper, shape.get("credsStore")):
        auths = config.get("auths") if isinstance(config.get("auths"), dict) else {}
        moved = tuple(key for key in shape.get("in_file", []) if key in auths and key not in now["in_file"])
    restore = ConfigRestore(shape.get("credsStore"), helper, moved)
    return None if restore.empty else restore


def restore_config(restore: ConfigRestore) -> tuple[str, ...]:
    """Moves each login back from the helper into config.json (`auth`, as `docker login` writes it without a
    helper), erases it from the helper, and puts `credsStore` back. Answers the registries whose login could
    not be read from the helper (a locked vault): their entry is left empty, and the learner logs in again."""
    config = load_config()
    auths = config.setdefault("auths", {})
    lost = []
    # Made only when there is a login to move back: docker-py warns on stderr for a helper it cannot find.
    store = Store(restore.creds_store_now or "") if restore.moved else None
    for registry in restore.moved:
        try:
            found = store.get(registry)
        except StoreError:
            lost.append(registry)
            continue
        username, secret = found.get("Username") or "", found.get("Secret") or ""
        auths[registry] = {"auth": base64.b64encode(f"{username}:{secret}".encode()).decode()}
        try:
            store.erase(registry)
        except StoreError:
            pass  # the file holds the login again; a copy left in the vault is the learner's to remove
    if restore.creds_store is None:
        config.pop("credsStore", None)
    else:
        config["credsStore"] = restore.creds_store
    path = config_path()
    write_json(path, config, mode=path.stat().st_mode & 0o777 if path.exists() else 0o600)
    return tuple(lost)
