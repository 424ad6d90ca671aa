"""`tutor classroom up|down|say|export|board` on the instructor's machine."""

from __future__ import annotations

import csv
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from tutor.classroom.handout import Card, HandoutFiles, write_handout
from tutor.classroom.room import WORKER_RECORD, RoomConfig, kept_lesson_ids, room_dir
from tutor.classroom.tls import fingerprint, make_room_certificates
from tutor.errors import TutorError
from tutor.files import private_directory, read_json, write_json
from tutor.practice import launcher, processes
from tutor.practice.accounts import Accounts, generate_password, valid_username
from tutor.practice.priority import lower_cpu_weight
from tutor.practice.state import DamagedState, read_state

SERVICE_MARKER = "tutor.classroom.service"
DEFAULT_REGISTRY_PORT = 5443


@dataclass(frozen=True)
class Handout:
    files: HandoutFiles | None  # None: no new accounts, so no new handout (the earlier ones are kept as they were)
    new_accounts: int
    directory: Path


def roster_names(roster: Path | None, count: int | None) -> list[str]:
    if roster is None:
        return [f"learner{n:02d}" for n in range(1, (count or 0) + 1)]
    try:
        with roster.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, csv.Error, UnicodeDecodeError) as error:
        raise TutorError("classroom.bad_roster", path=str(roster), error=str(error)) from None
    if rows and rows[0] and rows[0][0].strip().lower() in ("username", "user", "name"):
        rows = rows[1:]
    names = [row[0].strip().lower() for row in rows if row and row[0].strip()]
    for name in names:
        if not valid_username(name):
            raise TutorError("classroom.bad_roster_name", path=str(roster), name=name)
    return list(dict.fromkeys(names))


def join_command(room: RoomConfig, user: str) -> str:
    return f"tutor join {room.service_url}/#sha256={fingerprint(Path(room.directory) / 'ca.crt')} --user {user}"


def _service_answers(room: RoomConfig) -> bool:
    try:
        return requests.get(f"{room.service_url}/api/room", timeout=1, verify=room.place.verify).status_code == 200
    except requests.RequestException:
        return False


def up(listen: str, port: int | None, names: list[str], stuck_minutes: float = 5.0,
       lessons: tuple[str, ...] | None = None) -> tuple[RoomConfig, Handout]:
    """`lessons`: the room's, in order; None keeps those of the room already here (a new room: the default
    lesson)."""
    directory = private_directory(room_dir())  # 0700: keys, accounts, handouts and progress live here
    Accounts(directory / "accounts.json").load_for_update()  # damaged: kept aside and said before anything starts
    existing = None
    try:
        existing = RoomConfig.load(directory)
    except TutorError:
        pass
    # The lessons kept from the room here are checked as `--lesson`'s are (app/classroom.py): room.json may name a
    # folder (an older tutor's) or an id this tutor does not ship, which the service and the learners' tutors
    # cannot load. Said now, before anything starts.
    lessons = lessons or (kept_lesson_ids(existing.lessons) if existing else None)
    make_room_certificates(directory, listen)
    key = existing.instructor_key if existing and existing.host == listen else secrets.token_urlsafe(24)
    view_key = existing.view_key if existing and existing.host == listen and existing.view_key \
        else secrets.token_urlsafe(18)
    draft = RoomConfig(str(directory), listen, "", 0, key)
    result = launcher.up(port or DEFAULT_REGISTRY_PORT, draft.place)
    _background_priority(draft.place)
    service_port = existing.service_port if existing and existing.host == listen else 0
    # The port stays the room's as long as its own service holds it: the learners' join lines and outboxes
    # point there, so a second `up` must not move the service away from them.
    if not service_port or (processes.port_in_use(service_port, listen) and not _service_answers(existing)):
        service_port = processes.free_port(listen)
    room = RoomConfig(str(directory), listen, result.address, service_port, key, stuck_minutes=stuck_minutes,
                      view_key=view_key, **({"lessons": lessons} if lessons else {}))
    room.save()
    try:
        changed = existing and (existing.stuck_minutes != stuck_minutes or existing.view_key != view_key
                                or existing.lessons != room.lessons)
        _start_service(room, restart=bool(changed))
    except BaseException:
        launcher.down(False, room.place)  # leave nothing running behind a failed start
        raise
    return room, _accounts_and_handout(room, names)


def _background_priority(place: launcher.Place) -> None:
    """The room's registry and token service at a lower CPU weight than the classroom service
    (tutor/practice/priority.py): while the room pushes, the learners' events and the board keep their CPU. A
    registry in a container is the engine's to schedule, and is left as it is."""
    try:
        state = read_state(place.directory)
    except DamagedState:
        return
    for recorded, markers in ((state.token if state else None, place.token_markers),
                              (state.registry if state else None, place.registry_markers)):
        if processes.alive(recorded, markers):
            lower_cpu_weight(recorded.pid)


