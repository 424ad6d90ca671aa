"""Podman users: Debian's podman, its Docker-compatible API (`podman system service`, its socket as
DOCKER_HOST) and its own logins (auth.json), against the practice registry on 127.0.0.1. Storage is vfs in a
private directory, so nothing of the machine's own Podman is touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from realdocker import REGISTRY_BINARY

from tutor.checks.context import CheckContext
from tutor.checks.state import image_exists, in_registry, logged_in, same_image

PASSWORD = "podmanpw12"
pytestmark = pytest.mark.skipif(not shutil.which("podman") or not REGISTRY_BINARY,
                                reason="podman or the registry binary missing (scripts/provision.sh installs them)")


class Podman:
    def __init__(self, store: list[str], socket: Path, env: dict[str, str]) -> None:
        self.store, self.socket, self.env = store, socket, env

    def __call__(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(["podman", *self.store, *args], input=input, capture_output=True, text=True,
                              timeout=300, env=self.env)
        assert not check or done.returncode == 0, f"podman {' '.join(args)}: {done.stderr}"
        return done


@pytest.fixture
def podman(tmp_path, monkeypatch, docker_config):
    """`podman system service` on a private socket, made the engine the tutor talks to (DOCKER_HOST), and the
    podman CLI on the same private store. Podman's logins go to $XDG_RUNTIME_DIR/containers/auth.json."""
    runroot = Path(tempfile.mkdtemp(prefix="tutor-pm-", dir="/tmp"))  # podman wants a short run root
    store = ["--root", str(tmp_path / "storage"), "--runroot", str(runroot), "--storage-driver", "vfs"]
    socket = runroot / "podman.sock"
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("REGISTRY_AUTH_FILE", raising=False)
    # Podman reads $DOCKER_CONFIG/config.json instead of its own file when DOCKER_CONFIG is set: its own
    # commands run without it, as a Podman user's would.
    env = {k: v for k, v in os.environ.items() if k != "DOCKER_CONFIG"}
    service = subprocess.Popen(["podman", *store, "system", "service", "--time=0", f"unix://{socket}"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not socket.exists() and time.monotonic() < deadline and service.poll() is None:
            time.sleep(0.05)
        assert socket.exists(), "podman system service did not start"
        monkeypatch.setenv("DOCKER_HOST", f"unix://{socket}")
        yield Podman(store, socket, env)
    finally:
        service.terminate()
        service.wait(30)
        shutil.rmtree(runroot, ignore_errors=True)


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """The practice registry (its processes run beside any engine: the binary, not a container)."""
    from realdocker import free_port

    from tutor.practice import launcher

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "tutor-home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    up = launcher.up(port=free_port())
    launcher.add_user("budi", PASSWORD)
    yield up.address
    launcher.down(purge=True)


def test_the_checks_work_against_podmans_api_with_podmans_login(podman, registry, tmp_path):
    from tutor.docker.engine import DockerEnv
    from tutor.lesson.loader import load_named
    from tutor.practice.image import ensure_practice_image

    engine = DockerEnv()
    assert engine.is_podman()
    assert ensure_practice_image(engine, load_named("docker-push"))  # made through Podman's API, offline
    target = f"{registry}/budi/fastapi-app"
    ctx = CheckContext()
    try:
        assert ctx.podman and image_exists(ctx, "fastapi-app").passed
        assert not logged_in(ctx, registry).passed
        # 127.0.0.1 speaks plain HTTP: unlike Docker, Podman must be told (--tls-verify=false).
        refused = podman("login", registry, "-u", "budi", "--password-stdin", input=PASSWORD + "\n", check=False)
        assert refused.returncode != 0 and "server gave HTTP response to HTTPS client" in refused.stderr
        podman("login", "--tls-verify=false", registry, "-u", "budi", "--password-stdin", input=PASSWORD + "\n")
        auth_file = tmp_path / "runtime" / "containers" / "auth.json"
        assert auth_file.exists() and not (Path(os.environ["DOCKER_CONFIG"]) / "config.json").exists()
        ctx.refresh()
        login = logged_in(ctx, registry)
        assert login.passed and login.found.text("en") == f"logged in to {registry} as budi ({auth_file})"
        podman("tag", "fastapi-app", target)
        assert same_image(ctx, "fastapi-app", target).passed
        assert not in_registry(ctx, target).passed
        podman("push", "--tls-verify=false", target)
        pushed = in_registry(ctx, target)  # Podman's login answers the registry's token challenge
        assert pushed.passed, pushed.found.text("en")
        assert PASSWORD not in repr(login) + repr(pushed)
    finally:
        ctx.close()
        engine.close()


@pytest.mark.parametrize("where", ["REGISTRY_AUTH_FILE", "XDG_CONFIG_HOME"])
def test_podman_logins_in_its_other_auth_files_count(podman, registry, tmp_path, monkeypatch, where):
    path = tmp_path / "elsewhere.json" if where == "REGISTRY_AUTH_FILE" else \
        tmp_path / "config-home" / "containers" / "auth.json"
    if where == "REGISTRY_AUTH_FILE":
        monkeypatch.setenv("REGISTRY_AUTH_FILE", str(path))
    podman("login", "--tls-verify=false", "--authfile", str(path), registry, "-u", "budi", "--password-stdin",
           input=PASSWORD + "\n")
    ctx = CheckContext()
    try:
        verdict = logged_in(ctx, registry)
        assert verdict.passed and f"as budi ({path})" in verdict.found.text("en")
    finally:
        ctx.close()


def test_a_podman_login_does_not_count_for_docker(registry, docker_client, tmp_path, monkeypatch, docker_config):
    """With Docker's engine, `docker push` never reads Podman's file: its login is not Docker's."""
    runtime = tmp_path / "runtime"
    (runtime / "containers").mkdir(parents=True)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    (runtime / "containers" / "auth.json").write_text(
        '{"auths": {"%s": {"auth": "YnVkaTpwb2RtYW5wdzEy"}}}' % registry)
    ctx = CheckContext()
    try:
        assert not ctx.podman and not logged_in(ctx, registry).passed
    finally:
        ctx.close()


def test_names_made_through_podman_are_compared_as_docker_prints_them(podman, registry, tmp_path, monkeypatch):
    """Podman names images in full (docker.io/library/fastapi-app) and records a digest for every new name at
    once: a wrong tag is still a wrong *tag*, told at once, never mistaken for a push."""
    import re

    from learner import Live

    from tutor.docker.engine import DockerEnv
    from tutor.lesson.loader import load_named
    from tutor.lesson.values import lesson_values
    from tutor.live.marks import Prompt
    from tutor.live.record import CommandRecord
    from tutor.practice.image import ensure_practice_image
    from tutor.progress import LessonProgress, save

    ensure_practice_image(DockerEnv(), load_named("docker-push"))
    lesson = load_named("docker-push")
    values = lesson_values(lesson, "practice", "budi", practice_address=registry)
    save(LessonProgress("docker-push", current="tag", registry=registry, user="budi"))
    live = Live(lesson, values, registry, "budi", "en")
    try:
        live.session.on_state_change()
        podman("tag", "fastapi-app", f"{registry}/fastapi-app")
        shown = live.at_prompt(Prompt(CommandRecord(f"podman tag fastapi-app {registry}/fastapi-app", 0, "")))
        said = " ".join(re.sub(r"\x1b\[[0-9;]*m|[\u2500-\u257f]", " ", shown).split())
        assert f"You made {registry}/fastapi-app:latest, but this step expects {registry}/budi/fastapi-app:latest" \
            in said and "there is no username" in said
        podman("tag", "fastapi-app", f"{registry}/budi/fastapi-app")
        shown = live.at_prompt(Prompt(CommandRecord(f"podman tag fastapi-app {registry}/budi/fastapi-app", 0, "")))
        assert "Done: A new name" in shown
    finally:
        live.close()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_lesson_says_what_differs_with_podman(lang):
    from tutor.lesson.loader import load_named

    text = load_named("docker-push").texts[lang]
    login, push = " ".join(text.steps["login"].body.split()), " ".join(text.steps["push"].body.split())
    assert "$XDG_RUNTIME_DIR/containers/auth.json" in login and "REGISTRY_AUTH_FILE" in login
    assert "podman login --tls-verify=false {{ registry }} -u {{ user }}" in login
    assert "podman system service" in login and "DOCKER_HOST" in login
    assert "podman push --tls-verify=false {{ target }}" in push and "IMAGE ID" in push
    assert "--tls-verify=false" in text.common_hints["https-only"]


def test_the_engine_reach_preflight_works_with_podman(podman, registry):
    """Podman's Docker API has no /distribution endpoint: the preflight makes it connect by a pull instead, and
    still tells a registry it reaches from an address where nothing answers."""
    from realdocker import free_port

    from tutor.docker.engine import DockerEnv
    from tutor.errors import RegistryError
    from tutor.practice.topology import detect, require_engine_reaches

    engine = DockerEnv()
    try:
        assert detect(engine).name == "shared"  # rootful Podman on Linux pushes from this machine's loopback
        require_engine_reaches(engine, registry)
        with pytest.raises(RegistryError) as refused:
            require_engine_reaches(engine, f"127.0.0.1:{free_port()}")
        assert "connection refused" in refused.value.values["error"]
        assert not any("tutor-probe" in name for name in engine.names()[0])  # the probe stored nothing
    finally:
        engine.close()
