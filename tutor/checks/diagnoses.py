"""Diagnoses: what a lesson's trigger may ask of the real state before its hint is shown.

An output pattern says *what* the learner saw (`denied: requested access to the resource is denied`); a
diagnosis says *why*, from the state itself, and gives the hint the values that name it. A trigger that names
a diagnosis fires only when the diagnosis finds its cause, so the plain trigger after it stays the fallback:

    - output: "requested access to the resource is denied"
      diagnosis: login-spelling     # fires only when this is the cause; its hint may use {{ login_registry }}
      hint: login-spelling
    - output: "requested access to the resource is denied"
      hint: denied                  # every other cause

The declarations are pure data in the lesson schema (tutor/lesson/schema.py: the loader reads them without
importing the Docker SDK); each implementation here reads state through the check context. Nothing here
knows any lesson.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping

from tutor.checks.context import CheckContext
from tutor.checks.turn import RanCommand
from tutor.docker.config import Login, config_hostname, docker_uses
from tutor.lesson.schema import DIAGNOSES
from tutor.reference import DOCKER_HUB_AUTH_KEY, ImageRef, InvalidReference, registry_auth_key

# --- one registry, several spellings ----------------------------------------------------------------------
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
_DOCKER_HUB = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com",
               "hub.docker.com"}


def _host_and_port(key: str) -> tuple[str, str | None]:
    host = config_hostname(key)
    if host.startswith("["):  # [::1]:5000
        name, _, rest = host[1:].partition("]")
        return name, rest.lstrip(":") or None
    if host.count(":") == 1:
        name, port = host.split(":")
        return name, port or None
    return host, None


def same_registry(a: str, b: str) -> bool:
    """Whether two registry addresses (config keys, or the domain of an image name) most likely name one
    registry: loopback names for one another, a port given on one side only, Docker Hub's many names."""
    (host_a, port_a), (host_b, port_b) = _host_and_port(a), _host_and_port(b)
    if host_a in _DOCKER_HUB and host_b in _DOCKER_HUB:
        return True
    same_host = host_a == host_b or (host_a in _LOOPBACK and host_b in _LOOPBACK)
    return same_host and (port_a == port_b or port_a is None or port_b is None)


def other_spellings(registry: str, logins: list[Login]) -> list[Login]:
    """Logins stored for `registry` under a spelling that Docker will not use for it; none when Docker has a
    login under the spelling it does use (then the login is not the problem)."""
    wanted = registry_auth_key(registry)
    if any(docker_uses(login.registry, wanted) for login in logins):
        return []
    return [login for login in logins if same_registry(login.registry, wanted)]


def shown_registry(key: str) -> str:
    """A config key as the learner would type it after `docker login`: Docker Hub's URL is `docker.io`."""
    return "docker.io" if key == DOCKER_HUB_AUTH_KEY else config_hostname(key)


# --- what the command named -------------------------------------------------------------------------------
def named_image(record: RanCommand) -> ImageRef | None:
    """The image a push or pull named: the first argument after `push`/`pull` that is not an option (`docker
    push X`, `docker image push X`, `podman push X`); else the repository Docker's push output names."""
    try:
        words = shlex.split(record.command)
    except ValueError:
        words = record.command.split()
    candidates = []
    for index, word in enumerate(words):
        if word in ("push", "pull"):
            candidates += [w for w in words[index + 1:] if not w.startswith("-")][:1]
            break
    found = re.search(r"The push refers to repository \[([^\]]+)\]", record.output)
    if found:
        candidates.append(found.group(1))
    for candidate in candidates:
        try:
            return ImageRef.parse(candidate)
        except InvalidReference:
            continue
    return None


# --- the diagnoses ----------------------------------------------------------------------------------------
def _login_spelling(ctx: CheckContext, record: RanCommand) -> dict[str, str] | None:
    image = named_image(record)
    if image is None:
        return None
    others = other_spellings(image.domain, ctx.stored_logins())
    if not others:
        return None
    return {"login_registry": shown_registry(others[0].registry), "push_registry": image.domain}


def _no_login(ctx: CheckContext, record: RanCommand) -> dict[str, str] | None:
    """No login is stored for the registry of the image pushed, under any spelling: a fresh registry answers
    an anonymous push with only `denied`, as it does a push into someone else's namespace."""
    image = named_image(record)
    if image is None:
        return None
    if any(same_registry(login.registry, image.domain) for login in ctx.stored_logins()):
        return None
    return {"push_registry": image.domain}


IMPLEMENTATIONS: dict[str, Callable[[CheckContext, RanCommand], Mapping[str, str] | None]] = {
    "login-spelling": _login_spelling,
    "no-login": _no_login,
}
assert set(IMPLEMENTATIONS) == set(DIAGNOSES), "every declared diagnosis needs an implementation"


def diagnose(name: str, ctx: CheckContext, record: RanCommand) -> Mapping[str, str] | None:
    """The values the diagnosis found for the hint, or None when its cause is not what happened."""
    return IMPLEMENTATIONS[name](ctx, record)
