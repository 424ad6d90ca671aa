"""Checks of Docker's own config.json: a top-level setting (`credsStore`), and where a login is kept (by a
credential helper, or as a password in the file). For a lesson about the file itself, a config.json that is not
valid JSON is what the learner has to fix: a failing verdict that says so, not an error that stops the tutor.
Usernames only: no secret is ever read (a helper is asked to `list`, never to `get`)."""

from __future__ import annotations

from tutor.checks.context import CheckContext
from tutor.checks.verdict import Message, Verdict, verdict
from tutor.docker.config import config_path, docker_uses, helper_for, holds_secret, same_helper
from tutor.errors import DockerConfigError
from tutor.reference import registry_auth_key


def _config(ctx: CheckContext, kind: str, args: dict, expected: Message) -> dict | Verdict:
    """The run's one read of config.json (the other checks of this command judge the same), or the failing
    verdict that says why it cannot be read."""
    try:
        return ctx.docker_config
    except DockerConfigError as error:
        return verdict(kind, args, False, expected, Message("check.found.config_broken",
                                                            {"path": str(config_path()),
                                                             "error": error.values.get("error", "")}))


def config_value(ctx: CheckContext, key: str, value: str) -> Verdict:
    """config.json's top-level `key` is `value`. `credsStore` names a helper: Docker Desktop's passes in either
    spelling (`desktop`, or `desktop.exe` as Docker Desktop writes it in a WSL distribution)."""
    args = {"key": key, "value": value}
    expected = Message("check.config_value.expected", {"name": key, "value": value})
    config = _config(ctx, "config_value", args, expected)
    if isinstance(config, Verdict):
        return config
    if key not in config:
        return verdict("config_value", args, False, expected, Message("check.found.config_unset", {"name": key}))
    found = config[key] if isinstance(config[key], str) else repr(config[key])
    matches = same_helper(found, value) if key == "credsStore" else found == value
    return verdict("config_value", args, matches, expected,
                   Message("check.found.config_value", {"name": key, "value": found}))


def login_in_helper(ctx: CheckContext, registry: str) -> Verdict:
    """Docker keeps the login for `registry` in a credential helper: one is configured for it (credHelpers,
    else credsStore), the helper lists the registry, and config.json holds no secret for it."""
    wanted = registry_auth_key(registry)
    args = {"registry": registry}
    expected = Message("check.login_in_helper.expected", {"registry": registry})
    config = _config(ctx, "login_in_helper", args, expected)
    if isinstance(config, Verdict):
        return config
    helper = helper_for(registry, config)
    in_file = [key for key, entry in (config.get("auths") or {}).items()
               if docker_uses(key, wanted) and holds_secret(entry)]
    if not helper:
        return verdict("login_in_helper", args, False, expected, Message("check.found.no_helper", {}))
    try:
        listed = ctx.helper_lists(helper)
    except DockerConfigError as error:
        return verdict("login_in_helper", args, False, expected,
                       Message(error.key, {k: str(v) for k, v in error.values.items()}))
    user = next((name for server, name in listed.items() if docker_uses(server, wanted)), None)
    values = {"registry": registry, "helper": helper, "user": user or "?"}
    if user is None:
        return verdict("login_in_helper", args, False, expected, Message("check.found.helper_lacks", values))
    if in_file:
        return verdict("login_in_helper", args, False, expected, Message("check.found.secret_in_file", values))
    return verdict("login_in_helper", args, True, expected, Message("check.found.in_helper", values))
