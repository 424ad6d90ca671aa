"""The learner's side of a classroom: `tutor join`, the remembered room, and progress events that reach the
classroom service eventually (written to an outbox first, so an unreachable service loses nothing)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tutor.errors import TutorError
from tutor.files import read_json, write_json
from tutor.paths import data_dir

DOCKER_CERTS = "/etc/docker/certs.d"


def joined_dir() -> Path:
    return data_dir() / "room"


@dataclass(frozen=True)
class JoinedRoom:
    service: str
    registry: str
    user: str
    ca: str  # path of the room's CA certificate
    lesson: str = "docker-push"

    @classmethod
    def load(cls) -> JoinedRoom | None:
        try:
            return cls(**read_json(joined_dir() / "joined.json"))
        except TypeError:  # not joined (None), or not this shape
            return None

    def save(self) -> None:
        write_json(joined_dir() / "joined.json", asdict(self))


@dataclass(frozen=True)
class JoinResult:
    room: JoinedRoom
    ca_installed: Path | None  # where Docker will find the CA; None: the learner must do it (instructions)
    desktop: bool = False  # the engine is Docker Desktop (which copies ~/.docker/certs.d into its VM)


def join(url: str, user: str, password: str) -> JoinResult:
    from tutor.classroom.pinned import fetch_unverified_ca
    from tutor.classroom.tls import fingerprint

    parts = urlsplit(url)
    wanted = parts.fragment.removeprefix("sha256=")
    if parts.scheme != "https" or not parts.hostname or len(wanted) != 64:
        raise TutorError("classroom.bad_join_url", url=url)
    base = f"https://{parts.netloc}"
    # The CA is fetched before it can be trusted; the fingerprint from the handout is what makes it safe.
    pem = fetch_unverified_ca(base)
    try:
        matches = fingerprint(pem) == wanted.lower()
    except ValueError:
        matches = False
    if not matches:
        raise TutorError("classroom.fingerprint_mismatch", url=base)
    joined_dir().mkdir(parents=True, exist_ok=True)
    ca = joined_dir() / "ca.crt"
    ca.write_bytes(pem)
    try:
        info = requests.get(f"{base}/api/room", timeout=10, verify=str(ca)).json()
        registry = str(info["registry"])
    except (requests.RequestException, ValueError, KeyError, TypeError):
        raise TutorError("classroom.service_unreachable", url=base) from None
    installed, desktop = _install_ca(pem, registry)
    login = subprocess.run(["docker", "login", registry, "-u", user, "--password-stdin"], input=password + "\n",
                           capture_output=True, text=True, timeout=120)
    if login.returncode != 0:
        error = (login.stderr.strip().splitlines() or ["?"])[-1]
        if desktop and installed and ("x509" in error or "certificate" in error):
            # Docker Desktop copies ~/.docker/certs.d into its VM when it starts, not while it runs.
            raise TutorError("classroom.desktop_restart", path=str(installed), registry=registry)
        raise TutorError("classroom.login_failed", registry=registry, error=error)
    room = JoinedRoom(base, registry, user, str(ca), str(info.get("lesson", "docker-push")))
    room.save()
    return JoinResult(room, installed, desktop)


def _engine_is_docker_desktop() -> bool:
    from tutor.docker_env import DockerEnv

    return DockerEnv().operating_system() == "Docker Desktop"


def _install_ca(pem: bytes, registry: str) -> tuple[Path | None, bool]:
    """Puts the room's CA where the engine reads a registry's CA: /etc/docker/certs.d/HOST:PORT/ca.crt for an
    engine on this machine (Linux); ~/.docker/certs.d/HOST:PORT/ca.crt for Docker Desktop, which copies that
    directory into its VM. (Where it is installed, True when the engine is Docker Desktop.) None: it could not
    be written, and the learner is told what to do."""
    override = os.environ.get("TUTOR_DOCKER_CERTS_DIR")
    desktop = not override and _engine_is_docker_desktop()
    root = Path(override) if override else Path.home() / ".docker" / "certs.d" if desktop else Path(DOCKER_CERTS)
    target = root / registry / "ca.crt"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pem)
    except OSError:
        return None, desktop
    return target, desktop


class EventOutbox:
    """Progress events: appended to a file at once, sent by a background thread, removed once stored.
    Only step ids, hint counts and error categories: never command output, never secrets."""

    def __init__(self, room: JoinedRoom, credentials) -> None:
        self.room = room
        self._credentials = credentials  # () -> (user, password) from Docker's own store, in memory only
        self.path = joined_dir() / "outbox.jsonl"
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.messages: list[str] = []
        self._last_message = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> EventOutbox:
        self._thread.start()
        return self

    def record(self, kind: str, step: str | None = None, category: str | None = None,
               digest: str | None = None) -> None:
        event = {"id": uuid.uuid4().hex, "kind": kind, "step": step, "category": category, "digest": digest,
                 "at": time.time()}
        with self._lock:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(event) + "\n")
        self._wake.set()

    def pending(self) -> list[dict]:
        with self._lock:
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                return []
        return [json.loads(line) for line in lines if line.strip()]

    def flush(self) -> bool:
        """Sends what is pending; True when nothing is left."""
        events = self.pending()
        credentials = self._credentials()
        if not credentials:
            return not events
        try:
            for start in range(0, len(events), 100):
                batch = events[start:start + 100]
                response = requests.post(f"{self.room.service}/api/events", json=batch, auth=credentials,
                                         timeout=5, verify=self.room.ca)
                if response.status_code != 200:
                    return False
            new = requests.get(f"{self.room.service}/api/messages", params={"after": self._last_message},
                               auth=credentials, timeout=5, verify=self.room.ca)
            if new.status_code == 200:
                for message in new.json():
                    self._last_message = max(self._last_message, int(message["id"]))
                    self.messages.append(str(message["text"]))
        except (requests.RequestException, ValueError, KeyError):
            return False
        sent = {e["id"] for e in events}
        with self._lock:  # keep what was recorded while sending
            rest = [line for line in self.path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and json.loads(line)["id"] not in sent]
            self.path.write_text("".join(line + "\n" for line in rest), encoding="utf-8")
        return not rest

    def _run(self) -> None:
        while not self._stop.is_set():
            self.flush()
            self._wake.wait(5)
            self._wake.clear()

    def take_messages(self) -> list[str]:
        taken, self.messages = self.messages, []
        return taken

    def close(self, timeout: float = 3) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        self.flush()
