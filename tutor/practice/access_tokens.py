"""Personal access tokens of the practice registry, as Docker Hub has them: a secret the learner uses as the
password at `docker login`, with a scope (`read`: pull only; `write`: push and pull), a name, and a state
(active, or revoked: refused from then on).

Stored in one JSON file beside the accounts, never the secret: its SHA-256 only. A token is 192 random bits,
so a fast hash is enough (bcrypt's cost is for guessable passwords, and would slow every registry request);
compared in constant time. The prefix `tutor_pat_` is not Docker Hub's `dckr_pat_`: a practice token pasted
somewhere by mistake must not look like a Docker Hub token to secret scanners."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from filelock import FileLock

from tutor.errors import ExitCode, TutorError
from tutor.files import read_json, write_json

PREFIX = "tutor_pat_"
SCOPES = ("read", "write")
# What each scope allows of what the account may do (Docker Hub's "Read-only" and "Read & Write").
ACTIONS = {"read": frozenset({"pull"}), "write": frozenset({"pull", "push"})}
LAST_USED_EVERY = 60.0  # seconds: `last_used` is written at most this often per token (a push asks many times)


class TokenError(TutorError):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class AccessToken:
    id: str
    user: str
    name: str
    scope: str
    created: float
    sha256: str
    last_used: float | None = None
    revoked: float | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def shown(self) -> dict:
        """What may be shown or exported: everything but the hash."""
        data = asdict(self)
        del data["sha256"]
        return data


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_token(password: str) -> bool:
    return password.startswith(PREFIX)


class AccessTokens:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_directory(cls, directory: Path) -> AccessTokens:
        return cls(directory / "tokens.json")

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=10)

    def _load(self) -> dict[str, AccessToken]:
        data = read_json(self.path)
        tokens: dict[str, AccessToken] = {}
        if not isinstance(data, dict):
            return tokens
        for token_id, fields in data.items():
            try:
                tokens[token_id] = AccessToken(**fields)
            except TypeError:  # a hand-edited entry: it verifies nothing, the others still work
                continue
        return tokens

    def _save(self, tokens: dict[str, AccessToken]) -> None:
        write_json(self.path, {token_id: asdict(token) for token_id, token in tokens.items()}, mode=0o600)

    def list(self, user: str | None = None) -> list[AccessToken]:
        return sorted((t for t in self._load().values() if user is None or t.user == user), key=lambda t: t.created)

    def create(self, user: str, scope: str = "read", name: str | None = None) -> tuple[AccessToken, str]:
        """A new token and its secret (returned once, never stored)."""
        if scope not in SCOPES:
            raise TokenError("token.bad_scope", scope=scope, known=", ".join(SCOPES))
        with self._lock():
            tokens = self._load()
            own = [t for t in tokens.values() if t.user == user]
            name = name or f"token-{len(own) + 1}"
            if any(t.name == name and t.active for t in own):
                raise TokenError("token.name_taken", user=user, name=name)
            secret = PREFIX + secrets.token_urlsafe(24)
            token = AccessToken(secrets.token_hex(6), user, name, scope, time.time(), _digest(secret))
            tokens[token.id] = token
            self._save(tokens)
        return token, secret

    def revoke(self, user: str, name_or_id: str) -> AccessToken:
        """Revokes the user's active token of that name (or id)."""
        with self._lock():
            tokens = self._load()
            found = next((t for t in tokens.values() if t.user == user and t.active
                          and name_or_id in (t.name, t.id)), None)
            if found is None:
                raise TokenError("token.unknown", user=user, name=name_or_id)
            tokens[found.id] = replace(found, revoked=time.time())
            self._save(tokens)
        return tokens[found.id]

    def delete(self, token_ids: set[str]) -> None:
        """Forgets tokens entirely (cleanup of what a lesson made)."""
        with self._lock():
            tokens = self._load()
            self._save({k: v for k, v in tokens.items() if k not in token_ids})

    def find(self, user: str, secret: str) -> AccessToken | None:
        """The token of `user` whose secret this is, active or revoked; None when there is none."""
        digest = _digest(secret)
        for token in self._load().values():
            if token.user == user and hmac.compare_digest(token.sha256, digest):
                return token
        return None

    def used(self, token: AccessToken) -> None:
        """Records a use, at most once a minute per token."""
        now = time.time()
        if token.last_used is not None and now - token.last_used < LAST_USED_EVERY:
            return
        with self._lock():
            tokens = self._load()
            if token.id in tokens:
                tokens[token.id] = replace(tokens[token.id], last_used=now)
                self._save(tokens)
