"""Practice accounts: username -> bcrypt hash, in one JSON file. Usernames follow Docker ID rules."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from pathlib import Path

import bcrypt

from tutor.errors import ExitCode, TutorError
from tutor.files import read_json, write_json

DOCKER_ID = re.compile(r"[a-z0-9]{4,30}\Z")
BCRYPT_ROUNDS = 10  # ~50 ms a check: slow for guessing, fast enough for a room of learners


class InvalidUsername(TutorError):
    exit_code = ExitCode.USAGE

    def __init__(self, name: str) -> None:
        super().__init__("practice.bad_username", name=name)


def valid_username(name: str) -> bool:
    return bool(DOCKER_ID.match(name))


def username_from(os_user: str) -> str:
    """A valid Docker ID made from an OS username: lowercase letters and digits, padded to 4."""
    cleaned = "".join(c for c in os_user.lower() if c.isascii() and c.isalnum())[:30]
    return cleaned if len(cleaned) >= 4 else (cleaned + "learner")[:max(4, len(cleaned) + 7)]


def generate_password() -> str:
    return secrets.token_urlsafe(12)


class Accounts:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, str]:
        data = read_json(self.path)
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def add(self, username: str, password: str) -> None:
        if not valid_username(username):
            raise InvalidUsername(username)
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
        accounts = self.load()
        accounts[username] = hashed
        write_json(self.path, accounts, mode=0o600)  # atomic: the token service may read it at any moment

    def verify(self, username: str, password: str, accounts: dict[str, str] | None = None) -> bool:
        hashed = (accounts if accounts is not None else self.load()).get(username)
        if hashed is None:
            # The same cost either way, so timing does not tell which usernames exist.
            bcrypt.checkpw(password.encode(), bcrypt.hashpw(b"x", bcrypt.gensalt(BCRYPT_ROUNDS)))
            return False
        return bcrypt.checkpw(password.encode(), hashed.encode())


class VerifiedCache:
    """Docker asks for a token on every push and pull, each time with the same Basic credentials; bcrypt on
    every request would make a room of learners wait. A success is remembered for a few minutes, keyed by
    an HMAC under a secret that lives only in this process, so the cache holds no password or hash of one
    that outlives it. A changed password (add-user again) misses the cache and is checked afresh."""

    SECONDS = 300

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        self._secret = secrets.token_bytes(32)
        self._seen: dict[bytes, float] = {}
        self._lock = threading.Lock()

    def _key(self, username: str, password: str, stored_hash: str) -> bytes:
        return hmac.new(self._secret, "\0".join((username, password, stored_hash)).encode(), hashlib.sha256).digest()

    def _hit(self, key: bytes, stored: str) -> bool:
        with self._lock:
            expires = self._seen.get(key)
        return bool(stored) and expires is not None and expires > time.monotonic()

    def cached(self, username: str, password: str) -> bool:
        """True when these credentials were verified lately: a cheap check, no bcrypt."""
        stored = self.accounts.load().get(username, "")
        return self._hit(self._key(username, password, stored), stored)

    def verify(self, username: str, password: str) -> bool:
        accounts = self.accounts.load()  # read once: the file may change (add-user) while the room runs
        stored = accounts.get(username, "")
        key = self._key(username, password, stored)
        if self._hit(key, stored):
            return True
        if not self.accounts.verify(username, password, accounts):
            return False
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[key] = time.monotonic() + self.SECONDS
        return True
