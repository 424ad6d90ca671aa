"""How each practice account authenticated lately, as the token service saw it: which kind of credential (the
account's password, or an access token by name and scope), for what (a login, a pull, a push), with what
outcome, and which client asked (Docker's daemon, the tutor's own checks, another). Never a password, a token,
a hash, an address or a header: what a check needs to say "you logged in with your read token", nothing more.

One JSON file in the practice directory, the last ENTRIES entries per user."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock

from tutor.files import read_json, write_json

ENTRIES = 50
OUTCOMES = ("ok", "insufficient_scope", "revoked", "bad_credentials")


@dataclass(frozen=True)
class AuthEntry:
    at: float
    client: str  # "docker", "tutor" or "other"
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
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_directory(cls, directory: Path) -> AuthLog:
        return cls(directory / "auth-log.json")

    def add(self, user: str, entry: AuthEntry) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock", timeout=10):
            data = read_json(self.path)
            data = data if isinstance(data, dict) else {}
            entries = data.get(user) if isinstance(data.get(user), list) else []
            data[user] = (entries + [asdict(entry)])[-ENTRIES:]
            write_json(self.path, data, mode=0o600)

    def entries(self, user: str, since: float = 0.0) -> list[AuthEntry]:
        data = read_json(self.path)
        raw = data.get(user) if isinstance(data, dict) else None
        found = []
        for fields in raw if isinstance(raw, list) else ():
            try:
                entry = AuthEntry(**fields)
            except TypeError:
                continue
            if entry.at >= since:
                found.append(entry)
        return found