def _service_markers(directory: Path) -> tuple[str, ...]:
    return (SERVICE_MARKER, str(directory))


def _recorded_service(directory: Path, record: str = "service.pid") -> processes.Recorded | None:
    """The service (or its worker, `record` WORKER_RECORD) as recorded when it started (pid and start time); None
    when there is no usable record (an older tutor wrote the pid alone, which proves nothing)."""
    data = read_json(directory / record)
    if not isinstance(data, dict) or not processes.valid_pid(data.get("pid")):
        return None
    started = data.get("started")
    return processes.Recorded(data["pid"], float(started)) if isinstance(started, (int, float)) else None


# multiprocessing's spawn (macOS, Windows) starts the service's worker with this on its command line, and neither
# of the service's markers; on Linux (fork) the worker's command line is its server's.
SPAWNED_WORKER_MARKERS = ("--multiprocessing-fork",)


def _stop_service(directory: Path) -> None:
    """Stops the recorded service (if it proves to be it), its worker if it outlived it, and any other that
    serves this directory."""
    markers = _service_markers(directory)
    processes.stop(_recorded_service(directory), markers)
    worker = _recorded_service(directory, WORKER_RECORD)
    if not processes.stop(worker, markers):
        processes.stop(worker, SPAWNED_WORKER_MARKERS)
    for found in processes.find(markers):
        processes.stop(found, markers)
    for record in ("service.pid", WORKER_RECORD):
        (directory / record).unlink(missing_ok=True)


def _start_service(room: RoomConfig, restart: bool = False) -> None:
    directory = Path(room.directory)
    if not restart and processes.alive(_recorded_service(directory), _service_markers(directory)) \
            and _service_answers(room):
        return
    _stop_service(directory)
    child = processes.spawn([sys.executable, "-m", SERVICE_MARKER, str(directory)], directory / "service.log")
    write_json(directory / "service.pid", {"pid": child.recorded.pid, "started": child.recorded.started}, mode=0o600)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _service_answers(room):
            return
        if child.exited():
            break
        time.sleep(0.05)
    processes.stop_spawned(child)
    log = (directory / "service.log").read_text(errors="replace")[-300:] if (directory / "service.log").exists() else ""
    raise TutorError("classroom.service_failed", log=log.strip() or "-")


def _accounts_and_handout(room: RoomConfig, names: list[str]) -> Handout:
    """Accounts for the names that have none, and a handout with their one-time passwords. A handout is never
    written over: the first is handout.md/.csv/.html, later ones (only when there are new accounts) handout-2,
    -3, ... It is written, whole and private, before the accounts exist, so no password is ever made that no
    handout holds; existing learners keep their passwords. The passwords are generated (99 random bits), so
    they are stored under the room's fast keyed hash: a room joining at once waits for no bcrypt."""
    accounts = room.place.accounts
    known = accounts.load_for_update()
    new = {name: generate_password() for name in names if name not in known}
    directory = Path(room.directory)
    if not new:
        return Handout(None, 0, directory)
    cards = [Card(name, password, join_command(room, name)) for name, password in new.items()]
    files = write_handout(directory, cards, room.lessons, room.registry)
    accounts.add_many(new, one_time=True)
    return Handout(files, len(new), directory)


def down(purge: bool) -> bool:
    directory = room_dir()
    try:
        room = RoomConfig.load(directory)
    except TutorError:
        return False
    _stop_service(directory)
    launcher.down(purge, room.place)
    if purge:
        shutil.rmtree(directory, ignore_errors=True)
    return True


def _instructor_request(method: str, path: str, **kwargs) -> dict:
    room = RoomConfig.load()
    try:
        response = requests.request(method, f"{room.service_url}{path}", timeout=10, verify=room.place.verify,
                                    headers={"Authorization": f"Bearer {room.instructor_key}"}, **kwargs)
    except requests.RequestException:
        raise TutorError("classroom.service_unreachable", url=room.service_url) from None
    if response.status_code != 200:
        raise TutorError("classroom.service_refused", status=response.status_code)
    return response.json()


def say(text: str) -> None:
    _instructor_request("POST", "/api/say", json={"text": text})


def board_data(lang: str) -> dict:
    """The board's data, its step titles in `lang`."""
    return _instructor_request("GET", "/api/board", params={"lang": lang})


def export() -> dict:
    return _instructor_request("GET", "/api/export")
