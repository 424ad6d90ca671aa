"""Brings the practice registry up and down: the CNCF distribution registry (a container when a registry
image is present locally, else the `registry`/`docker-registry` binary) with token auth answered by the
tutor's token service. Everything lives under the tutor's data directory and survives down/up."""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tutor.errors import PracticeError
from tutor.files import write_json
from tutor.paths import practice_dir
from tutor.practice import processes
from tutor.practice.accounts import Accounts
from tutor.practice.state import read_state, state_file  # noqa: F401 - read_state: part of this API
from tutor.practice.tokens import ISSUER, SERVICE, make_signing_material

DEFAULT_PORT = 5000
DEFAULT_IMAGE = "registry:2"
CONTAINER_NAME = "tutor-practice-registry"
TOKEN_MARKER = "tutor.practice.token_service"
READY_SECONDS = 20


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


def practice_place() -> Place:
    return Place(practice_dir())


@dataclass(frozen=True)
class UpResult:
    address: str
    launch: str  # "binary" or "container"
    already_running: bool
    wanted_port: int
    port: int


@dataclass(frozen=True)
class Status:
    running: bool
    address: str | None
    launch: str | None
    registry_alive: bool
    token_alive: bool
    accounts: int
    repositories: list[str] = field(default_factory=list)


def _registry_binary() -> str | None:
    return shutil.which("registry") or shutil.which("docker-registry")


def _config(place: Place, port: int, token_port: int, cert: Path) -> Path:
    tls = f"  tls:\n    certificate: {place.tls[0]}\n    key: {place.tls[1]}\n" if place.tls else ""
    place.config.write_text(
        "version: 0.1\n"
        "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {place.directory / 'data'}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: {place.host}:{port}\n  secret: {os.urandom(16).hex()}\n{tls}"
        "auth:\n  token:\n"
        f"    realm: {place.scheme}://{place.host}:{token_port}/token\n    service: {SERVICE}\n    issuer: {ISSUER}\n"
        f"    rootcertbundle: {cert}\n",
        encoding="utf-8",
    )
    return place.config


def _docker_cli(*args: str, timeout: float = 30) -> tuple[int, str]:
    import subprocess

    try:
        done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, (done.stdout + done.stderr).strip()


def _container_image(pull: bool) -> str | None:
    """The registry image (TUTOR_REGISTRY_IMAGE, default registry:2) if it is here, or, with `pull`, once it
    has been pulled."""
    image = os.environ.get("TUTOR_REGISTRY_IMAGE", DEFAULT_IMAGE)
    code, _ = _docker_cli("image", "inspect", "--format", "{{.Id}}", image, timeout=10)
    if code == 0:
        return image
    if pull:
        code, _ = _docker_cli("pull", image, timeout=300)
        return image if code == 0 else None
    return None


def choose_launch() -> tuple[str, str]:
    """("container", image) or ("binary", path). TUTOR_PRACTICE_LAUNCH=binary|container forces one.

    A registry image already here wins; then the binary; the image is pulled only when there is no binary
    (or a container is asked for), so an offline machine never waits on a pull that cannot succeed."""
    forced = os.environ.get("TUTOR_PRACTICE_LAUNCH", "auto")
    binary = _registry_binary()
    if forced in ("auto", "container") and shutil.which("docker"):
        image = _container_image(pull=forced == "container" or binary is None)
        if image:
            return "container", image
    if forced == "container":
        raise PracticeError("practice.no_registry_image", image=os.environ.get("TUTOR_REGISTRY_IMAGE", DEFAULT_IMAGE))
    if binary and forced in ("auto", "binary"):
        return "binary", binary
    raise PracticeError("practice.no_registry")


def _answers(address: str, place: Place) -> bool:
    try:
        response = requests.get(f"{place.scheme}://{address}/v2/", timeout=1, verify=place.verify)
    except requests.RequestException:
        return False
    return response.status_code in (200, 401) and "Docker-Distribution-Api-Version" in response.headers


def _registry_alive(state: dict, place: Place) -> bool:
    if state.get("launch") == "container":
        code, out = _docker_cli("inspect", "--format", "{{.State.Running}}", place.container_name, timeout=10)
        return code == 0 and out == "true"
    return processes.alive(state.get("registry_pid"), str(place.config))


def _state(place: Place) -> dict:
    return read_state(place.directory)


