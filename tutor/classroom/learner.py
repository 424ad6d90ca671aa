"""The learner's side of a classroom: `tutor join`, the remembered room, and progress events that reach the
classroom service eventually (written to an outbox first, so an unreachable service loses nothing)."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tutor.classroom.joined import JoinedRoom, joined_dir
from tutor.classroom.named_lessons import named_lessons
from tutor.docker import cli as docker_cli
from tutor.docker.engine import DockerEnv
from tutor.errors import TutorError
from tutor.files import read_json, write_json, write_private

DOCKER_CERTS = "/etc/docker/certs.d"


@dataclass(frozen=True)
class JoinResult:
    room: JoinedRoom
    ca_installed: Path | None  # where Docker will find the CA; None: the learner must do it (instructions)
    desktop: bool = False  # the engine is Docker Desktop (which copies ~/.docker/certs.d into its VM)


def join(url: str, user: str, password: str) -> JoinResult:
    # Here, not at the top: `tutor start` imports this module for the outbox, and tls loads cryptography (~45 ms).
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
        lessons = named_lessons(info)  # `lessons`, or an older service's one `lesson`
    except (requests.RequestException, ValueError, KeyError, TypeError):
        raise TutorError("classroom.service_unreachable", url=base) from None
    installed, desktop = _install_ca(pem, registry)
    login = docker_cli.login(registry, user, password)
    if not login.ok:
        error = login.last_error_line
        if desktop and installed and ("x509" in error or "certificate" in error):
            # Docker Desktop copies ~/.docker/certs.d into its VM when it starts, not while it runs.
            raise TutorError("classroom.desktop_restart", path=str(installed), registry=registry)
        raise TutorError("classroom.login_failed", registry=registry, error=error)
    room = JoinedRoom(base, registry, user, str(ca), lessons)
    room.save()
    # A new room (or the same address set up again) starts at its first message.
    _messages_seen_file().unlink(missing_ok=True)
    return JoinResult(room, installed, desktop)


def _install_ca(pem: bytes, registry: str) -> tuple[Path | None, bool]:
    """Puts the room's CA where the engine reads a registry's CA: /etc/docker/certs.d/HOST:PORT/ca.crt for an
    engine on this machine (Linux); ~/.docker/certs.d/HOST:PORT/ca.crt for Docker Desktop, which copies that
    directory into its VM. (Where it is installed, True when the engine is Docker Desktop.) None: it could not
    be written, and the learner is told what to do."""
    override = os.environ.get("TUTOR_DOCKER_CERTS_DIR")
    desktop = not override and DockerEnv().is_docker_desktop()
    root = Path(override) if override else Path.home() / ".docker" / "certs.d" if desktop else Path(DOCKER_CERTS)
    target = root / registry / "ca.crt"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pem)
    except OSError:
        return None, desktop
    return target, desktop


# The service refused these for good (malformed, too large, past the learner's limit): sending them again
# would only block the events behind them, so they are kept aside instead.
REFUSED_FOR_GOOD = {400, 413, 422}
MAX_MESSAGE = 500  # characters of one instructor message shown, whatever a service sends


class EventOutbox:
    """Progress events: appended to a file at once (and to disk: fsync), sent by a background thread, removed
    once stored. A line that cannot be read (a crash in mid-write) or a batch the service refuses for good is
    kept aside in outbox.damaged.jsonl and the rest is sent. Only step ids, hint counts and error categories:
    never command output, never secrets. The instructor's messages are fetched with the same credentials;
    the id of the last one shown is remembered, so a restarted tutor does not show them again."""

    def __init__(self, room: JoinedRoom, credentials) -> None:
        self.room = room
        self._credentials = credentials  # () -> (user, password) from Docker's own store, in memory only
        self.path = joined_dir() / "outbox.jsonl"
        self.aside = joined_dir() / "outbox.damaged.jsonl"
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._messages: list[tuple[int, str]] = []
        self._last_message = _messages_seen(room)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> EventOutbox:
        self._thread.start()
        return self

    def record(self, kind: str, step: str | None = None, category: str | None = None,
               digest: str | None = None, lesson: str | None = None, platform: str | None = None) -> None:
        """`lesson`: the room's lesson it happened in (None: the room's first, as older tutors sent it).
        `platform`: the learner's (tutor/app/platform.py), whose steps of the lesson they get: the board
        shows them over those."""
        event = {"id": uuid.uuid4().hex, "kind": kind, "step": step, "category": category, "digest": digest,
                 "at": time.time()}
        if lesson is not None:
            event["lesson"] = lesson
        if platform is not None:
            event["platform"] = platform
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+b") as handle:
                # After a crash in mid-line the file ends without a newline: start on a line of our own, so
                # that only the broken line is lost, never this one.
                if handle.tell() and (handle.seek(-1, os.SEEK_END), handle.read(1))[1] != b"\n":
                    handle.write(b"\n")
                handle.write(json.dumps(event).encode() + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
        self._wake.set()

    def _read(self) -> list[dict]:
        """The readable events (the lock is held); unreadable lines are moved to the aside file."""
        try:
            lines = self.path.read_bytes().splitlines()
        except FileNotFoundError:
            return []
        events, broken = [], []
        for line in lines:
            if not line.strip():
                continue
            try:
                event = json.loads(line, parse_constant=_not_json)  # NaN could never be sent: unreadable too
            except (ValueError, RecursionError):
                event = None
            if isinstance(event, dict) and isinstance(event.get("id"), str):
                events.append(event)
            else:
                broken.append(line)
        if broken:
            self._set_aside(broken)
            self._rewrite(events)
        return events

    def _set_aside(self, lines: list[bytes]) -> None:
        with self.aside.open("ab") as handle:
            handle.write(b"".join(line + b"\n" for line in lines))
            handle.flush()
            os.fsync(handle.fileno())

    def _rewrite(self, events: list[dict]) -> None:
        write_private(self.path, b"".join(json.dumps(e).encode() + b"\n" for e in events))

    def pending(self) -> list[dict]:
        with self._lock:
            return self._read()

    def flush(self) -> bool:
        """Sends what is pending; True when nothing is left."""
        events = self.pending()
        credentials = self._credentials()
        if not credentials:
            return not events
        done: set[str] = set()
        refused: list[dict] = []
        try:
            batches = [events[start:start + 100] for start in range(0, len(events), 100)]
            while batches:
                batch = batches.pop(0)
                status = self._send(batch, credentials)
                if status in REFUSED_FOR_GOOD and len(batch) > 1:
                    batches[:0] = [[e] for e in batch]  # a batch is stored whole or not at all: find the bad one
                    continue
                if status in REFUSED_FOR_GOOD:
                    refused += batch
                elif status != 200:
                    break
                done |= {e["id"] for e in batch}
            self._fetch_messages(credentials)
        except (requests.RequestException, ValueError, KeyError, TypeError):
            pass
        with self._lock:  # keep what was recorded while sending
            if refused:
                self._set_aside([json.dumps(e).encode() for e in refused])
            rest = [e for e in self._read() if e["id"] not in done]
            if done:
                self._rewrite(rest)
        return not rest

    def _send(self, batch: list[dict], credentials) -> int:
        return requests.post(f"{self.room.service}/api/events", json=batch, auth=credentials, timeout=5,
                             verify=self.room.ca).status_code

    def _fetch_messages(self, credentials) -> None:
        new = requests.get(f"{self.room.service}/api/messages", params={"after": self._last_message},
                           auth=credentials, timeout=5, verify=self.room.ca)
        if new.status_code != 200:
            return
        for message in new.json():
            number, text = message["id"], message["text"]
            if isinstance(number, int) and isinstance(text, str) and number > self._last_message:
                self._last_message = number
                with self._lock:
                    self._messages.append((number, text[:MAX_MESSAGE]))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.flush()
            self._wake.wait(5)
            self._wake.clear()

    def take_messages(self) -> list[str]:
        """The instructor's messages not yet shown; from now on they count as shown (also after a restart)."""
        with self._lock:
            taken, self._messages = self._messages, []
        if taken:
            _remember_messages_seen(self.room, taken[-1][0])
        return [text for _, text in taken]

    def close(self, timeout: float = 3) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.ident is not None:  # started
            self._thread.join(timeout)
        self.flush()


def _not_json(name: str) -> None:
    raise ValueError(name)


def _messages_seen_file() -> Path:
    return joined_dir() / "messages-seen.json"


def _messages_seen(room: JoinedRoom) -> int:
    """The id of the last instructor message this learner's tutor showed, in this room."""
    data = read_json(_messages_seen_file())
    if isinstance(data, dict) and data.get("service") == room.service and type(data.get("last")) is int:
        return data["last"]
    return 0


def _remember_messages_seen(room: JoinedRoom, last: int) -> None:
    try:
        write_json(_messages_seen_file(), {"service": room.service, "last": last})
    except OSError:  # a full disk: the message may show again after a restart, nothing worse
        pass
