"""The practice registry's life cycle against the real processes: what the tutor may signal (only what it
can prove it started), a damaged or wrongly typed state file, private files, the port setting, paths YAML
must quote, and this run's log in a start failure."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from realdocker import REGISTRY_BINARY, docker_cli, free_port

from tutor.practice import launcher

pytestmark = [pytest.mark.usefixtures("docker_config"),
              pytest.mark.skipif(not REGISTRY_BINARY, reason="the registry binary is missing")]


def _ours(home: Path) -> list[psutil.Process]:
    """Processes whose command line names this home's practice directory (token service, registry)."""
    needle = str(home / "practice")
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        if process.info["status"] != psutil.STATUS_ZOMBIE and any(needle in a for a in process.info["cmdline"] or ()):
            found.append(process)
    return found


def _registries(home: Path) -> list[psutil.Process]:
    return [p for p in _ours(home) if "serve" in p.info["cmdline"]]


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "tutor-home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    had_app = docker_cli("image", "inspect", "fastapi-app:latest").returncode == 0
    yield home
    launcher.down(purge=True)
    for process in _ours(home):  # whatever a failed test left: never outlive it
        process.kill()
    if not had_app:  # `practice up` makes the practice image: it goes with the test that made it
        docker_cli("rmi", "fastapi-app:latest")


# --- item 4: nothing is signalled that the tutor cannot prove it started ------------------------------------

PID_NAMESPACE_SCRIPT = textwrap.dedent("""
    import json, os, subprocess, sys, time
    from pathlib import Path

    home = Path(sys.argv[1])
    sentinel = subprocess.Popen(["sleep", "120"])  # an innocent process in the same PID namespace
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_PRACTICE_LAUNCH": "binary"}
    practice, room = home / "practice", home / "classroom"
    practice.mkdir(parents=True)
    room.mkdir(parents=True)
    (room / "room.json").write_text(json.dumps({"directory": str(room), "host": "127.0.0.1",
                                                "registry": "127.0.0.1:1", "service_port": 1,
                                                "instructor_key": "k"}))
    results = []
    for command, pid in ((["practice", "status"], -1), (["practice", "down"], -1), (["practice", "up"], -1),
                         (["practice", "down"], 0), (["classroom", "down"], -1)):
        state = {"address": "127.0.0.1:1", "launch": "binary", "token_port": 1, "token_pid": pid,
                 "token_started": 0, "registry_pid": pid, "registry_started": 0, "started": time.time()}
        (practice / "state.json").write_text(json.dumps(state))
        (room / "service.pid").write_text(json.dumps({"pid": pid, "started": 0}))
        done = subprocess.run([sys.executable, "-m", "tutor", *command], env=env, capture_output=True, text=True,
                              timeout=120)
        results.append({"command": command, "pid": pid, "code": done.returncode,
                        "sentinel_alive": sentinel.poll() is None, "output": done.stdout + done.stderr})
    print(json.dumps(results))
""")


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare")
def test_a_state_file_naming_pid_minus_one_signals_nothing(tmp_path, docker_client):
    """Only inside a private PID namespace: before the fix, `down` sent SIGTERM and SIGKILL to -1, which is
    every process the caller may signal (here: the namespace's, so the sentinel)."""
    had_app = docker_cli("image", "inspect", "fastapi-app:latest").returncode == 0  # `up` in there makes it
    try:
        _pid_minus_one(tmp_path)
    finally:
        if not had_app:
            docker_cli("rmi", "fastapi-app:latest")


def _pid_minus_one(tmp_path: Path) -> None:
    run = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", PID_NAMESPACE_SCRIPT,
                          str(tmp_path / "home")], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    if run.returncode != 0 and "unshare failed" in run.stderr:
        pytest.skip(f"no PID namespace here: {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout.strip().splitlines()[-1])
    for result in results:
        assert result["sentinel_alive"], result
        assert result["code"] != 70 and "Traceback" not in result["output"], result


def _decoy(*arguments: str) -> subprocess.Popen:
    """A process whose command line looks like one of the tutor's (the module name as an argument), but
    that the tutor did not start for this home."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", *arguments])


def test_a_recorded_pid_is_signalled_only_with_its_start_time_and_command_line(home, docker_client, tutor):
    """A stale record (a pid reused since, by a process whose command line even names the same module for
    another home) never gets that process stopped."""
    up = launcher.up(port=free_port())
    state = json.loads((home / "practice" / "state.json").read_text())
    launcher.down()
    decoy = _decoy("tutor.practice.token_service", "/another/home/practice")
    try:
        state["token_pid"] = decoy.pid  # its start time is not the recorded one, and its directory is another's
        (home / "practice" / "state.json").write_text(json.dumps(state))
        assert tutor("practice", "down").exit_code == 0
        assert tutor("practice", "up", "--port", up.address.rsplit(":", 1)[1]).exit_code == 0
        assert decoy.poll() is None
    finally:
        decoy.kill()


def test_classroom_down_stops_only_its_own_service(tmp_path, monkeypatch, tutor):
    """An older tutor's plain pid in service.pid, now another room's service: left alone."""
    home = tmp_path / "home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    room = home / "classroom"
    room.mkdir(parents=True)
    (room / "room.json").write_text(json.dumps({"directory": str(room), "host": "127.0.0.1", "registry": "127.0.0.1:1",
                                                "service_port": 1, "instructor_key": "k"}))
    decoy = _decoy("tutor.classroom.service", str(tmp_path / "other-room"))
    try:
        (room / "service.pid").write_text(str(decoy.pid))
        assert tutor("classroom", "down").exit_code == 0
        time.sleep(0.2)
        assert decoy.poll() is None
    finally:
        decoy.kill()


def _parent_with_a_child(marker: str) -> tuple[subprocess.Popen, psutil.Process]:
    """A real process that starts a child of its own, and that child (whom the parent's death does not end)."""
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; "
                               "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
                               "time.sleep(60)", marker])
    deadline = time.monotonic() + 10
    while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
        time.sleep(0.02)
    (child,) = psutil.Process(parent.pid).children()
    return parent, child


