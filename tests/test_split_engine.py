"""Issue 12: the practice registry with an engine that does not share the learner's loopback (Docker Desktop
on macOS and Windows, a rootless or remote engine), in the topology tests/splitnet.py builds from nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from realdocker import docker_cli, free_port, import_image

PROMPT = "learner$ "


@pytest.fixture
def learner_env(split_engine, tmp_path):
    """What a Desktop learner's tutor sees: the split engine, a private home, config and practice port."""
    (tmp_path / "docker").mkdir()
    env = {**os.environ, **split_engine.env(), "TUTOR_HOME": str(tmp_path / "home"),
           "DOCKER_CONFIG": str(tmp_path / "docker"), "HOME": str(tmp_path), "TUTOR_PRACTICE_PORT": str(free_port()),
           "TUTOR_PS1": PROMPT, "COLUMNS": "120", "LINES": "50"}
    env.pop("TUTOR_PRACTICE_LAUNCH", None)
    yield env
    tutor(env, "practice", "down", "--purge")
    for container in split_engine.client.containers.list(all=True):
        container.remove(force=True)
    for image in split_engine.client.images.list():
        if any(tag.startswith(("127.0.0.1:", "fastapi-app")) for tag in image.tags):
            split_engine.client.images.remove(image.id, force=True)


def tutor(env: dict, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tutor", *args], env=env, capture_output=True, text=True,
                          input=input, timeout=300)


def ours(home: str) -> list[psutil.Process]:
    """The tutor's processes for this home (token service, registry): matched by the directory they name."""
    needle = os.path.join(home, "practice")
    return [p for p in psutil.process_iter(["cmdline", "status"])
            if p.info["status"] != psutil.STATUS_ZOMBIE and any(needle in a for a in p.info["cmdline"] or ())]


def listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_engine_decides_the_topology(split_engine, docker_client):
    """From the engine itself: the split engine reaches this side only as host.docker.internal; the ordinary
    engine reaches 127.0.0.1."""
    from tutor.docker.engine import DockerEnv
    from tutor.practice.topology import detect

    assert split_engine.client.info()["OperatingSystem"] == "Docker Desktop"
    split = detect(DockerEnv(client=split_engine.client))
    assert split.split and split.realm_host == "host.docker.internal"
    shared = detect(DockerEnv())
    assert not shared.split and shared.realm_host == "127.0.0.1"


def test_practice_up_runs_a_published_container_both_sides_reach(split_engine, learner_env, tmp_path):
    up = tutor(learner_env, "practice", "up")
    assert up.returncode == 0, up.stdout + up.stderr
    port = learner_env["TUTOR_PRACTICE_PORT"]
    address = f"127.0.0.1:{port}"
    assert f"running at {address} (container)" in up.stdout
    assert "its own network" in up.stdout
    container = split_engine.client.containers.get("tutor-practice-registry")
    assert container.attrs["HostConfig"]["PortBindings"] == {"5000/tcp": [{"HostIp": "127.0.0.1", "HostPort": port}]}

    made = tutor(learner_env, "practice", "add-user", "budi", "--password-stdin", input="budipass1\n")
    assert made.returncode == 0
    engine = {k: learner_env[k] for k in ("DOCKER_HOST", "DOCKER_CONFIG")}
    login = docker_cli("login", address, "-u", "budi", "--password-stdin", input="budipass1\n", env=engine)
    assert login.returncode == 0, login.stderr  # the engine reached the realm as host.docker.internal
    repository = "tutortest-split"
    import_image(split_engine.client, repository, "split")
    try:
        assert docker_cli("tag", repository, f"{address}/budi/{repository}", env=engine).returncode == 0
        pushed = docker_cli("push", f"{address}/budi/{repository}", env=engine)
        assert pushed.returncode == 0, pushed.stderr
        denied = docker_cli("tag", repository, f"{address}/siti/{repository}", env=engine), \
            docker_cli("push", f"{address}/siti/{repository}", env=engine)
        assert "denied: requested access to the resource is denied" in denied[1].stderr
    finally:
        split_engine.client.images.remove(repository, force=True)

    status = tutor(learner_env, "practice", "status")
    assert status.returncode == 0 and "running" in status.stdout and "its own network" in status.stdout
    assert f"budi/{repository}" in status.stdout

    down = tutor(learner_env, "practice", "down")
    assert down.returncode == 0
    assert split_engine.client.containers.list(all=True) == []
    assert ours(learner_env["TUTOR_HOME"]) == []
    time.sleep(0.3)
    assert not listening(int(port))


