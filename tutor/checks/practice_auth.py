"""Checks of how the learner authenticated to the practice registry: its access tokens (by name, scope and
state) and its token service's record of which credential each of Docker's requests used. Only the practice
registry keeps these (Docker Hub shows its tokens on a web page and tells no one how you logged in), so for any
other registry they are not applicable. Nothing here reads or shows a secret."""

from __future__ import annotations

from pathlib import Path

from tutor.checks.context import CheckContext
from tutor.checks.verdict import Message, Status, Verdict, clock, verdict
from tutor.paths import practice_dir
from tutor.practice.access_tokens import AccessTokens
from tutor.practice.auth_log import AuthEntry, AuthLog
from tutor.practice.state import is_practice_registry


def _practice(kind: str, args: dict, expected: Message, registry: str) -> Verdict | None:
    """Not applicable unless `registry` is the practice registry running here."""
    if is_practice_registry(registry):
        return None
    return Verdict(kind, args, Status.NOT_APPLICABLE, expected,
                   Message("check.found.not_practice", {"registry": registry}))


def record_files(registry: str, user: str) -> tuple[Path, ...]:
    """The files these checks read for `user` at `registry`: on the practice registry, its access tokens and the
    user's own record of logins (one file of the auth log's folder); elsewhere none, as the checks read none. A
    change to either (a token made or revoked, a login, pull or push through the token service) can change a
    verdict; another learner's login cannot."""
    if not is_practice_registry(registry):
        return ()
    own_log = AuthLog.in_directory(practice_dir()).path(user)
    return (AccessTokens.in_directory(practice_dir()).path, *((own_log,) if own_log else ()))


def registry_token(ctx: CheckContext, registry: str, user: str, name: str, scope: str | None = None,
                   state: str = "active") -> Verdict:
    args = {"registry": registry, "user": user, "name": name, **({"scope": scope} if scope else {}),
            **({"state": state} if state != "active" else {})}
    expected = Message(f"check.registry_token.expected_{state}", {"name": name, "user": user, "scope": scope or "*"})
    refused = _practice("registry_token", args, expected, registry)
    if refused:
        return refused
    tokens = [t for t in AccessTokens.in_directory(practice_dir()).list(user) if t.name == name]
    if not tokens:
        return verdict("registry_token", args, False, expected, Message("check.found.no_token", {"name": name}))
    token = next((t for t in reversed(tokens) if t.active), tokens[-1])  # the active one, else the latest
    found = Message("check.found.token_active" if token.active else "check.found.token_revoked",
                    {"name": name, "scope": token.scope, "time": clock(token.created)})
    ok = (scope is None or token.scope == scope) and token.active == (state == "active")
    return verdict("registry_token", args, ok, expected, found)


def registry_auth(ctx: CheckContext, registry: str, user: str, credential: str | None = None,
                  scope: str | None = None, action: str | None = None, outcome: str = "ok") -> Verdict:
    wanted = {"credential": credential, "token_scope": scope, "action": action, "outcome": outcome}
    args = {"registry": registry, "user": user, **{k: v for k, v in (("credential", credential), ("scope", scope),
                                                                      ("action", action)) if v},
            **({"outcome": outcome} if outcome != "ok" else {})}
    expected = Message(f"check.registry_auth.expected_{outcome}",
                       {"action": action or "login/pull/push", "registry": registry, "user": user,
                        "using": _using(credential, scope, None)})
    refused = _practice("registry_auth", args, expected, registry)
    if refused:
        return refused
    since = ctx.since or 0.0
    entries = AuthLog.in_directory(practice_dir()).entries(user, since)  # the tutor's own are not recorded
    matching = [e for e in entries if all(v is None or getattr(e, k) == v for k, v in wanted.items())]
    if matching:
        return verdict("registry_auth", args, True, expected, _entry(matching[-1]))
    if entries:
        return verdict("registry_auth", args, False, expected, _entry(entries[-1]))
    return verdict("registry_auth", args, False, expected,
                    Message("check.found.no_auth", {"user": user, "time": clock(since) if ctx.since else "-"}))


def _using(credential: str | None, scope: str | None, name: str | None) -> str:
    """How a credential is named in both languages alike: `password`, `token`, `token laptop (read)`."""
    text = credential or ("token" if scope or name else "password/token")
    if name:
        text += f" {name}"
    return f"{text} ({scope})" if scope else text


def _entry(entry: AuthEntry) -> Message:
    return Message("check.found.auth_entry", {"time": clock(entry.at), "action": entry.action,
                                              "using": _using(entry.credential, entry.token_scope, entry.token_name),
                                              "outcome": entry.outcome})
