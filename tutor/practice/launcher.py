"""Brings the practice registry up and down: the CNCF distribution registry (a container when a registry
image is present locally, else the `registry`/`docker-registry` binary) with token auth answered by the
tutor's token service. Everything lives under the tutor's data directory and survives down/up.

Where the engine does not share the learner's loopback (Docker Desktop on macOS and Windows, a rootless or
remote engine: tutor.practice.topology decides it from the engine itself), the registry runs as a container
with its port published on 127.0.0.1 (reachable as that same address from the engine and from the learner),
and the registry names the token service by `host.docker.internal`, the engine's way to the learner's
computer. The learner types `127.0.0.1:PORT` either way.

The state file is a record, the processes are the truth: each process is signalled only when its pid, its
start time and its command line prove it is the one recorded, and when the record is lost or damaged the
tutor finds its processes by what they run (this directory's config.yml, this directory's token service),
so two registries never run on one storage."""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import psutil
import requests
import yaml

from tutor.docker import cli as docker_cli
from tutor.docker.engine import DockerEnv
from tutor.errors import ExitCode, PracticeError, StateError, TutorError
from tutor.files import write_text
from tutor.paths import practice_dir
from tutor.practice import processes
from tutor.practice.accounts import Accounts
from tutor.practice.processes import Recorded
from tutor.practice.state import DamagedState, PairState, forget_state, read_state, set_aside, write_state
from tutor.practice.token_names import ISSUER, SERVICE, signing_paths
from tutor.practice.topology import SHARED, Topology, detect

DEFAULT_PORT = 5000
DEFAULT_IMAGE = "registry:2"
CONTAINER_NAME = "tutor-practice-registry"
TOKEN_MARKER = "tutor.practice.token_service"
READY_SECONDS = 20
CONTAINER_ROOT = PurePosixPath("/tutor")  # where a registry container sees the place's directory
CONTAINER_PORT = 5000  # the registry's port inside its own network (published on the learner's 127.0.0.1)
PLACE_LABEL = "io.github.container-tutor.place"  # on the container: the directory it serves
ADDRESS_LABEL = "io.github.container-tutor.address"  # ... and the address the learner types
PORT_TRIES = 3  # a published port may be taken inside the engine's VM though free here: try another


@dataclass(frozen=True)
class Place:
    """Where a registry + token service pair lives: the learner's practice registry on 127.0.0.1 over HTTP,
    or a classroom's on its listen address over TLS (`tls` = (certificate, key, CA certificate))."""

    directory: Path
    host: str = "127.0.0.1"
    tls: tuple[Path, Path, Path] | None = None
    container_name: str = CONTAINER_NAME

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def verify(self) -> str | bool:
        return str(self.tls[2]) if self.tls else True

    @property
    def config(self) -> Path:
        return self.directory / "config.yml"

    @property
    def accounts(self) -> Accounts:
        return Accounts(self.directory / "accounts.json")

    @property
    def on_loopback(self) -> bool:
        """The learner's own registry on their loopback, where the engine's topology matters. (A classroom's
        is on a LAN address that every engine reaches the same way.)"""
        return self.tls is None and self.host in ("127.0.0.1", "localhost")

    @property
    def token_markers(self) -> tuple[str, ...]:
        return (TOKEN_MARKER, str(self.directory))

    @property
    def registry_markers(self) -> tuple[str, ...]:
        return ("serve", str(self.config))


class BadSetting(TutorError):
    exit_code = ExitCode.USAGE


def practice_place() -> Place:
    return Place(practice_dir())