def test_the_whole_lesson_as_a_desktop_learner(split_engine, learner_env):
    """The learner's own shell under pexpect, every command typed, against the split engine; then
    `tutor check` grades it from the learner's side, and `practice down` leaves nothing running."""
    from test_start_e2e import WORDS, Learner, happy_path

    address = f"127.0.0.1:{learner_env['TUTOR_PRACTICE_PORT']}"
    learner = Learner(learner_env, "en")
    try:
        learner.start()
        assert learner.password, "the practice password is shown once at the start"
        happy_path(learner, address, WORDS["en"])
    finally:
        learner.close()
    check = tutor(learner_env, "check", "docker-push")
    assert check.returncode == 0, check.stdout + check.stderr
    assert split_engine.client.containers.get("tutor-practice-registry").attrs["HostConfig"]["NetworkMode"] != "host"

    down = tutor(learner_env, "practice", "down")
    assert down.returncode == 0, down.stderr
    assert split_engine.client.containers.list(all=True) == []  # no container
    assert ours(learner_env["TUTOR_HOME"]) == []  # no process
    time.sleep(0.3)
    assert not listening(int(learner_env["TUTOR_PRACTICE_PORT"]))


@pytest.fixture
def shared_env(docker_client, tmp_path):
    """The same learner on the ordinary engine (which shares this machine's loopback), with the binary."""
    root = tmp_path / "shared"
    (root / "docker").mkdir(parents=True)
    env = {**os.environ, "TUTOR_HOME": str(root / "home"), "DOCKER_CONFIG": str(root / "docker"),
           "HOME": str(root), "TUTOR_PRACTICE_PORT": str(free_port()), "TUTOR_PRACTICE_LAUNCH": "binary",
           "TUTOR_PS1": PROMPT, "COLUMNS": "120", "LINES": "50"}
    had_app = bool(docker_client.images.list(name="fastapi-app"))
    yield env
    tutor(env, "practice", "down", "--purge")
    if not had_app:
        docker_cli("rmi", "fastapi-app")


def test_preflight_the_engine_cannot_reach_the_running_registry(split_engine, learner_env, shared_env):
    """The registry was started for the ordinary engine; the learner's tutor now talks to one that does not
    share the loopback (as after switching to Docker Desktop): one sentence and exit 6 before the first
    step, for `tutor start` (in a real terminal) and `tutor practice up`."""
    import pexpect

    shared = {**shared_env, "TUTOR_HOME": learner_env["TUTOR_HOME"],
              "TUTOR_PRACTICE_PORT": learner_env["TUTOR_PRACTICE_PORT"]}
    assert tutor(shared, "practice", "up").returncode == 0
    address = f"127.0.0.1:{learner_env['TUTOR_PRACTICE_PORT']}"
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--user", "budi"], env=learner_env,
                          encoding="utf-8", timeout=120, dimensions=(50, 200))
    child.expect(pexpect.EOF)
    child.close()
    text = " ".join(child.before.split())
    assert child.exitstatus == 6, text
    assert f"Your Docker engine cannot reach the practice registry at {address}" in text
    assert "connection refused" in text and "tutor practice down" in text
    assert "Traceback" not in text and PROMPT not in text  # before the first step: no shell was opened

    up = tutor(learner_env, "--lang", "id", "practice", "up")
    assert up.returncode == 6
    assert f"Docker engine Anda tidak bisa menjangkau registry latihan di {address}" in " ".join(up.stderr.split())

    # What the sentence says to do works: down, then start again for this engine.
    assert tutor(learner_env, "practice", "down").returncode == 0
    again = tutor(learner_env, "practice", "up")
    assert again.returncode == 0, again.stderr
    assert "(container)" in again.stdout


def test_a_refused_login_gets_its_hint_and_why_says_what_is_wrong(shared_env):
    """The practice registry stopped mid-lesson: `docker login` is refused; the lesson's own hint says what
    to do, and `why` says the engine cannot reach the registry rather than only "no login"."""
    from test_start_e2e import WORDS, Learner

    address = f"127.0.0.1:{shared_env['TUTOR_PRACTICE_PORT']}"
    learner = Learner(shared_env, "en")
    try:
        learner.start()
        learner.run("answer b", WORDS["en"]["done_registry"])
        learner.run("docker images fastapi-app", WORDS["en"]["done_image"])
        assert tutor(shared_env, "practice", "down").returncode == 0
        learner.login(address)
        learner.expect("connect: connection refused")
        learner.expect("What happened")
        learner.expect("nothing answered at that address")
        learner.expect("tutor practice up")
        learner.run("why", "your Docker engine cannot reach")
        learner.expect(address)
    finally:
        learner.close()
    why = tutor(shared_env, "why", "docker-push")
    assert f"your Docker engine cannot reach {address}" in " ".join(why.stdout.split())
    assert "connection refused" in why.stdout


