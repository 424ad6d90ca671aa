"""Practice accounts: username -> password hash, in one JSON file. Usernames follow Docker ID rules.

Two kinds of hash. A password a person chose is stored under bcrypt, slow on purpose, because people choose
guessable passwords. A one-time password the tutor generated (a classroom's handout) carries 99 random bits,
so it is stored under HMAC-SHA256 with the room's own secret key (`accounts.key`, 0600, beside the file):
checking it takes microseconds, so 200 learners joining in the same two seconds wait for nobody. That is as
safe as bcrypt for such a password: bcrypt's cost only helps against guessing a password with little
randomness; 2^99 guesses stay out of reach at any speed, and without the key a stolen accounts.json does not
even allow trying (scrypt or argon2 at low cost would add a memory cost that 99 random bits do not need).
"""

from __future__ import annotations

import base64
import functools
import getpass
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import bcrypt

from tutor.errors import ExitCode, StateError, TutorError
from tutor.files import keep_aside, write_json
from tutor.paths import practice_dir
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


def account_name(user: str | None) -> str:
    """The practice account named (`--user`), else the learner's own: their OS username made a Docker ID
    (what `tutor start` logs them in as, and what `tutor practice token` manages by default)."""
    name = user or username_from(getpass.getuser())
    if not valid_username(name):
        raise InvalidUsername(name)
    return name


def own_accounts() -> Accounts:
    """The accounts of the learner's own practice registry (a classroom's live in the room's folder)."""
    return Accounts(practice_dir() / "accounts.json")


# Generated passwords: lowercase letters and digits without 0, 1, i, l and o, so that no character on a card
# or a screen can be read as another (l/1/I, 0/O), in groups of four for reading and typing: 20 symbols of 31,
# 99 bits of randomness (a one-time password needs at least 96 to be stored under a fast hash).
PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PASSWORD_GROUPS, GROUP_SIZE = 5, 4
PASSWORD_BITS = PASSWORD_GROUPS * GROUP_SIZE * math.log2(len(PASSWORD_ALPHABET))
GENERATED = re.compile(rf"[{PASSWORD_ALPHABET}]{{{GROUP_SIZE}}}(?:-[{PASSWORD_ALPHABET}]{{{GROUP_SIZE}}})"
                       rf"{{{PASSWORD_GROUPS - 1}}}\Z")
FAST_PREFIX = "$tutor-hmac-sha256$"  # a hash of this kind (never a prefix bcrypt makes: those are $2a$, $2b$ ...)


def generate_password() -> str:
    symbols = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUPS * GROUP_SIZE))
    return "-".join(symbols[i:i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE))


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


def _is_fast(stored: str) -> bool:
    return stored.startswith(FAST_PREFIX)


class _Snapshot:
    """The file as last read: its accounts, and the share of them under the fast hash (for the decoys)."""

    def __init__(self, signature: tuple, accounts: dict[str, str] | None) -> None:
        self.signature = signature
        self.accounts = accounts  # None: the file is damaged
        values = list((accounts or {}).values())
        self.fast_share = sum(map(_is_fast, values)) / len(values) if values else 0.0