def practice_port(port: int | None) -> int | None:
    """The port asked for: `--port`, else TUTOR_PRACTICE_PORT, else None (the default, or a free one)."""
    if port is not None:
        return port
    text = os.environ.get("TUTOR_PRACTICE_PORT", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise BadSetting("practice.bad_port_setting", value=text)
    return int(text)


@dataclass(frozen=True)
class Damage:
    """A state file that could not be used: what was wrong, and where it was kept (None: left in place)."""

    path: str
    reason: str
    aside: str | None = None

    def error(self) -> StateError:
        key = "practice.state_damaged_kept" if self.aside else "practice.state_damaged"
        return StateError(key, path=self.path, reason=self.reason, aside=self.aside or "-")


@dataclass(frozen=True)
class UpResult:
    address: str
    launch: str  # "binary" or "container"
    already_running: bool
    wanted_port: int
    port: int
    topology: str = "shared"
    damage: Damage | None = None


@dataclass(frozen=True)
class Status:
    running: bool
    address: str | None
    launch: str | None
    registry_alive: bool
    token_alive: bool
    accounts: int
    repositories: list[str] = field(default_factory=list)
    topology: str | None = None
    damage: Damage | None = None

    @property
    def crashed(self) -> bool:
        """Recorded as up, but a process is gone (or the registry does not answer)."""
        return bool(self.address) and not self.running


@dataclass(frozen=True)
class DownResult:
    was_running: bool
    damage: Damage | None = None


def _registry_binary() -> str | None:
    return shutil.which("registry") or shutil.which("docker-registry")


def _config_yaml(place: Place, listen: str, realm: str, root: Path | PurePosixPath) -> str:
    """The registry's config.yml, written by a YAML library: a data directory whose path holds ` #` or `: `
    stays one string. `root` is the place's directory as the registry sees it (its own path for the binary,
    CONTAINER_ROOT in a container)."""
    def seen(path: Path) -> str:
        return str(root / path.relative_to(place.directory))

    http: dict = {"addr": listen, "secret": os.urandom(16).hex()}
    if place.tls:
        http["tls"] = {"certificate": seen(place.tls[0]), "key": seen(place.tls[1])}
    config = {
        "version": "0.1",
        "log": {"level": "warn", "accesslog": {"disabled": True}},
        "storage": {"filesystem": {"rootdirectory": seen(place.directory / "data")}, "delete": {"enabled": True}},
        "http": http,
        "auth": {"token": {"realm": realm, "service": SERVICE, "issuer": ISSUER,
                           "rootcertbundle": seen(signing_paths(place.directory)[1])}},
    }
    return yaml.safe_dump(config, sort_keys=False)


def _container_image(pull: bool) -> str | None:
    """The registry image (TUTOR_REGISTRY_IMAGE, default registry:2) if it is here, or, with `pull`, once it
    has been pulled."""
    image = os.environ.get("TUTOR_REGISTRY_IMAGE", DEFAULT_IMAGE)
    if docker_cli.image_present(image):
        return image
    if pull:
        return image if docker_cli.pull(image) else None
    return None


def choose_launch(topology: Topology = SHARED) -> tuple[str, str]:
    """("container", image) or ("binary", path). TUTOR_PRACTICE_LAUNCH=binary|container forces one.

    A registry image already here wins; then the binary; the image is pulled only when there is no binary
    (or a container is asked for), so an offline machine never waits on a pull that cannot succeed. An engine
    that does not share the learner's loopback can only use a container (a binary here is out of its reach)."""
    forced = os.environ.get("TUTOR_PRACTICE_LAUNCH", "auto")
    image_name = os.environ.get("TUTOR_REGISTRY_IMAGE", DEFAULT_IMAGE)
    if topology.split:
        if forced == "binary":
            raise PracticeError("practice.binary_needs_shared_engine")
        image = _container_image(pull=True) if docker_cli.available() else None
        if image:
            return "container", image
        raise PracticeError("practice.no_registry_image", image=image_name)
    binary = _registry_binary()
    if forced in ("auto", "container") and docker_cli.available():
        image = _container_image(pull=forced == "container" or binary is None)
        if image:
            return "container", image
    if forced == "container":
        raise PracticeError("practice.no_registry_image", image=image_name)
    if binary and forced in ("auto", "binary"):
        return "binary", binary
    raise PracticeError("practice.no_registry")


def _answers(address: str, place: Place) -> bool:
    try:
        response = requests.get(f"{place.scheme}://{address}/v2/", timeout=1, verify=place.verify)
    except requests.RequestException:
        return False
    return response.status_code in (200, 401) and "Docker-Distribution-Api-Version" in response.headers


def _token_answers(place: Place, port: int) -> bool:
    try:
        return requests.get(f"{place.scheme}://{place.host}:{port}/token", timeout=1,
                            verify=place.verify).status_code == 200
    except requests.RequestException:
        return False


# --- the container, found by its name and proven by its label --------------------------------------------

def _container(place: Place) -> tuple[bool, str | None] | None:
    """(running, the address it serves) of this place's registry container; None when there is none (or the
    container of that name serves another directory: another TUTOR_HOME's, not ours to touch)."""
    if not docker_cli.available():
        return None
    found = docker_cli.container_labels(place.container_name, (PLACE_LABEL, ADDRESS_LABEL))
    if found is None:
        return None
    running, labels = found
    if labels[PLACE_LABEL] and labels[PLACE_LABEL] != str(place.directory):
        return None
    return running, labels[ADDRESS_LABEL] or None


def _remove_container(place: Place) -> None:
    removed = docker_cli.remove_container(place.container_name)
    if not removed.ok and "No such container" not in removed.output:
        raise PracticeError("practice.down_incomplete", what=place.container_name,
                            error=removed.output[-300:] or "docker rm")


# --- what runs: from the record, or found by what the processes are ----------------------------------------

def _token_port_of(recorded: Recorded, place: Place) -> int | None:
    try:
        line = psutil.Process(recorded.pid).cmdline()
        return int(line[line.index(str(place.directory)) + 1])
    except (psutil.Error, ValueError, IndexError):
        return None


def _binary_address(place: Place) -> str | None:
    try:
        addr = (yaml.safe_load(place.config.read_text(encoding="utf-8")) or {})["http"]["addr"]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None
    return addr if isinstance(addr, str) and ":" in addr else None


@dataclass(frozen=True)
class _Found:
    """What runs for a place, found by what it is: processes by their command line, the container by its
    name and label. One scan of the process table per command."""

    tokens: list[Recorded]
    registries: list[Recorded]
    container: tuple[bool, str | None] | None


def _look(place: Place, containers: bool) -> _Found:
    tokens, registries = processes.find_each(place.token_markers, place.registry_markers)
    return _Found(tokens, registries, _container(place) if containers else None)


def recover(place: Place, found: _Found) -> PairState | None:
    """The pair as its processes show it, for when the record is missing or damaged: the token service
    whose command line names this directory, the registry binary serving this directory's config.yml, or
    this directory's container. None when none of them runs."""
    if not found.tokens and not found.registries and not found.container:
        return None
    token = found.tokens[0] if found.tokens else None
    token_port = (_token_port_of(token, place) if token else None) or 1
    if found.registries:
        address, launch, registry = _binary_address(place), "binary", found.registries[0]
    else:
        address, launch, registry = (found.container[1] if found.container else None), "container", None
    started = min((r.started for r in found.tokens + found.registries), default=time.time())
    return PairState(address or f"{place.host}:0", launch, token_port, token, started, registry,
                     place.container_name if launch == "container" else None)


@dataclass(frozen=True)
class _Read:
    state: PairState | None
    damage: Damage | None = None
    found: _Found | None = None  # looked up only when the record could not say


def _read(place: Place, keep_aside: bool) -> _Read:
    """The record, or (when it is missing or damaged) what the processes show. `keep_aside`: a command that
    writes the record (up, down) moves a damaged one out of the way first; status only reads."""
    try:
        state = read_state(place.directory)
    except DamagedState as damaged:
        aside = str(set_aside(damaged.path)) if keep_aside else None
        found = _look(place, containers=True)
        return _Read(recover(place, found), Damage(str(damaged.path), damaged.reason, aside), found)
    if state is None:
        found = _look(place, containers=True)
        return _Read(recover(place, found), None, found)
    return _Read(state)


def _registry_alive(state: PairState, place: Place) -> bool:
    if state.launch == "container":
        found = _container(place)
        return found is not None and found[0]
    return processes.alive(state.registry, place.registry_markers)


def _status_of(place: Place, state: PairState | None, damage: Damage | None) -> Status:
    accounts = len(place.accounts.load())
    if state is None:
        return Status(False, None, None, False, False, accounts, damage=damage)
    registry_alive = _registry_alive(state, place)
    token_alive = processes.alive(state.token, place.token_markers)
    running = registry_alive and token_alive and _answers(state.address, place)
    return Status(running, state.address, state.launch, registry_alive, token_alive, accounts,
                  repositories(place) if running else [], state.topology, damage)


def status(place: Place | None = None) -> Status:
    place = place or practice_place()
    read = _read(place, keep_aside=False)
    return _status_of(place, read.state, read.damage)


def repositories(place: Place | None = None) -> list[str]:
    """Repositories in the registry's storage, read from disk (the catalog API would need a token)."""
    root = (place or practice_place()).directory / "data" / "docker" / "registry" / "v2" / "repositories"
    if not root.is_dir():
        return []
    found = []
    for manifests in root.rglob("_manifests"):
        found.append(str(manifests.parent.relative_to(root)))
    return sorted(found)


# --- up ---------------------------------------------------------------------------------------------------

def _private_directories(place: Place) -> None:
    """The place's directory holds the registry's secret, the signing key and the accounts: the learner's
    eyes only, from the start (an older tutor made it 0755)."""
    for directory in (place.directory, place.directory / "data"):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)