def status(place: Place | None = None) -> Status:
    place = place or practice_place()
    state = _state(place)
    accounts = len(place.accounts.load())
    if not state:
        return Status(False, None, None, False, False, accounts)
    registry_alive = _registry_alive(state, place)
    token_alive = processes.alive(state.get("token_pid"), TOKEN_MARKER)
    address = state.get("address")
    running = registry_alive and token_alive and bool(address) and _answers(address, place)
    return Status(running, address, state.get("launch"), registry_alive, token_alive, accounts,
                  repositories(place) if running else [])


def repositories(place: Place | None = None) -> list[str]:
    """Repositories in the registry's storage, read from disk (the catalog API would need a token)."""
    root = (place or practice_place()).directory / "data" / "docker" / "registry" / "v2" / "repositories"
    if not root.is_dir():
        return []
    found = []
    for manifests in root.rglob("_manifests"):
        found.append(str(manifests.parent.relative_to(root)))
    return sorted(found)


def up(port: int | None = None, place: Place | None = None) -> UpResult:
    place = place or practice_place()
    directory = place.directory
    directory.mkdir(parents=True, exist_ok=True)
    wanted = port or DEFAULT_PORT
    current = status(place)
    if current.running and (port is None or current.address == f"{place.host}:{port}"):
        return UpResult(current.address, current.launch, True, wanted, int(current.address.rsplit(":", 1)[1]))
    down(purge=False, place=place)  # half-running (one process crashed) or another port: start clean, data kept

    chosen = wanted if not processes.port_in_use(wanted, place.host) else processes.free_port(place.host)
    key, cert = make_signing_material(directory)
    token_port = processes.free_port(place.host)
    launch, what = choose_launch()
    config = _config(place, chosen, token_port, cert)
    token_command = [sys.executable, "-m", TOKEN_MARKER, str(directory), str(token_port), place.host]
    if place.tls:
        token_command += [str(place.tls[0]), str(place.tls[1])]
    token = processes.spawn(token_command, directory / "token-service.log")
    token_pid = token.pid
    state = {"address": f"{place.host}:{chosen}", "token_port": token_port, "token_pid": token_pid, "launch": launch,
             "started": time.time()}
    children = [token]
    if launch == "binary":
        registry = processes.spawn([what, "serve", str(config)], directory / "registry.log")
        state["registry_pid"] = registry.pid
        children.append(registry)
    else:
        _docker_cli("rm", "-f", place.container_name, timeout=20)
        code, out = _docker_cli("run", "-d", "--name", place.container_name, "--network", "host",
                                "-v", f"{directory}:{directory}", what, "serve", str(config), timeout=60)
        if code != 0:
            processes.stop(token_pid, TOKEN_MARKER)
            raise PracticeError("practice.start_failed", log=out[-300:] or "docker run")
        state["container"] = out.splitlines()[-1] if out else place.container_name
    write_json(state_file(place.directory), state)

    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if _answers(state["address"], place) and _token_answers(place, token_port):
            return UpResult(state["address"], launch, False, wanted, chosen)
        exited = any(child.poll() is not None for child in children)
        if exited or (launch == "container" and not _registry_alive(state, place)):
            break
        time.sleep(0.02)
    tail = " ".join(
        log.read_text(errors="replace")[-300:].strip()
        for log in (directory / "registry.log", directory / "token-service.log") if log.exists()
    )
    down(purge=False, place=place)
    raise PracticeError("practice.start_failed", log=tail.strip() or "-")


def _token_answers(place: Place, port: int) -> bool:
    try:
        return requests.get(f"{place.scheme}://{place.host}:{port}/token", timeout=1,
                            verify=place.verify).status_code == 200
    except requests.RequestException:
        return False


def down(purge: bool = False, place: Place | None = None) -> bool:
    """Stops both processes; `purge` also deletes stored images and accounts. True if something ran."""
    place = place or practice_place()
    state = _state(place)
    was_running = bool(state)
    if state.get("launch") == "container":
        _docker_cli("rm", "-f", place.container_name, timeout=30)
    else:
        processes.stop(state.get("registry_pid"), str(place.config))
    processes.stop(state.get("token_pid"), TOKEN_MARKER)
    try:
        state_file(place.directory).unlink()
    except FileNotFoundError:
        pass
    if purge:
        shutil.rmtree(place.directory / "data", ignore_errors=True)
        for name in ("accounts.json", "token.key", "token.crt", "config.yml", "baseline.json"):
            try:
                (place.directory / name).unlink()
            except FileNotFoundError:
                pass
    return was_running


def add_user(name: str, password: str, place: Place | None = None) -> bool:
    """Creates the account, or gives an existing one this password (the old one stops working). True when
    the account already existed: its password was reset."""
    accounts = (place or practice_place()).accounts
    existed = name in accounts.load()
    accounts.add(name, password)
    return existed