def test_join_on_docker_desktop_installs_the_ca_where_desktop_reads_it(split_engine, tmp_path, docker_client):
    """A classroom on a LAN address (one the engine must verify TLS for). `tutor join` against Docker Desktop
    writes the CA to ~/.docker/certs.d/HOST:PORT/ca.crt, which Desktop copies into its VM when it starts: the
    first join says to restart Docker Desktop, and after the restart the same join logs in and pushes work."""
    import csv

    room = split_engine.lan_address
    instructor = {**os.environ, "TUTOR_HOME": str(tmp_path / "instructor"), "TUTOR_PRACTICE_LAUNCH": "binary",
                  "COLUMNS": "200"}
    up = tutor(instructor, "classroom", "up", "--listen", room, "--count", "1")
    assert up.returncode == 0, up.stdout + up.stderr
    home = split_engine.learner_certs.parent.parent
    (tmp_path / "docker").mkdir()
    learner = {**os.environ, "DOCKER_HOST": split_engine.docker_host, "HOME": str(home),
               "DOCKER_CONFIG": str(tmp_path / "docker"), "TUTOR_HOME": str(tmp_path / "learner"), "COLUMNS": "200"}
    with open(tmp_path / "instructor" / "classroom" / "handout.csv", newline="") as handle:
        row = next(csv.DictReader(handle))
    registry = next(w for w in up.stdout.split() if w.startswith(f"{room}:")).rstrip(",")
    join = [*row["join"].split()[1:], "--password-stdin"]
    installed = split_engine.learner_certs / registry / "ca.crt"
    try:
        first = tutor(learner, *join, input=row["password"] + "\n")
        assert first.returncode == 1, first.stdout + first.stderr
        assert "restart Docker Desktop, then run the same tutor join command again" in " ".join(first.stderr.split())
        assert installed.read_bytes() == (tmp_path / "instructor" / "classroom" / "ca.crt").read_bytes()
        assert not (Path("/etc/docker/certs.d") / registry).exists()  # not the Linux place: Desktop never reads it

        split_engine.restart()  # as the learner restarts Docker Desktop
        again = tutor(learner, *join, input=row["password"] + "\n")
        assert again.returncode == 0, again.stdout + again.stderr
        assert "installed for Docker Desktop" in again.stdout and str(installed) in " ".join(again.stdout.split())
        target = f"{registry}/{row['username']}/tutortest-room"
        import_image(split_engine.client, target, "room")
        pushed = docker_cli("push", target, env={"DOCKER_HOST": split_engine.docker_host,
                                                 "DOCKER_CONFIG": str(tmp_path / "docker")})
        assert pushed.returncode == 0, pushed.stderr
    finally:
        tutor(instructor, "classroom", "down", "--purge")
        shutil.rmtree(split_engine.learner_certs / registry, ignore_errors=True)
        shutil.rmtree(Path("/etc/docker/certs.d") / registry, ignore_errors=True)


# Windows has no pty, termios or fcntl (outside WSL). This machine cannot lack them for real, so the tutor runs
# with those modules made unimportable: the one case here that has to be simulated.
WITHOUT_POSIX_TERMINAL = ("import sys\n"
                          "for name in ('pty', 'termios', 'fcntl', 'tty'):\n"
                          "    sys.modules[name] = None\n"
                          "from tutor.cli import main\n"
                          "main(sys.argv[1:])\n")


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "This terminal cannot run the tutor's own shell"),
    ("id", "Terminal ini tidak bisa menjalankan shell milik tutor"),
])
def test_without_a_posix_terminal_the_first_panel_points_to_watch(shared_env, lang, says):
    import pexpect

    child = pexpect.spawn(sys.executable, ["-c", WITHOUT_POSIX_TERMINAL, "start", "docker-push", "--user", "budi",
                                           "--lang", lang], env=shared_env, encoding="utf-8", timeout=60,
                          dimensions=(50, 200))
    try:
        child.expect("Keys: h hint" if lang == "en" else "Tombol: h petunjuk")
        first = " ".join(re.sub(r"\x1b\[[0-9;]*m|│", " ", child.before).split())
        assert first.index(says) < first.index("Registry:")  # the very first panel, before the welcome
        assert "tutor start docker-push --watch" in first
        child.sendline("q")  # without terminal control, keys arrive with Enter
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0 and "Traceback" not in child.before