def _log_offsets(place: Place) -> dict[Path, int]:
    """Where this run's lines begin in each log (they are appended to, run after run)."""
    logs = (place.directory / "registry.log", place.directory / "token-service.log")
    return {log: log.stat().st_size if log.exists() else 0 for log in logs}


def _this_run_log(offsets: dict[Path, int], place: Place, container: bool) -> str:
    """What this run's processes said: the logs past `offsets`, and the container's own log."""
    parts = []
    for log, offset in offsets.items():
        try:
            with open(log, "rb") as handle:
                handle.seek(offset)
                parts.append(handle.read().decode(errors="replace").strip())
        except OSError:
            continue
    if container:
        parts.append(docker_cli.container_logs(place.container_name))
    return " ".join(part for part in parts if part)[-300:].strip()


def _run_container(place: Place, image: str, address: str, topology: Topology) -> tuple[bool, str]:
    """`docker run` of the registry container; (started, what docker said)."""
    docker_cli.remove_container(place.container_name)  # a dead one of ours, left by a crash
    if topology.split:
        network = ["-p", f"{address}:{CONTAINER_PORT}"]
    else:
        network = ["--network", "host"]
    started = docker_cli.run_container(place.container_name, image,
                                       {PLACE_LABEL: str(place.directory), ADDRESS_LABEL: address},
                                       [*network, "-v", f"{place.directory}:{CONTAINER_ROOT}"],
                                       ["serve", str(CONTAINER_ROOT / place.config.name)])
    return started.ok, started.output


