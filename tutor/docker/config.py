"""Who the learner is logged in as, per Docker's own config (`$DOCKER_CONFIG/config.json` or
`~/.docker/config.json`): `auths`, `credsStore` and `credHelpers`.

`login_for` reports usernames only: from `auths` it keeps what precedes the first `:` of the decoded
`auth` and drops the rest at once; for credential helpers it runs `docker-credential-<name> list`, which
returns server -> username and no secrets. It never calls a helper's `get`.

`secret_for` exists only for talking to a registry (in_registry) or a classroom service: it returns the
credentials in memory, through docker-py's own resolution (a password, or the identity token that a
registry handing out OAuth refresh tokens left instead), and nothing here prints, logs or stores them.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docker import auth
from docker.credentials import Store
from docker.credentials.errors import StoreError
from docker.errors import DockerException

from tutor.docker import podman_auth
from tutor.errors import DockerConfigError
from tutor.reference import DOCKER_HUB_AUTH_KEY, registry_auth_key


@dataclass(frozen=True)
class Secret:
    """What Docker would send to one registry. The secret parts stay out of repr, so no log can show them."""

    username: str | None
    password: str | None = field(default=None, repr=False)
    identity_token: str | None = field(default=None, repr=False)  # an OAuth refresh token

    def basic(self) -> tuple[str, str] | None:
        """(username, password) for HTTP Basic, when there is a password."""
        return (self.username, self.password) if self.username and self.password is not None else None


@dataclass(frozen=True)
class Login:
    registry: str  # the config key
    username: str | None  # None when the entry holds only an identity token
    source: str  # "config.json", or the credential helper's name


def config_path() -> Path:
    directory = os.environ.get("DOCKER_CONFIG")
    return Path(directory) / "config.json" if directory else Path.home() / ".docker" / "config.json"


def load_config(path: Path | None = None) -> dict[str, Any]:
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise DockerConfigError("error.config_unreadable", path=str(path), error=error.strerror or str(error)) from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError as error:
        raise DockerConfigError("error.config_corrupt", path=str(path), error=str(error)) from None
    if not isinstance(data, dict):
        raise DockerConfigError("error.config_corrupt", path=str(path), error="not a JSON object")
    return data


# What an `auths` entry of config.json may hold that is a secret: a login kept in the file, not in a helper.
SECRET_FIELDS = ("auth", "password", "identitytoken")


def holds_secret(entry: object) -> bool:
    """An `auths` entry with a login in the file itself (an empty `{}` means: in the credential helper)."""
    return isinstance(entry, dict) and any(entry.get(name) for name in SECRET_FIELDS)


# Docker Desktop's own credential helper, as Docker Desktop writes it into `credsStore`: `desktop`, and
# `desktop.exe` in a WSL distribution, where Docker runs the Windows program docker-credential-desktop.exe.
# One helper, one vault (the system's), under two spellings.
DOCKER_DESKTOP_HELPERS = ("desktop", "desktop.exe")


def same_helper(a: object, b: object) -> bool:
    """`a` and `b` (credsStore values) name one credential helper: equal, or Docker Desktop's in either spelling."""
    return a == b or (isinstance(a, str) and isinstance(b, str) and {a, b} <= set(DOCKER_DESKTOP_HELPERS))


def config_hostname(key: str) -> str:
    """A config key as the Docker CLI reduces it (ConvertToHostname): scheme and path dropped, `host[:port]`."""
    stripped = key.strip()
    if "://" in stripped:
        stripped = stripped.split("://", 1)[1]
    return stripped.split("/", 1)[0].lower()


def docker_uses(key: str, wanted: str) -> bool:
    """Whether the Docker CLI, pushing to the registry whose config key is `wanted`, uses the login stored
    under `key`: that exact key, or (the CLI's reading of old config files) a key that reduces to it. Docker
    Hub's key is a URL, so only itself matches: a login stored as `index.docker.io` is not used for docker.io."""
    return key == wanted or (wanted != DOCKER_HUB_AUTH_KEY and config_hostname(key) == wanted)


def _username_from_auth(auth: str) -> str | None:
    try:
        decoded = base64.b64decode(auth, validate=False).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None
    username, _, _ = decoded.partition(":")
    return username or None


