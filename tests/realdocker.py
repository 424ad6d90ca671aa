"""Fixtures for the real Docker engine and the real distribution registry binary (127.0.0.1 only).

Engine tests skip, saying why, where no engine answers (scripts/test starts one on CI)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import tarfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REGISTRY_BINARY = shutil.which("docker-registry") or shutil.which("registry")
BUSYBOX = shutil.which("busybox")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def engine_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=5).ping()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def docker_client():
    if not engine_answers():
        pytest.skip("no Docker engine answers (scripts/test starts one)")
    import docker

    client = docker.from_env(timeout=60)
    yield client
    client.close()


def import_image(client, repository: str, marker: str, labels: dict | None = None) -> str:
    """An image made from nothing (no pull): a tarball with busybox and a marker file, `docker import`ed.
    Different markers give different image IDs."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        if BUSYBOX:
            tar.add(BUSYBOX, arcname="bin/busybox")
        data = marker.encode()
        info = tarfile.TarInfo("marker.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    changes = [f'LABEL {k}="{v}"' for k, v in (labels or {}).items()] + ['CMD ["/bin/busybox", "cat", "/marker.txt"]']
    client.api.import_image_from_data(buffer.getvalue(), repository=repository, changes=changes)
    return client.images.get(repository).id


def offline_registry_image(client, repository: str, tag: str = "latest") -> str:
    """A registry image (what `registry:2` is to a learner) built offline from the distribution binary: the
    binary with its libc and loader, `docker import`ed with it as the ENTRYPOINT. No pull."""
    libs = subprocess.run(["ldd", REGISTRY_BINARY], capture_output=True, text=True).stdout
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(REGISTRY_BINARY, arcname="bin/registry")
        for line in libs.splitlines():
            path = line.split("=>")[-1].split("(")[0].strip()
            if path.startswith("/") and os.path.exists(path):
                tar.add(os.path.realpath(path), arcname=path.lstrip("/"))
    client.api.import_image_from_data(buffer.getvalue(), repository=repository, tag=tag,
                                      changes=['ENTRYPOINT ["/bin/registry"]'])
    return f"{repository}:{tag}"


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
def scratch_image(docker_client, unique):
    """A fresh local image `tutortest-<unique>:latest`; removed (with every tag it gained) afterwards."""
    repository = f"tutortest-{unique}"
    image_id = import_image(docker_client, f"{repository}:latest", unique)
    yield repository, image_id
    try:
        docker_client.images.remove(image_id, force=True)
    except Exception:
        pass


@dataclass
class Registry:
    address: str
    process: subprocess.Popen
    root: Path

    @property
    def url(self) -> str:
        return f"http://{self.address}"


def write_registry_config(path: Path, port: int, storage: Path, auth: str = "") -> None:
    path.write_text(
        "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {storage}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: 127.0.0.1:{port}\n{auth}"
    )


def start_registry(root: Path, auth: str = "") -> Registry:
    if not REGISTRY_BINARY:
        pytest.skip("the distribution registry binary is missing (apt: docker-registry)")
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = root / "config.yml"
    write_registry_config(config, port, root / "data", auth)
    log = open(root / "registry.log", "wb")
    process = subprocess.Popen([REGISTRY_BINARY, "serve", str(config)], stdout=log, stderr=subprocess.STDOUT)
    registry = Registry(f"127.0.0.1:{port}", process, root)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            requests.get(f"{registry.url}/v2/", timeout=1)
            return registry
        except requests.RequestException:
            if process.poll() is not None:
                raise RuntimeError((root / "registry.log").read_text()) from None
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("registry did not answer")


@pytest.fixture
def registry(tmp_path):
    """An open (no auth) distribution registry on 127.0.0.1."""
    reg = start_registry(tmp_path / "registry")
    yield reg
    reg.process.terminate()
    reg.process.wait(10)


@pytest.fixture
def docker_config(tmp_path, monkeypatch) -> Path:
    """An empty private DOCKER_CONFIG, so no test reads or writes the machine's own credentials."""
    directory = tmp_path / "docker-config"
    directory.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(directory))
    return directory


def docker_cli(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], input=input, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@dataclass
class Practice:
    address: str
    home: Path

    def add_user(self, name: str, password: str) -> None:
        from tutor.practice import launcher

        launcher.add_user(name, password)


@pytest.fixture
def practice(tmp_path, monkeypatch, docker_client):
    """The tutor's own practice registry (token auth) in a private TUTOR_HOME, on a free port."""
    if not REGISTRY_BINARY:
        pytest.skip("the distribution registry binary is missing (apt: docker-registry)")
    from tutor.practice import launcher

    home = tmp_path / "tutor-home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    result = launcher.up(port=free_port())
    yield Practice(result.address, home)
    launcher.down(purge=True)


def docker_login(address: str, user: str, password: str) -> subprocess.CompletedProcess:
    return docker_cli("login", address, "-u", user, "--password-stdin", input=password + "\n")


def tag_and_push(source: str, target: str) -> subprocess.CompletedProcess:
    tagged = docker_cli("tag", source, target)
    assert tagged.returncode == 0, tagged.stderr
    return docker_cli("push", target)


@pytest.fixture(scope="session")
def app_image(docker_client):
    """`fastapi-app` as a learner has it: the offline practice image, made if missing, removed if made."""
    from tutor.docker.engine import DockerEnv
    from tutor.lesson.loader import load_named
    from tutor.practice.image import ensure_practice_image

    made = ensure_practice_image(DockerEnv(), load_named("docker-push"))
    yield "fastapi-app"
    if made:
        docker_cli("rmi", "fastapi-app")
