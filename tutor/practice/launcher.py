"""Brings the practice registry up and down: the CNCF distribution registry (a container when a registry
image is present locally, else the `registry`/`docker-registry` binary) with token auth answered by the
tutor's token service. Everything lives under the tutor's data directory and survives down/up."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tutor.errors import PracticeError
from tutor.paths import practice_dir
from tutor.practice import processes
from tutor.practice.accounts import Accounts
from tutor.practice.state import read_state, state_file  # noqa: F401 - read_state is part of this API
from tutor.practice.tokens import ISSUER, SERVICE, make_signing_material

DEFAULT_PORT = 5000
DEFAULT_IMAGE = "registry:2"
CONTAINER_NAME = "tutor-practice-registry"
TOKEN_MARKER = "tutor.practice.token_service"
READY_SECONDS = 20


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


def _write_state(state: dict) -> None:
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _config(directory: Path, port: int, token_port: int, cert: Path) -> Path:
    config = directory / "config.yml"
    config.write_text(
        "version: 0.1\n"
        "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {directory / 'data'}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: 127.0.0.1:{port}\n  secret: {os.urandom(16).hex()}\n"
        "auth:\n  token:\n"
        f"    realm: http://127.0.0.1:{token_port}/token\n    service: {SERVICE}\n    issuer: {ISSUER}\n"
        f"    rootcertbundle: {cert}\n",
        encoding="utf-8",
    )
    return config


def _docker_cli(*args: str, timeout: float = 30) -> tuple[int, str]:
    import subprocess

    try:
        done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, (done.stdout + done.stderr).strip()


def _container_image() -> str | None:
    """A registry image present locally (never pulled here: pulling needs the internet)."""
    image = os.environ.get("TUTOR_REGISTRY_IMAGE", DEFAULT_IMAGE)
    code, _ = _docker_cli("image", "inspect", "--format", "{{.Id}}", image, timeout=10)
    return image if code == 0 else None


def choose_launch() -> tuple[str, str]:
    """("container", image) or ("binary", path). TUTOR_PRACTICE_LAUNCH=binary|container forces one."""
    forced = os.environ.get("TUTOR_PRACTICE_LAUNCH", "auto")
    if forced in ("auto", "container"):
        image = _container_image() if shutil.which("docker") else None
        if image:
            return "container", image
        if forced == "container":
            raise PracticeError("practice.no_registry_image", image=os.environ.get("TUTOR_REGISTRY_IMAGE", DEFAULT_IMAGE))
    binary = _registry_binary()
    if binary:
        return "binary", binary
    raise PracticeError("practice.no_registry")


def _answers(address: str) -> bool:
    try:
        response = requests.get(f"http://{address}/v2/", timeout=1)
    except requests.RequestException:
        return False
    return response.status_code in (200, 401) and "Docker-Distribution-Api-Version" in response.headers


def _registry_alive(state: dict) -> bool:
    if state.get("launch") == "container":
        code, out = _docker_cli("inspect", "--format", "{{.State.Running}}", CONTAINER_NAME, timeout=10)
        return code == 0 and out == "true"
    return processes.alive(state.get("registry_pid"), str(practice_dir() / "config.yml"))


def status() -> Status:
    state = read_state()
    accounts = len(Accounts(practice_dir() / "accounts.json").load())
    if not state:
        return Status(False, None, None, False, False, accounts)
    registry_alive = _registry_alive(state)
    token_alive = processes.alive(state.get("token_pid"), TOKEN_MARKER)
    address = state.get("address")
    running = registry_alive and token_alive and bool(address) and _answers(address)
    return Status(running, address, state.get("launch"), registry_alive, token_alive, accounts,
                  repositories(address) if running else [])


def repositories(address: str | None = None) -> list[str]:
    """Repositories in the practice storage, read from disk (the catalog API would need a token)."""
    root = practice_dir() / "data" / "docker" / "registry" / "v2" / "repositories"
    if not root.is_dir():
        return []
    found = []
    for manifests in root.rglob("_manifests"):
        found.append(str(manifests.parent.relative_to(root)))
    return sorted(found)


def up(port: int | None = None) -> UpResult:
    directory = practice_dir()
    directory.mkdir(parents=True, exist_ok=True)
    wanted = port or DEFAULT_PORT
    current = status()
    if current.running and (port is None or current.address == f"127.0.0.1:{port}"):
        return UpResult(current.address, current.launch, True, wanted, int(current.address.rsplit(":", 1)[1]))
    down(purge=False)  # half-running (one process crashed) or another port: start clean, data kept

    chosen = wanted if not processes.port_in_use(wanted) else processes.free_port()
    key, cert = make_signing_material(directory)
    token_port = processes.free_port()
    launch, what = choose_launch()
    config = _config(directory, chosen, token_port, cert)
    token = processes.spawn([sys.executable, "-m", TOKEN_MARKER, str(directory), str(token_port)],
                            directory / "token-service.log")
    token_pid = token.pid
    state = {"address": f"127.0.0.1:{chosen}", "token_port": token_port, "token_pid": token_pid, "launch": launch,
             "started": time.time()}
    children = [token]
    if launch == "binary":
        registry = processes.spawn([what, "serve", str(config)], directory / "registry.log")
        state["registry_pid"] = registry.pid
        children.append(registry)
    else:
        _docker_cli("rm", "-f", CONTAINER_NAME, timeout=20)
        code, out = _docker_cli("run", "-d", "--name", CONTAINER_NAME, "--network", "host",
                                "-v", f"{directory}:{directory}", what, "serve", str(config), timeout=60)
        if code != 0:
            processes.stop(token_pid, TOKEN_MARKER)
            raise PracticeError("practice.start_failed", log=out[-300:] or "docker run")
        state["container"] = out.splitlines()[-1] if out else CONTAINER_NAME
    _write_state(state)

    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if _answers(state["address"]) and _token_answers(token_port):
            return UpResult(state["address"], launch, False, wanted, chosen)
        if any(child.poll() is not None for child in children) or (launch == "container" and not _registry_alive(state)):
            break
        time.sleep(0.02)
    tail = " ".join(
        log.read_text(errors="replace")[-300:].strip()
        for log in (directory / "registry.log", directory / "token-service.log") if log.exists()
    )
    down(purge=False)
    raise PracticeError("practice.start_failed", log=tail.strip() or "-")


def _token_answers(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/token", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def down(purge: bool = False) -> bool:
    """Stops both processes; `purge` also deletes stored images and accounts. True if something ran."""
    state = read_state()
    was_running = bool(state)
    if state.get("launch") == "container":
        _docker_cli("rm", "-f", CONTAINER_NAME, timeout=30)
    else:
        processes.stop(state.get("registry_pid"), str(practice_dir() / "config.yml"))
    processes.stop(state.get("token_pid"), TOKEN_MARKER)
    try:
        state_file().unlink()
    except FileNotFoundError:
        pass
    if purge:
        directory = practice_dir()
        shutil.rmtree(directory / "data", ignore_errors=True)
        for name in ("accounts.json", "token.key", "token.crt", "config.yml", "baseline.json"):
            try:
                (directory / name).unlink()
            except FileNotFoundError:
                pass
    return was_running


def add_user(name: str, password: str) -> None:
    Accounts(practice_dir() / "accounts.json").add(name, password)
