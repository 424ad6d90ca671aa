"""The recorded state of a registry + token service pair (by default the practice one): where it answers, how
it was launched, and the identity (pid and start time) of each process the tutor started.

The file is only a record: the processes are the truth. A damaged record (not JSON, or values of the wrong
type) is never acted on: it is kept aside for the learner to look at, and the tutor finds its processes
from what they run instead (tutor.practice.launcher)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.files import write_json
from tutor.paths import practice_dir
from tutor.practice.processes import Recorded, valid_pid
from tutor.reference import registry_auth_key

LAUNCHES = ("binary", "container")
TOPOLOGIES = ("shared", "split")
_ADDRESS = re.compile(r"^[^\s/]+:\d{1,5}$")


class DamagedState(Exception):
    """state.json exists but cannot be used; `reason` says what is wrong with it (for the learner)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass(frozen=True)
class PairState:
    address: str  # host:port the learner types (and the tutor's own checks use)
    launch: str  # "binary" or "container"
    token_port: int
    token: Recorded | None  # None: recorded without a start time (an older tutor), so not provably ours
    started: float
    registry: Recorded | None = None  # the binary's process; a container is found by its name
    container: str | None = None
    # "shared": the engine shares the learner's loopback; "split": it does not (Docker Desktop, a remote or
    # rootless engine), so the registry is a container with a published port and the realm an alias.
    topology: str = "shared"
    realm: str | None = None  # the token service as the engine reaches it (host:port)

    @property
    def port(self) -> int:
        return int(self.address.rsplit(":", 1)[1])

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"address": self.address, "launch": self.launch, "token_port": self.token_port,
                                "started": self.started, "topology": self.topology}
        for name, recorded in (("token", self.token), ("registry", self.registry)):
            if recorded is not None:
                data[f"{name}_pid"], data[f"{name}_started"] = recorded.pid, recorded.started
        if self.container:
            data["container"] = self.container
        if self.realm:
            data["realm"] = self.realm
        return data


def state_file(directory: Path | None = None) -> Path:
    return (directory or practice_dir()) / "state.json"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _recorded(data: dict, name: str, required: bool) -> Recorded | None:
    pid, started = data.get(f"{name}_pid"), data.get(f"{name}_started")
    if pid is None and not required:
        return None
    if not valid_pid(pid):
        raise ValueError(f"{name}_pid is not a process id: {pid!r}")
    if started is None:
        return None  # an older tutor recorded no start time: the pid alone proves nothing
    if not _number(started):
        raise ValueError(f"{name}_started is not a time: {started!r}")
    return Recorded(pid, float(started))


def parse_state(data: Any) -> PairState:
    """The record, checked field by field; ValueError says the first thing that is wrong."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    address, launch, port = data.get("address"), data.get("launch"), data.get("token_port")
    if not isinstance(address, str) or not _ADDRESS.match(address) or not 0 < int(address.rsplit(":", 1)[1]) < 65536:
        raise ValueError(f"address is not host:port: {address!r}")
    if launch not in LAUNCHES:
        raise ValueError(f"launch is not binary or container: {launch!r}")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ValueError(f"token_port is not a port: {port!r}")
    if not _number(data.get("started")):
        raise ValueError(f"started is not a time: {data.get('started')!r}")
    container, topology, realm = data.get("container"), data.get("topology", "shared"), data.get("realm")
    if container is not None and not isinstance(container, str):
        raise ValueError(f"container is not a name: {container!r}")
    if topology not in TOPOLOGIES:
        raise ValueError(f"topology is not shared or split: {topology!r}")
    if realm is not None and (not isinstance(realm, str) or not _ADDRESS.match(realm)):
        raise ValueError(f"realm is not host:port: {realm!r}")
    return PairState(address, launch, port, _recorded(data, "token", True), float(data["started"]),
                     _recorded(data, "registry", launch == "binary"), container, topology, realm)


def read_state(directory: Path | None = None) -> PairState | None:
    """The recorded state; None when there is none. Raises DamagedState when the file cannot be used."""
    path = state_file(directory)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DamagedState(path, error.strerror or str(error)) from None
    try:
        return parse_state(json.loads(text))
    except ValueError as error:  # json.JSONDecodeError is a ValueError too
        raise DamagedState(path, str(error)) from None


def write_state(directory: Path, state: PairState) -> None:
    write_json(state_file(directory), state.to_json(), mode=0o600)


def set_aside(path: Path) -> Path:
    """Moves a damaged record out of the way, kept (never overwritten) for the learner to look at."""
    aside = path.with_name(f"{path.stem}.broken-{time.time_ns()}{path.suffix}")
    path.rename(aside)
    return aside


def forget_state(directory: Path) -> None:
    try:
        state_file(directory).unlink()
    except FileNotFoundError:
        pass


def running_address() -> str | None:
    """The practice registry's `127.0.0.1:PORT` when one was brought up, else None (a damaged record names
    no address: `tutor practice status` says what happened to it)."""
    try:
        state = read_state()
    except DamagedState:
        return None
    return state.address if state else None


_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def spellings(address: str) -> tuple[str, ...]:
    """The names one practice registry answers to: on loopback, each loopback name with the port (the learner
    may type any of them); elsewhere the address itself."""
    host, _, port = address.rpartition(":")
    if host in _LOOPBACK and port.isdigit():
        return tuple(f"{name}:{port}" for name in _LOOPBACK)
    return (address,)


def practice_names() -> tuple[str, ...]:
    """Every name of the practice registry running here; none when none runs. state.json is read once: a caller
    asking about several registries passes these to is_practice_registry."""
    address = running_address()
    return spellings(address) if address else ()


def is_practice_registry(registry: str, names: tuple[str, ...] | None = None) -> bool:
    """Whether `registry` is the practice registry running here (the only one that keeps the records of tokens
    and logins), in any of its spellings: `localhost:PORT` and `[::1]:PORT` are the registry at `127.0.0.1:PORT`.
    `names`: practice_names(), when the caller has them already."""
    return registry_auth_key(registry) in (practice_names() if names is None else names)