def _gone(process: psutil.Process) -> bool:
    return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("how", ["recorded", "spawned"])
def test_stopping_a_process_ends_the_processes_it_started_too(tmp_path, how):
    """The classroom service's server runs the app in a worker process of its own. Stopping the service must
    not leave that worker holding the port: on Windows terminate() is TerminateProcess, and a kill reaches no
    child. Both ways the tutor stops a process: by its record, and one this run spawned (a failed start)."""
    from tutor.practice import processes

    marker = str(tmp_path / "parent-marker")
    parent, child = _parent_with_a_child(marker)
    try:
        if how == "recorded":
            assert processes.stop(processes.identify(parent.pid), [marker], timeout=2)
        else:
            processes.stop_spawned(processes.Spawned(parent, processes.identify(parent.pid)), timeout=2)
        assert _gone(child) and parent.poll() is not None
    finally:
        for made in (parent, child):
            with contextlib.suppress(psutil.Error, OSError):
                made.kill()


def test_a_service_worker_left_behind_is_stopped_by_its_own_record(tmp_path, monkeypatch):
    """On macOS and Windows the service's worker is started by multiprocessing's spawn: its command line names
    neither the service nor the room, so once its server is gone (a crash, a kill) only the record the worker
    wrote of itself (pid and start time) finds it. A process with the same command line and no record of it
    (another program's worker) is left alone."""
    from tutor.classroom import instructor
    from tutor.classroom.room import WORKER_RECORD
    from tutor.practice import processes

    room = tmp_path / "classroom"
    room.mkdir()
    spawned_like = [sys.executable, "-c", "import time; time.sleep(60)", *instructor.SPAWNED_WORKER_MARKERS]
    worker, stranger = subprocess.Popen(spawned_like), subprocess.Popen(spawned_like)
    try:
        recorded = processes.identify(worker.pid)
        (room / WORKER_RECORD).write_text(json.dumps({"pid": recorded.pid, "started": recorded.started}))
        instructor._stop_service(room)
        assert worker.wait(5) is not None
        assert stranger.poll() is None and not (room / WORKER_RECORD).exists()
    finally:
        for made in (worker, stranger):
            made.kill()


# --- item 6: a damaged state file ----------------------------------------------------------------------------