class Accounts:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.key_path = path.with_name("accounts.key")
        self._snapshot: _Snapshot | None = None
        self._key: bytes | None = None

    def _read(self) -> _Snapshot:
        """The file, parsed again only when it changed (every write renames a new file into place, so its
        inode, size or time changes): a service asks on every request, and a room holds up to 1,000 accounts."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return _Snapshot((), {})
        except OSError:
            return _Snapshot((), None)
        signature = (info.st_ino, info.st_size, info.st_mtime_ns)
        cached = self._snapshot
        if cached is not None and cached.signature == signature:
            return cached
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _Snapshot((), {})
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            data = None
        self._snapshot = _Snapshot(signature, data)
        return self._snapshot

    def load(self) -> dict[str, str]:
        """username -> hash; {} when there is no file yet. AccountsDamaged when the file cannot be read
        as accounts (nothing is moved: a reader may not set aside what a writer owns)."""
        accounts = self._read().accounts
        if accounts is None:
            raise AccountsDamaged(self.path)
        return dict(accounts)

    def load_for_service(self) -> Mapping[str, str]:
        """What a running service (token service, classroom service) uses, read-only and without a copy: a
        damaged file means no account verifies, and the service keeps running; the next `add-user` or
        `classroom up` says so."""
        return MappingProxyType(self._read().accounts or {})

    def load_for_update(self) -> dict[str, str]:
        """The accounts, before changing them. A damaged file is set aside (kept byte for byte, never
        overwritten) and AccountsDamaged names where it went."""
        try:
            return self.load()
        except AccountsDamaged:
            raise AccountsDamaged(self.path, keep_aside(self.path)) from None

    def add(self, username: str, password: str) -> None:
        self.add_many({username: password})

    def add_many(self, passwords: dict[str, str], one_time: bool = False) -> None:
        """Sets these accounts' passwords (new accounts or changed ones) in one write; the others are kept.
        `one_time`: the passwords come from generate_password (refused otherwise), and are stored under the
        room's keyed fast hash; a password a person chose is always stored under bcrypt."""
        for username, password in passwords.items():
            if not valid_username(username):
                raise InvalidUsername(username)
            if one_time and not GENERATED.match(password):
                raise ValueError("a one-time password must come from generate_password()")
        accounts = self.load_for_update()
        key = self._hash_key(create=True) if one_time else b""
        for username, password in passwords.items():
            accounts[username] = _fast_hash(key, username, password) if one_time else \
                bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
        write_json(self.path, accounts, mode=0o600)  # atomic: the token service may read it at any moment

    def _hash_key(self, create: bool = False) -> bytes | None:
        """The secret of this accounts file's fast hashes (accounts.key); None when there is none (then no fast
        hash verifies). Made once, private from its first byte, never replaced: replacing it would void every
        one-time password already handed out."""
        if self._key is None:
            from tutor.files import write_private

            try:
                self._key = self.key_path.read_bytes() or None
            except OSError:
                self._key = None
            if self._key is None and create:
                try:
                    write_private(self.key_path, secrets.token_bytes(32), exclusive=True)
                except FileExistsError:  # another writer made it meanwhile: theirs is the key
                    pass
                self._key = self.key_path.read_bytes()
        return self._key

    def verify(self, username: str, password: str, accounts: Mapping[str, str] | None = None) -> bool:
        """The one place a password is checked against its hash. One check whatever happens, so timing tells
        nothing about which usernames exist: a known name costs what its hash costs (bcrypt, or the fast keyed
        hash of a one-time password); an unknown name, or a malformed stored hash, costs a decoy check of the
        kind that a share of the file's accounts as large as the fast ones' share would cost, chosen per name
        by a keyed hash of it, so the same name always costs the same and unknown names cost, taken together,
        what the real accounts cost (in a room of one-time passwords: the fast hash, always)."""
        snapshot = self._read()
        hashed = (accounts if accounts is not None else (snapshot.accounts or {})).get(username)
        if hashed is not None and _is_fast(hashed):
            key = self._hash_key()
            return key is not None and hmac.compare_digest(_fast_hash(key, username, password), hashed)
        try:
            if hashed is not None:
                return bcrypt.checkpw(password.encode(), hashed.encode())
        except ValueError:  # not a bcrypt hash (a hand-edited file): no password matches it
            pass
        if self._decoy_is_fast(username, snapshot.fast_share):
            hmac.compare_digest(_fast_hash(self._hash_key() or b"decoy", username, password), _DECOY_FAST)
        else:
            bcrypt.checkpw(password.encode(), _decoy_hash())
        return False

    def _decoy_is_fast(self, username: str, fast_share: float) -> bool:
        if fast_share <= 0 or (key := self._hash_key()) is None:
            return False
        if fast_share >= 1:
            return True
        draw = hmac.new(key, b"decoy\0" + username.encode(), hashlib.sha256).digest()
        return int.from_bytes(draw[:8], "big") / 2 ** 64 < fast_share


_DECOY_FAST = FAST_PREFIX + "A" * 43 + "="  # as long as a real one, so the comparison costs the same


def _fast_hash(key: bytes, username: str, password: str) -> str:
    """HMAC-SHA256 under the room's key of the username and the password (the username in it: a hash copied
    to another account does not verify there)."""
    digest = hmac.new(key, f"{username}\0{password}".encode(), hashlib.sha256).digest()
    return FAST_PREFIX + base64.b64encode(digest).decode()


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
        """True when these credentials were verified lately: a cheap check, never a bcrypt one."""
        stored = self.accounts.load_for_service().get(username, "")
        return self._hit(self._key(username, password, stored), stored)

    def admit(self, username: str, address: str | None) -> Admission:
        """Whether a password for `username` from `address` may be checked now (and after what slowdown)."""
        return self.throttle.admit(username, address)

    def verify(self, username: str, password: str, address: str | None = None) -> bool:
        """The password check (unless verified lately); the result counts for the throttle. Call `admit` first."""
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