def _port_taken_in_engine(out: str) -> bool:
    return "port is already allocated" in out or "address already in use" in out


def up(port: int | None = None, place: Place | None = None, docker: DockerEnv | None = None) -> UpResult:
    place = place or practice_place()
    _private_directories(place)
    wanted = port or DEFAULT_PORT
    read = _read(place, keep_aside=True)
    damage = read.damage
    current = _status_of(place, read.state, damage)
    if current.running and damage is None and (port is None or current.address == f"{place.host}:{port}"):
        return UpResult(current.address, current.launch, True, wanted, int(current.address.rsplit(":", 1)[1]),
                        current.topology or "shared")
    # Half-running (one process crashed), another port, or a lost record: stop every process of this place
    # (recorded or found), data kept, so that two registries never share one storage.
    _stop(place, read.state, read.found)

    topology = _topology(place, docker)
    launch, what = choose_launch(topology)
    chosen = wanted if not processes.port_in_use(wanted, place.host) else processes.free_port(place.host)
    token_port = processes.free_port(place.host)
    realm_host = topology.realm_host if place.on_loopback else place.host
    realm = f"{place.scheme}://{realm_host}:{token_port}/token"
    offsets = _log_offsets(place)
    token_command = [sys.executable, "-m", TOKEN_MARKER, str(place.directory), str(token_port), place.host]
    if place.tls:
        token_command += [str(place.tls[0]), str(place.tls[1])]
    token = processes.spawn(token_command, place.directory / "token-service.log")
    children = [token]
    registry = None
    try:
        _await_signing_material(place, token, offsets)
        if launch == "binary":
            write_text(place.config, _config_yaml(place, f"{place.host}:{chosen}", realm, place.directory), 0o600)
            registry = processes.spawn([what, "serve", str(place.config)], place.directory / "registry.log")
            children.append(registry)
        else:
            listen = f":{CONTAINER_PORT}" if topology.split else f"{place.host}:{chosen}"
            write_text(place.config, _config_yaml(place, listen, realm, CONTAINER_ROOT), 0o600)
            for attempt in range(PORT_TRIES):
                started, out = _run_container(place, what, f"{place.host}:{chosen}", topology)
                if started or not (topology.split and _port_taken_in_engine(out)) or attempt == PORT_TRIES - 1:
                    break
                chosen = processes.free_port(place.host)
            if not started:
                raise PracticeError("practice.start_failed", log=out[-300:] or "docker run")
    except BaseException:
        processes.stop_spawned(token)
        raise
    state = PairState(f"{place.host}:{chosen}", launch, token_port, token.recorded, time.time(),
                      registry.recorded if registry else None, place.container_name if launch == "container" else None,
                      topology.name if place.on_loopback else "shared", f"{realm_host}:{token_port}")
    write_state(place.directory, state)

    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if _answers(state.address, place) and _token_answers(place, token_port):
            return UpResult(state.address, launch, False, wanted, chosen, state.topology, damage)
        if any(child.exited() for child in children) or (launch == "container" and not _registry_alive(state, place)):
            break
        time.sleep(0.02)
    log = _this_run_log(offsets, place, container=launch == "container")
    for child in children:
        processes.stop_spawned(child)
    if launch == "container":
        _remove_container(place)
    forget_state(place.directory)
    raise PracticeError("practice.start_failed", log=log or "-")


