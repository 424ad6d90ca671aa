"""`tutor practice token create|list|revoke`: the practice registry's personal access tokens, for one of its
accounts (by default the learner's own, the one `tutor start` uses). File operations only: the registry need
not run, and the token service reads the same file at each login."""

from __future__ import annotations

from tutor.paths import practice_dir
from tutor.practice.access_tokens import AccessToken, AccessTokens, TokenError
from tutor.practice.accounts import account_name, own_accounts


def account(user: str | None) -> str:
    """The practice account named, or the learner's own; it must exist."""
    name = account_name(user)
    if name not in own_accounts().load():
        raise TokenError("token.no_account", user=name)
    return name


def store() -> AccessTokens:
    return AccessTokens.in_directory(practice_dir())


def create(user: str | None, scope: str, name: str | None) -> tuple[AccessToken, str]:
    return store().create(account(user), scope, name)


def listed(user: str | None) -> list[AccessToken]:
    return store().list(account(user))


def revoke(user: str | None, name_or_id: str) -> AccessToken:
    return store().revoke(account(user), name_or_id)
