"""How each practice account authenticated lately, as the token service saw it: which kind of credential (the
account's password, or an access token by name and scope), for what (a login, a pull, a push), with what
outcome, and which client asked (Docker's daemon, another). Never a password, a token, a hash, an address or a
header: what a check needs to say "you logged in with your read token", nothing more.

One file per user in `<practice>/auth-log/`, a JSON line per entry, appended and never fsynced: the token service
writes it on every token request of the learner's Docker, so an entry costs one small write, not a rewrite of
everyone's log under one lock. An entry lost to a crash of the computer is no loss (the learner logs in again);
a line cut short is skipped. The file is cut back to the last ENTRIES entries when it grows past TRIM_BYTES."""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from tutor.files import write_text

ENTRIES = 50
TRIM_BYTES = 64 * 1024  # some 300 entries: trimming is rare, and a file never holds much more than that
OUTCOMES = ("ok", "insufficient_scope", "revoked", "bad_credentials")
# A practice username (Docker ID rules, practice/accounts.py) is a safe file name; anything else has no log.
_FILE_NAME = re.compile(r"[a-z0-9]{1,64}\Z")


@dataclass(frozen=True)
class AuthEntry:
    at: float
    client: str  # "docker" or "other" (the tutor's own requests are not recorded)
    credential: str  # "password" or "token"
    action: str  # "login" (no scope asked: what `docker login` does), "pull" or "push"
    outcome: str  # one of OUTCOMES
    token_name: str | None = None
    token_scope: str | None = None


def client_of(client_id: str | None, user_agent: str) -> str:
    """The tutor's own registry requests name themselves (client_id); Docker's daemon says so in its agent."""
    if client_id == "container-tutor":
        return "tutor"
    if user_agent.startswith("docker/"):
        return "docker"
    return "other"


def action_of(actions: set[str]) -> str:
    if not actions:
        return "login"
    return "push" if actions - {"pull"} else "pull"


class AuthLog:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._locks: dict[str, threading.Lock] = {}  # one per user: appends and a trim never overlap
        self._locks_lock = threading.Lock()

    @classmethod
    def in_directory(cls, directory: Path) -> AuthLog:
        return cls(directory / "auth-log")

    def path(self, user: str) -> Path | None:
        return self.directory / f"{user}.jsonl" if _FILE_NAME.match(user) else None

    def add(self, user: str, entry: AuthEntry) -> None:
        """Appends one line (one write() of a file opened O_APPEND: a reader sees it whole or not yet).
        Only the token service writes, so a lock per user in this process is all the locking there is."""
        path = self.path(user)
        if path is None:
            return
        with self._locks_lock:
            lock = self._locks.setdefault(user, threading.Lock())
        line = (json.dumps(asdict(entry)) + "\n").encode()
        with lock:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            except FileNotFoundError:
                self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                size = os.fstat(fd).st_size
            finally:
                os.close(fd)
            if size > TRIM_BYTES:
                # Put in place whole (a reader sees the old file or the new one), under the lock (no append lost).
                write_text(path, "".join(_lines(path)[-ENTRIES:]), mode=0o600)

    def entries(self, user: str, since: float = 0.0) -> list[AuthEntry]:
        """The user's last ENTRIES entries from `since` on; a line that is not a whole entry is skipped."""
        path = self.path(user)
        found = []
        for line in _lines(path)[-ENTRIES:] if path else ():
            try:
                entry = AuthEntry(**json.loads(line))
            except (ValueError, TypeError):
                continue
            if entry.at >= since:
                found.append(entry)
        return found


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    except OSError:
        return []