def _await_signing_material(place: Place, token: processes.Spawned, offsets: dict[Path, int]) -> None:
    """The token service makes its signing key and certificate when it first starts (tokens.py, with jwt and
    cryptography, is its own: the launcher does not import it). The registry reads the certificate when it
    starts, so a place's first start waits for it; every later start finds it there."""
    certificate = signing_paths(place.directory)[1]
    deadline = time.monotonic() + READY_SECONDS
    while not certificate.exists():
        if token.exited() or time.monotonic() > deadline:
            raise PracticeError("practice.start_failed", log=_this_run_log(offsets, place, container=False) or "-")
        time.sleep(0.02)


def _topology(place: Place, docker: DockerEnv | None) -> Topology:
    """Only the learner's loopback registry depends on where the engine stands."""
    if not place.on_loopback:
        return SHARED
    if docker is None:
        docker = DockerEnv()

    return detect(docker)


# --- down -------------------------------------------------------------------------------------------------

def _stop(place: Place, state: PairState | None, found: _Found | None = None) -> bool:
    """Stops this place's registry and token service: the recorded ones (when they prove to be what was
    recorded) and any other process that runs this place's config or token service. True if any ran."""
    found = found or _look(place, containers=state is None or state.launch == "container")
    failure, stopped = None, False
    if found.container is not None:
        try:
            _remove_container(place)
            stopped = True
        except PracticeError as error:  # the engine refused: still stop the processes, then say so
            failure = error
    for recorded, markers, others in ((state.registry if state else None, place.registry_markers, found.registries),
                                      (state.token if state else None, place.token_markers, found.tokens)):
        stopped |= processes.stop(recorded, markers)
        for other in others:
            stopped |= processes.stop(other, markers)
    if failure is not None:
        raise failure
    return stopped


PURGED = ("accounts.json", "token.key", "token.crt", "config.yml", "baseline.json")


def _delete(place: Place) -> list[str]:
    """Deletes the stored images and accounts; what could not be deleted, as `path: reason`."""
    problems: list[str] = []

    def note(_function, path, error) -> None:  # onexc (3.12+) passes the exception, onerror an exc_info tuple
        error = error[1] if isinstance(error, tuple) else error
        problems.append(f"{path}: {getattr(error, 'strerror', None) or error}")

    data = place.directory / "data"
    if data.exists():
        if sys.version_info >= (3, 12):
            shutil.rmtree(data, onexc=note)
        else:
            shutil.rmtree(data, onerror=note)
    for name in PURGED:
        try:
            (place.directory / name).unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            note(None, place.directory / name, error)
    return problems


def down(purge: bool = False, place: Place | None = None) -> DownResult:
    """Stops both processes; `purge` also deletes stored images and accounts. When something cannot be
    done, the error says what was done before it."""
    place = place or practice_place()
    read = _read(place, keep_aside=True)
    was_running = _stop(place, read.state, read.found) or read.state is not None
    forget_state(place.directory)
    if purge:
        problems = _delete(place)
        if problems:
            path, _, reason = problems[0].partition(": ")
            raise PracticeError("practice.purge_incomplete", path=path, error=reason, count=len(problems))
    return DownResult(was_running, read.damage)


def add_user(name: str, password: str, place: Place | None = None) -> bool:
    """Creates the account, or gives an existing one this password (the old one stops working). True when
    the account already existed: its password was reset."""
    accounts = (place or practice_place()).accounts
    existed = name in accounts.load_for_update()  # a damaged file is set aside and said, never read as empty
    accounts.add(name, password)
    return existed