def test_a_damaged_state_file_is_kept_aside_and_the_processes_are_found(home, docker_client, tutor):
    up = launcher.up(port=free_port())
    state_file = home / "practice" / "state.json"
    state_file.write_text('{"address": "127.0.0.1:')  # truncated, as by a crash mid-write of an older tutor
    assert len(_registries(home)) == 1

    status = tutor("practice", "status")
    assert status.exit_code == 10
    assert "running" in status.stdout and up.address in status.stdout  # the truth, from the processes
    assert "is damaged" in status.stderr and str(state_file) in status.stderr

    again = tutor("practice", "up")
    assert again.exit_code == 10 and "was damaged" in again.stderr
    kept = list((home / "practice").glob("state.broken-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == '{"address": "127.0.0.1:'  # kept byte for byte
    assert len(_registries(home)) == 1  # never a second registry on the same storage
    assert launcher.status().running

    state_file.write_text("not json at all")
    down = tutor("practice", "down", "--purge")
    assert down.exit_code == 10
    assert _ours(home) == []  # the pair the damaged record no longer named was stopped too


# --- item 12: wrong types ------------------------------------------------------------------------------------

@pytest.mark.parametrize("change", [{"token_pid": "abc"}, {"started": "yesterday"}, {"registry_pid": True},
                                    {"address": 5000}])
def test_wrong_types_in_the_state_file_are_one_sentence_and_exit_10(home, docker_client, tutor, change):
    launcher.up(port=free_port())
    state_file = home / "practice" / "state.json"
    good = json.loads(state_file.read_text())
    for command in (("practice", "status"), ("practice", "up"), ("practice", "down")):
        state_file.write_text(json.dumps({**good, **change}))
        result = tutor(*command)
        assert result.exit_code == 10, (command, result.stdout, result.stderr)
        assert "Nothing of yours was changed" not in result.stderr and "Traceback" not in result.stderr
        assert str(state_file) in result.stderr
        good = json.loads(state_file.read_text()) if state_file.exists() else good
    assert _ours(home) == []  # down stopped the pair, found by what it runs


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("chattr"), reason="needs root and chattr")
def test_a_purge_that_fails_half_way_says_what_was_done(home, docker_client, tutor):
    launcher.up(port=free_port())
    stuck = home / "practice" / "data" / "stuck"
    stuck.parent.mkdir(exist_ok=True)
    stuck.write_text("x")
    if subprocess.run(["chattr", "+i", str(stuck)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable files")
    try:
        result = tutor("practice", "down", "--purge")
        assert result.exit_code == 8
        assert "The practice registry was stopped, but" in result.stderr and "could not be deleted" in result.stderr
        assert str(stuck) in result.stderr and "Nothing of yours was changed" not in result.stderr
        assert "deleted." not in result.stdout  # no claim that the purge worked
        assert _ours(home) == []
    finally:
        subprocess.run(["chattr", "-i", str(stuck)])


# --- item 15: private from the start --------------------------------------------------------------------------

def test_config_and_directories_are_private(home, docker_client):
    (home / "practice").mkdir(parents=True)
    (home / "practice").chmod(0o755)  # as an older tutor left it
    launcher.up(port=free_port())
    practice = home / "practice"
    assert stat.S_IMODE(practice.stat().st_mode) == 0o700
    assert stat.S_IMODE((practice / "data").stat().st_mode) == 0o700
    assert stat.S_IMODE((practice / "config.yml").stat().st_mode) == 0o600
    assert stat.S_IMODE((practice / "state.json").stat().st_mode) == 0o600
    assert "secret:" in (practice / "config.yml").read_text()


# --- item 17: TUTOR_PRACTICE_PORT ------------------------------------------------------------------------------

def test_practice_up_honours_tutor_practice_port(home, tutor, docker_client):
    port = free_port()
    result = tutor("practice", "up", env={"TUTOR_PRACTICE_PORT": str(port)})
    assert result.exit_code == 0, result.stderr
    assert launcher.status().address == f"127.0.0.1:{port}"
    bad = tutor("practice", "up", env={"TUTOR_PRACTICE_PORT": "fivethousand"})
    assert bad.exit_code == 2 and "TUTOR_PRACTICE_PORT=fivethousand is not a port" in bad.stderr


# --- item 18: YAML written by a library; this run's log only ------------------------------------------------

def test_a_data_directory_with_yaml_characters_works(tmp_path, monkeypatch, docker_client, scratch_image):
    from realdocker import docker_login, tag_and_push

    home = tmp_path / "a #hash: and colon"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    try:
        up = launcher.up(port=free_port())
        launcher.add_user("budi", "budipass1")
        repository, _ = scratch_image
        assert docker_login(up.address, "budi", "budipass1").returncode == 0
        assert tag_and_push(repository, f"{up.address}/budi/{repository}").returncode == 0
        assert launcher.status().repositories == [f"budi/{repository}"]  # stored under that very path
    finally:
        launcher.down(purge=True)


@pytest.mark.skipif(not shutil.which("busybox"), reason="busybox is missing (busybox-static)")
def test_a_start_failure_shows_this_runs_log_only(home, tutor, docker_client, monkeypatch, unique):
    """As in the issue: a container launch that fails, in a home where an earlier binary run left its log.
    The image is a real one whose entrypoint is not a registry: it says so and exits."""
    practice = home / "practice"
    practice.mkdir(parents=True)
    (practice / "registry.log").write_text("STALE LINE FROM AN EARLIER RUN\n")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(shutil.which("busybox"), arcname="bin/busybox")
    broken = f"tutortest-broken-registry-{unique}:latest"
    docker_client.api.import_image_from_data(
        buffer.getvalue(), repository=broken.split(":")[0], tag="latest",
        changes=['ENTRYPOINT ["/bin/busybox", "sh", "-c", "echo THIS RUN FAILED: not a registry; exit 3", "--"]'])
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "container")
    monkeypatch.setenv("TUTOR_REGISTRY_IMAGE", broken)
    try:
        result = tutor("practice", "up", "--port", str(free_port()))
        assert result.exit_code == 8
        assert "The practice registry did not start:" in result.stderr
        assert "STALE LINE" not in result.stderr and "THIS RUN FAILED" in result.stderr
        assert _ours(home) == []
    finally:
        docker_client.images.remove(broken, force=True)