def _helper_list(helper: str) -> dict[str, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # docker-py warns of a missing helper; we say it as an error below
            return Store(helper).list()
    except StoreError as error:
        text = str(error)
        key = "error.helper_missing" if "not installed" in text or "not present" in text else "error.helper_failed"
        raise DockerConfigError(key, helper=f"docker-credential-{helper}") from None


HelperList = Callable[[str], dict[str, str]]


class HelperLists:
    """What `docker-credential-<helper> list` answers (server -> username; no secret is asked for), each helper
    asked once: a check context holds one per command, so a verdict that looks up a login and then every
    login starts each helper once, not once per lookup. A failure is not kept: asked again, it runs again."""

    def __init__(self) -> None:
        self._listed: dict[str, dict[str, str]] = {}

    def __call__(self, helper: str) -> dict[str, str]:
        if helper not in self._listed:
            self._listed[helper] = _helper_list(helper)
        return self._listed[helper]


def login_for(registry: str, config: dict[str, Any] | None = None, podman: bool = False,
              lists: HelperList = _helper_list) -> Login | None:
    """The login Docker would use for `registry` (Docker Hub or host[:port]), username only. With `podman`
    (the engine is Podman), Podman's own logins count too. `lists`: how a helper is asked (HelperLists: once)."""
    config = load_config() if config is None else config
    found = _docker_login_for(registry, config, lists)
    if found is None and podman:
        wanted = registry_auth_key(registry)
        found = next((login for login in _podman_logins() if login.registry == wanted), None)
    return found


def _podman_logins() -> list[Login]:
    """Podman's logins, each under its registry as Docker's config would key it (Docker Hub's URL for
    docker.io): Podman uses a login for the registry its key names."""
    return [Login(registry_auth_key(podman_auth.registry_of(key)), username, str(path))
            for key, username, path in podman_auth.logins()]


def helper_for(registry: str, config: dict[str, Any]) -> str | None:
    """The credential helper Docker asks for `registry`'s login, as the docker CLI chooses it: the registry's
    `credHelpers` entry (an empty one: none), else `credsStore`; None: config.json's own `auths`."""
    wanted = registry_auth_key(registry)
    for key, name in (config.get("credHelpers") or {}).items():
        if docker_uses(key, wanted):
            return name if isinstance(name, str) and name else None
    store = config.get("credsStore")
    return store if isinstance(store, str) and store else None


def _docker_login_for(registry: str, config: dict[str, Any], lists: HelperList) -> Login | None:
    wanted = registry_auth_key(registry)
    helper = helper_for(registry, config)
    if helper:
        for server, username in lists(helper).items():
            if docker_uses(server, wanted):
                return Login(wanted, username or None, f"docker-credential-{helper}")
        # A helper is configured but knows nothing of this registry: Docker then asks no one else, and a plain
        # `auths` entry left in the file is ignored (its push goes out without a login: `denied`).
        return None
    for key, entry in (config.get("auths") or {}).items():
        if not docker_uses(key, wanted) or not isinstance(entry, dict):
            continue
        if entry.get("auth"):
            return Login(wanted, _username_from_auth(entry["auth"]), "config.json")
        if entry.get("username"):
            return Login(wanted, entry["username"], "config.json")
        if entry.get("identitytoken"):
            return Login(wanted, None, "config.json")
    return None


def stored_logins(config: dict[str, Any] | None = None, podman: bool = False,
                  lists: HelperList = _helper_list) -> list[Login]:
    """Every login the config holds, under the key it is stored with (usernames only): `auths` entries, and the
    servers the credential helpers (`credsStore`, `credHelpers`) list; with `podman`, Podman's too."""
    config = load_config() if config is None else config
    found: dict[str, Login] = {}
    helpers = set((config.get("credHelpers") or {}).values()) | ({config["credsStore"]} if config.get("credsStore")
                                                                   else set())
    for helper in sorted(h for h in helpers if isinstance(h, str) and h):
        for server, username in lists(helper).items():
            found.setdefault(server, Login(server, username or None, f"docker-credential-{helper}"))
    for key, entry in (config.get("auths") or {}).items():
        if isinstance(entry, dict) and (entry.get("auth") or entry.get("username") or entry.get("identitytoken")):
            username = _username_from_auth(entry["auth"]) if entry.get("auth") else entry.get("username")
            found.setdefault(key, Login(key, username or None, "config.json"))
    if podman:
        for login in _podman_logins():
            found.setdefault(login.registry, login)
    return list(found.values())


def secret_for(registry: str, config: dict[str, Any] | None = None, podman: bool = False) -> Secret | None:
    """The credentials for talking to `registry`, in memory only; with `podman`, Podman's login when Docker's
    config has none."""
    config = load_config() if config is None else config
    found = _docker_secret_for(registry, config)
    if found is None and podman:
        key = registry_auth_key(registry)
        basic = podman_auth.credentials("docker.io" if key == DOCKER_HUB_AUTH_KEY else key)
        found = Secret(*basic) if basic else None
    return found


def _docker_secret_for(registry: str, config: dict[str, Any]) -> Secret | None:
    key = registry_auth_key(registry)
    try:
        resolved = auth.load_config(config_dict=json.loads(json.dumps(config))).resolve_authconfig(
            "index.docker.io" if key == DOCKER_HUB_AUTH_KEY else key
        )
    except DockerException:
        raise DockerConfigError("error.helper_failed", helper=str(config.get("credsStore") or "credHelpers")) from None
    except Exception:  # docker-py's parse errors on a malformed `auth` entry
        raise DockerConfigError("error.config_corrupt", path=str(config_path()), error="bad auth entry") from None
    if not resolved:
        return None
    # docker-py answers `username`/`password` for config.json entries, `Username`/`Password` from helpers, and
    # `IdentityToken` for either when the login left an identity token instead of a password.
    entry = {key.lower(): value for key, value in resolved.items()}
    if entry.get("identitytoken"):
        return Secret(entry.get("username") or None, identity_token=entry["identitytoken"])
    if entry.get("username") and entry.get("password") is not None:
        return Secret(entry["username"], entry["password"])
    return None


def basic_auth_for(registry: str) -> tuple[str, str] | None:
    """(username, password) for a service that takes HTTP Basic (the classroom service), in memory only."""
    secret = secret_for(registry)
    return secret.basic() if secret else None
