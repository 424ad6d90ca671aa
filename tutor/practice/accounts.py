"""Practice accounts: username -> bcrypt hash, in one JSON file. Usernames follow Docker ID rules."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from pathlib import Path

import bcrypt

from tutor.errors import ExitCode, StateError, TutorError
from tutor.files import keep_aside, write_json
from tutor.practice.throttle import Admission, FailureThrottle

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


class AccountsDamaged(StateError):
    """accounts.json exists but is not a JSON object of username -> hash. Reading it as "no accounts" would
    let the next write replace every learner's password, so it is never read that way."""

    def __init__(self, path: Path, kept: Path | None = None) -> None:
        if kept is None:
            super().__init__("practice.accounts_damaged", path=str(path))
        else:
            super().__init__("practice.accounts_kept_aside", path=str(path), kept=str(kept))


@functools.lru_cache(maxsize=1)
def _decoy_hash() -> bytes:
    """A hash no password matches, checked when the username is unknown or its stored hash is malformed, so
    that every failure costs exactly one bcrypt check, as a wrong password for a real account does."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(BCRYPT_ROUNDS))


class Accounts:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, str]:
        """username -> bcrypt hash; {} when there is no file yet. AccountsDamaged when the file cannot be read
        as accounts (nothing is moved: a reader may not set aside what a writer owns)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError):
            raise AccountsDamaged(self.path) from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise AccountsDamaged(self.path) from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise AccountsDamaged(self.path)
        return data

    def load_for_service(self) -> dict[str, str]:
        """What a running service (token service, classroom service) uses: a damaged file means no account
        verifies, and the service keeps running; the next `add-user` or `classroom up` says so."""
        try:
            return self.load()
        except AccountsDamaged:
            return {}

    def load_for_update(self) -> dict[str, str]:
        """The accounts, before changing them. A damaged file is set aside (kept byte for byte, never
        overwritten) and AccountsDamaged names where it went."""
        try:
            return self.load()
        except AccountsDamaged:
            raise AccountsDamaged(self.path, keep_aside(self.path)) from None

    def add(self, username: str, password: str) -> None:
        self.add_many({username: password})

    def add_many(self, passwords: dict[str, str]) -> None:
        """Sets these accounts' passwords (new accounts or changed ones) in one write; the others are kept."""
        for username in passwords:
            if not valid_username(username):
                raise InvalidUsername(username)
        accounts = self.load_for_update()
        for username, password in passwords.items():
            accounts[username] = bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
        write_json(self.path, accounts, mode=0o600)  # atomic: the token service may read it at any moment

    def verify(self, username: str, password: str, accounts: dict[str, str] | None = None) -> bool:
        """The one place a password is checked against its hash. One bcrypt check whatever happens (unknown
        user, malformed hash, wrong or right password), so timing tells nothing about which usernames exist."""
        hashed = (accounts if accounts is not None else self.load_for_service()).get(username)
        try:
            if hashed is not None:
                return bcrypt.checkpw(password.encode(), hashed.encode())
        except ValueError:  # not a bcrypt hash (a hand-edited file): no password matches it
            pass
        bcrypt.checkpw(password.encode(), _decoy_hash())
        return False


class VerifiedCache:
    """Docker asks for a token on every push and pull, each time with the same Basic credentials; bcrypt on
    every request would make a room of learners wait. A success is remembered for a few minutes, keyed by
    an HMAC under a secret that lives only in this process, so the cache holds no password or hash of one
    that outlives it. A changed password (add-user again) misses the cache and is checked afresh."""

    SECONDS = 300

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        _decoy_hash()  # made now, so that the first unknown username costs no more than any other
        self._secret = secrets.token_bytes(32)
        self._seen: dict[bytes, float] = {}
        self._lock = threading.Lock()
        self.throttle = FailureThrottle()

    def _key(self, username: str, password: str, stored_hash: str) -> bytes:
        return hmac.new(self._secret, "\0".join((username, password, stored_hash)).encode(), hashlib.sha256).digest()

    def _hit(self, key: bytes, stored: str) -> bool:
        with self._lock:
            expires = self._seen.get(key)
        return bool(stored) and expires is not None and expires > time.monotonic()

    def cached(self, username: str, password: str) -> bool:
        """True when these credentials were verified lately: a cheap check, no bcrypt."""
        stored = self.accounts.load_for_service().get(username, "")
        return self._hit(self._key(username, password, stored), stored)

    def admit(self, username: str, address: str | None) -> Admission:
        """Whether a password for `username` from `address` may be checked now (and after what slowdown)."""
        return self.throttle.admit(username, address)

    def verify(self, username: str, password: str, address: str | None = None) -> bool:
        """bcrypt (unless verified lately); the result counts for the throttle. Call `admit` first."""
        accounts = self.accounts.load_for_service()  # read once: the file may change (add-user) while the room runs
        stored = accounts.get(username, "")
        key = self._key(username, password, stored)
        if self._hit(key, stored):
            return True
        ok = self.accounts.verify(username, password, accounts)
        self.throttle.settle(username, address, ok)
        if not ok:
            return False
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[key] = time.monotonic() + self.SECONDS
        return True

    def check(self, username: str, password: str, address: str | None) -> Admission | bool:
        """The whole sequence for a threaded server: lately verified, else admitted (after its slowdown, slept
        in the caller's own thread) and checked. An Admission back means refused; else whether it verified."""
        if self.cached(username, password):
            return True
        admission = self.admit(username, address)
        if admission.refused:
            return admission
        if admission.delay:
            time.sleep(admission.delay)
        return self.verify(username, password, address)
