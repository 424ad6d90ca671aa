from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from tutor.cli import build_app, split_language
from tutor.i18n import set_language
from tutor.lesson.catalog import bundled_root

# pytest keeps the test modules it has rewritten (and hypothesis's) in __pycache__ unless bytecode writing is off,
# as PYTHONDONTWRITEBYTECODE turns it off on these machines: every run then rewrote and compiled them again, ~3 s
# of CPU before the first test. Written here from now on, as scripts/provision.sh compiles tutor/ for the same reason.
sys.dont_write_bytecode = False

REPO = Path(__file__).resolve().parent.parent

# docker-credential-pass for the credential-helper lesson's tests, fetched by scripts/provision.sh into the
# virtual environment (never installed for the whole machine: see tutor/lessontest/sandbox.py).
_HELPERS = Path(sys.prefix) / "credential-helpers" / "usr" / "bin"
if _HELPERS.is_dir():
    os.environ.setdefault("TUTOR_CREDENTIAL_HELPERS", str(_HELPERS))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def tutor(monkeypatch, tmp_path):
    """Runs the CLI in-process the way `tutor ...` would, returning exit code, stdout and stderr."""
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "tutor-home"))  # progress, caches: never the real home
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping inside path:line messages
    for name in ("TUTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, env: dict | None = None, input: str | None = None) -> Result:
        lang, rest = split_language(list(args))
        runner = CliRunner()
        result = runner.invoke(build_app(lang), rest, env=env, input=input, catch_exceptions=False, prog_name="tutor")
        set_language("en")
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def lesson_copy(tmp_path) -> Path:
    """A private copy of the docker-push lesson to break in a test."""
    target = tmp_path / "docker-push"
    shutil.copytree(bundled_root() / "docker-push", target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


pytest_plugins = ["realdocker", "splitnet", "learner"]

# Property tests (hypothesis): the whole suite (scripts/test, CI) runs each with its full count of examples; the
# quick run (README) passes --hypothesis-profile=quick, the same properties over a tenth of the examples.
settings.register_profile("quick", max_examples=10)

# The markers follow from what a test uses, so none is forgotten: a test whose fixtures (directly or through
# other fixtures) reach the Docker engine is `engine`, one that starts a distribution registry is `registry`,
# one that drives a browser or installs the wheel into a fresh environment is `slow`. A slow test that no
# fixture names carries `@pytest.mark.slow` itself, with the reason beside it.
# `pytest -m "not engine and not slow"` is then the quick run: no engine, no registry binary, seconds.
ENGINE_FIXTURES = frozenset({"docker_client", "split_engine", "podman"})  # Podman: an engine of its own
REGISTRY_FIXTURES = frozenset({"registry", "practice", "room", "split_engine"})
SLOW_FIXTURES = frozenset({"chromium", "installed_wheel"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & ENGINE_FIXTURES:
            item.add_marker(pytest.mark.engine)
        if used & REGISTRY_FIXTURES:
            item.add_marker(pytest.mark.registry)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs of its own (needs root), unmounted afterwards: a real disk to fill up (fill_up)."""
    disk = tmp_path / "small"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill_up(disk: Path) -> None:
    """Takes every byte left on `disk` (a file named `filler`)."""
    with open(disk / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 512)
        except OSError:
            pass
