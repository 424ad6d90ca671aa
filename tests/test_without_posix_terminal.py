"""The embedded shell is one driver among others: without the POSIX terminal modules (Windows with Docker
Desktop, outside WSL), the package imports and every command but the embedded shell works.

This machine cannot lack those modules for real, so each run here is a subprocess that makes them unimportable
before the tutor is imported: `pty`, `termios`, `fcntl` and `tty` absent, and pexpect as Windows has it (the
package is there, its `spawn` is not). The one case in this suite that has to be simulated."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO
from realdocker import REGISTRY_BINARY, free_port

WINDOWS_LIKE = """\
import sys, types, warnings
# filelock takes msvcrt's lock on Windows; with fcntl taken away on Linux it falls back, and warns of that
warnings.filterwarnings("ignore", "only soft file lock")
for name in ("pty", "termios", "fcntl", "tty"):
    sys.modules[name] = None  # `import pty` raises ImportError, as on Windows
sys.modules["pexpect"] = types.ModuleType("pexpect")  # pexpect on Windows: no spawn (it needs a pty)
"""
RUN_TUTOR = WINDOWS_LIKE + "from tutor.cli import main\nmain(sys.argv[1:])\n"
# The embedded shell itself and the drivers that type into it: what Windows goes without.
SHELL_MODULES = {"tutor.live.shell", "tutor.live.embedded", "tutor.live.demo", "tutor.live.headless"}
pytestmark = pytest.mark.slow  # every test starts fresh interpreters (a tutor command each): seconds


def windows_like(*args: str, env: dict[str, str], input: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUN_TUTOR, *args], input=input, capture_output=True, text=True,
                          env=env, timeout=240, cwd=REPO)


@pytest.fixture
def home_env(tmp_path) -> dict[str, str]:
    (tmp_path / "docker").mkdir()
    return {**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "DOCKER_CONFIG": str(tmp_path / "docker"),
            "HOME": str(tmp_path), "COLUMNS": "160", "TUTOR_LANG": "en"}


def test_the_simulation_really_takes_the_modules_away():
    probe = WINDOWS_LIKE + """
for name in ("pty", "termios", "fcntl"):
    try:
        __import__(name)
    except ImportError:
        print(name, "absent")
try:
    from pexpect import spawn
except ImportError:
    print("spawn absent")
"""
    said = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout
    assert said.split("\n")[:4] == ["pty absent", "termios absent", "fcntl absent", "spawn absent"]


def test_every_module_but_the_embedded_shell_imports():
    walk = WINDOWS_LIKE + f"""
import importlib, pkgutil, tutor
shell = {sorted(SHELL_MODULES)!r}
for module in pkgutil.walk_packages(tutor.__path__, "tutor."):
    if module.name not in shell and module.name != "tutor.__main__" and not module.name.startswith("tutor.lessons"):
        importlib.import_module(module.name)
        print(module.name)
"""
    done = subprocess.run([sys.executable, "-c", walk], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    imported = set(done.stdout.split())
    assert {"tutor.cli", "tutor.app.start", "tutor.live.watch", "tutor.live.keys", "tutor.live.engine",
            "tutor.ui.live", "tutor.classroom.learner", "tutor.practice.launcher"} <= imported


def test_the_commands_without_docker_work(home_env):
    for args in (["--help"], ["list"], ["show", "docker-push"], ["validate"], ["progress"],
                 ["reset", "docker-push"]):
        done = windows_like(*args, env=home_env)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout.strip(), args
    assert "docker-push" in windows_like("list", env=home_env).stdout


def test_join_says_an_unreachable_room_in_one_sentence(home_env):
    done = windows_like("join", f"https://127.0.0.1:{free_port()}/#sha256={'0' * 64}", "--user", "budi",
                        "--password-stdin", env=home_env, input="secret\n")
    assert done.returncode not in (0, 70) and "Traceback" not in done.stderr, done.stderr  # 70: internal error
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.skipif(not REGISTRY_BINARY, reason="the distribution registry binary is missing (apt: docker-registry)")
def test_practice_check_why_and_watch_mode_work(home_env, docker_client, app_image):
    """The practice registry, `check`, `why`, and `start --watch` (keys read as lines here: no terminal), all in
    the Windows-like process."""
    home_env.update(TUTOR_PRACTICE_LAUNCH="binary")
    port = str(free_port())
    try:
        up = windows_like("practice", "up", "--port", port, env=home_env)
        assert up.returncode == 0, up.stdout + up.stderr
        status = windows_like("practice", "status", "--json", env=home_env)
        assert status.returncode == 0 and f"127.0.0.1:{port}" in status.stdout, status.stdout + status.stderr
        added = windows_like("practice", "add-user", "budi", "--password-stdin", env=home_env, input="pw-budi-1\n")
        assert added.returncode == 0, added.stderr
        check = windows_like("check", "docker-push", "--user", "budi", "--json", env=home_env)
        assert check.returncode == 1 and '"steps"' in check.stdout, check.stdout + check.stderr  # 1: steps to do
        why = windows_like("why", "docker-push", "--user", "budi", env=home_env)
        assert why.returncode == 0 and why.stdout.strip(), why.stderr
        start = windows_like("start", "docker-push", "--watch", "--user", "budi", env=home_env, input="q\n")
        assert start.returncode == 0, start.stdout + start.stderr
        assert "Keys: h hint" in start.stdout and not start.stderr.strip(), start.stdout + start.stderr
    finally:
        down = windows_like("practice", "down", "--purge", env=home_env)
    assert down.returncode == 0, down.stderr
