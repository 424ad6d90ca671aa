"""Platform profiles: steps for some platforms only (`only:` in lesson.yaml), the learner's platform (the
operating system, Docker Desktop, TUTOR_PLATFORM), what `tutor validate` holds about them, and what `show`,
`list`, progress and `check` make of them. The credential-helper lesson is the real example throughout; its own
tests (tests.yaml, played per platform by `tutor test`) are run by tests/test_shipped_lessons.py."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import line_of, replace_in

from tutor import progress
from tutor.app.platform import learner_platform
from tutor.docker.engine import DockerEnv
from tutor.lesson.catalog import bundled_root
from tutor.lesson.loader import load_lesson, validate_lesson
from tutor.lesson.platforms import os_platform
from tutor.lesson.values import lesson_values
from tutor.live.engine import LiveEngine
from tutor.live.events import StepPassed

LINUX = ["why-helper", "install", "vault", "config", "login", "verify", "other-logins"]
MACOS = ["why-helper", "install-macos", "config", "login", "verify", "other-logins"]
WINDOWS = ["why-helper", "install-windows", "login", "verify", "other-logins"]
DESKTOP = ["why-helper", "desktop-store", "login", "verify", "other-logins"]


@pytest.fixture
def helper_lesson(tmp_path) -> Path:
    """A private copy of the credential-helper lesson to break (its practice image's context is docker-push's)."""
    for name in ("credential-helper", "docker-push"):
        shutil.copytree(bundled_root() / name, tmp_path / name)
    return tmp_path / "credential-helper"


def _problems(directory: Path) -> list[tuple[int, str, dict]]:
    return [(p.line, p.key, dict(p.values)) for p in validate_lesson(directory)]


# --- the format -------------------------------------------------------------------------------------------------
def test_each_platform_gets_its_own_steps_and_its_own_helper():
    lesson = load_lesson(bundled_root() / "credential-helper")
    assert lesson.platforms == ("linux", "macos", "windows", "desktop")
    assert list(lesson.step_ids) == ["why-helper", "install", "vault", "install-macos", "install-windows",
                                     "desktop-store", "config", "login", "verify", "other-logins"]
    for platform, steps, helper in (("linux", LINUX, "pass"), ("macos", MACOS, "osxkeychain"),
                                    ("windows", WINDOWS, "wincred"), ("desktop", DESKTOP, "desktop")):
        chosen = lesson.for_platform(platform)
        assert list(chosen.step_ids) == steps
        assert chosen.platforms == lesson.platforms  # what it was chosen from stays known (`tutor show` says it)
        assert lesson_values(chosen)["helper"] == helper
    # The platform's profile first, then the registry's: a Mac learner on Docker Hub.
    hub = lesson_values(lesson.for_platform("macos"), "docker.io", "siti")
    assert (hub["helper"], hub["install_jq"], hub["login_command"]) == ("osxkeychain", "brew install jq",
                                                                        "docker login -u siti")
    assert lesson_values(lesson)["helper"] == "pass"  # not chosen for a platform: the lesson's own defaults


def test_a_lesson_without_only_is_the_same_on_every_platform():
    lesson = load_lesson(bundled_root() / "docker-push")
    assert lesson.platforms == ()
    assert lesson.for_platform("windows").step_ids == lesson.step_ids


def test_an_unknown_platform_in_only_is_reported_at_its_line(helper_lesson):
    manifest = helper_lesson / "lesson.yaml"
    replace_in(manifest, "    only: [macos]\n", "    only: [macos, osx]\n")
    problems = _problems(helper_lesson)
    assert (line_of(manifest, "only: [macos, osx]"), "problem.only_unknown",
            {"value": "osx", "known": "linux, macos, windows, desktop"}) in problems
    replace_in(manifest, "    only: [macos, osx]\n", "    only: {macos: yes}\n")
    assert (line_of(manifest, "only: {macos: yes}"), "problem.only_shape",
            {"known": "linux, macos, windows, desktop"}) in _problems(helper_lesson)


def test_a_platform_left_without_a_step_in_a_fork_is_reported(helper_lesson):
    manifest = helper_lesson / "lesson.yaml"
    # A second fork, for Linux only: the other platforms the lesson names would skip it.
    replace_in(manifest, "  - id: other-logins\n", "  - id: other-logins\n    only: [linux]\n")
    line = line_of(manifest, "- id: other-logins")
    gaps = [(found_line, values["platform"]) for found_line, key, values in _problems(helper_lesson)
            if key == "problem.platform_gap"]
    assert gaps == [(line, "macos"), (line, "windows"), (line, "desktop")]


def test_until_must_name_a_step_the_checks_own_learners_get(helper_lesson):
    manifest = helper_lesson / "lesson.yaml"
    replace_in(manifest, "      - answer: {correct: b}\n", "      - answer: {correct: b}\n        until: install\n")
    problems = _problems(helper_lesson)
    assert (line_of(manifest, "until: install") - 1, "problem.until_other_platform",
            {"step": "install", "platforms": "macos, windows, desktop"}) in problems


def test_the_platform_of_the_machine():
    assert [os_platform(name) for name in ("linux", "darwin", "win32", "cygwin")] == [
        "linux", "macos", "windows", "windows"]


def test_tutor_platform_chooses_and_a_bad_one_is_one_sentence(tutor, monkeypatch):
    monkeypatch.setenv("TUTOR_PLATFORM", "macos")
    assert learner_platform(saved="windows") == "macos"  # the author's choice wins over a saved attempt
    monkeypatch.delenv("TUTOR_PLATFORM")
    assert learner_platform(saved="windows") == "windows"
    assert learner_platform(saved="beos") == os_platform()  # a hand-edited progress file
    done = tutor("show", "credential-helper", env={"TUTOR_PLATFORM": "solaris"})
    assert done.exit_code == 2
    assert "TUTOR_PLATFORM=solaris is not a platform the tutor knows" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout


def test_docker_desktop_is_its_own_platform(docker_client, monkeypatch):
    monkeypatch.delenv("TUTOR_PLATFORM", raising=False)
    real = DockerEnv()
    assert not real.is_docker_desktop() and learner_platform(real) == os_platform()

    class DesktopAnswer(DockerEnv):
        """The engine here is a plain dockerd: what Docker Desktop's `docker info` says cannot be produced on this
        machine, so this one answer is given by hand (docs/desktop.md: OperatingSystem is "Docker Desktop")."""

        def operating_system(self) -> str:
            return "Docker Desktop"

    assert learner_platform(DesktopAnswer()) == "desktop"


# --- show, list, progress ---------------------------------------------------------------------------------------
def test_show_prints_the_steps_of_the_learners_platform(tutor):
    windows = tutor("show", "credential-helper", env={"TUTOR_PLATFORM": "windows"})
    assert windows.exit_code == 0
    assert "The steps for windows." in windows.stdout and "Step 2 of 5" in windows.stdout
    assert "Install the Credential Manager helper" in windows.stdout and "docker-credential-wincred" in windows.stdout
    assert "Prepare the vault" not in windows.stdout and "Install the Keychain helper" not in windows.stdout
    macos = tutor("--lang", "id", "show", "credential-helper", env={"TUTOR_PLATFORM": "macos"})
    assert "Langkah-langkah untuk macos." in macos.stdout and "Pasang helper untuk Keychain" in macos.stdout
    assert "docker-credential-osxkeychain version" in macos.stdout  # the platform's profile fills the values
    assert "The steps for" not in tutor("show", "docker-push").stdout  # no platforms, nothing said


def _steps_listed(tutor, lesson: str, env: dict | None = None, column: int = -3) -> str:
    listed = tutor("list", env=env)
    assert listed.exit_code == 0
    line = next(line for line in listed.stdout.splitlines() if line.startswith(lesson + " "))
    return line.split()[column]  # ... STEPS LANGUAGES ("id," "en")


def test_list_and_progress_count_the_steps_of_the_learners_platform(tutor, monkeypatch):
    monkeypatch.delenv("TUTOR_PLATFORM", raising=False)
    assert _steps_listed(tutor, "credential-helper", {"TUTOR_PLATFORM": "desktop"}) == "5"
    assert _steps_listed(tutor, "credential-helper", {"TUTOR_PLATFORM": "linux"}) == "7"
    # An attempt played on Docker Desktop: `tutor list` asks no engine, and counts that attempt's steps.
    progress.save(progress.LessonProgress("credential-helper", current="login", done=("why-helper", "desktop-store"),
                                          platform="desktop"))
    assert _steps_listed(tutor, "credential-helper") == "3/5"
    shown = tutor("show", "credential-helper")
    assert "The steps for desktop." in shown.stdout  # show follows the saved attempt too
    progress.save(progress.LessonProgress("credential-helper", current=None, done=tuple(DESKTOP), finished=1.0,
                                          platform="desktop"))
    assert _steps_listed(tutor, "credential-helper", column=-4) == "5"  # "5 ✓": done, of the attempt's 5


def test_an_attempt_keeps_its_platform_and_another_platform_starts_a_new_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "tutor-home"))
    lesson = load_lesson(bundled_root() / "credential-helper")

    def engine_on(platform: str) -> LiveEngine:
        chosen = lesson.for_platform(platform)
        return LiveEngine(chosen, "en", lesson_values(chosen), "127.0.0.1:5000", "budi", watch=True)

    desktop = engine_on("desktop")
    desktop.opening()
    assert desktop.word("answer", ("b",))[0] == StepPassed("why-helper")
    desktop.close()
    saved = progress.load("credential-helper")
    assert (saved.platform, saved.current, saved.done) == ("desktop", "desktop-store", ("why-helper",))
    again = engine_on("desktop")
    assert again.opening().resumed and again.session.progress.current == "desktop-store"
    again.close()
    linux = engine_on("linux")  # the same learner, now on Linux: that platform's steps, from the start
    assert not linux.opening().resumed and linux.session.progress.current == "why-helper"
    linux.close()
    assert progress.load("credential-helper").platform == "linux"


# --- the checks that read config.json, for a platform this machine is not ---------------------------------------
STAND_IN = """#!/bin/sh
# A STAND-IN for docker-credential-wincred, which runs only on Windows: it answers `list` as the helper protocol
# says (server -> username, no secret) from a file beside it. The check never asks for a secret (`get`).
case "$1" in
  list) cat "$(dirname "$0")/logins.json" ;;
  get) echo "credentials not found in native keychain"; exit 1 ;;
  *) cat >/dev/null ;;
esac
"""


def test_the_windows_checks_read_the_real_config_and_the_helpers_list(tutor, docker_client, tmp_path, monkeypatch):
    config = tmp_path / "docker-config"
    config.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    folder = tmp_path / "bin"
    folder.mkdir()
    helper = folder / "docker-credential-wincred"
    helper.write_text(STAND_IN)
    helper.chmod(helper.stat().st_mode | stat.S_IEXEC)
    (folder / "logins.json").write_text(json.dumps({"127.0.0.1:5000": "budi"}))
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    windows = {"TUTOR_PLATFORM": "windows"}

    def verdicts(step: str) -> list[tuple[str, str]]:
        done = tutor("check", "credential-helper", "--step", step, "--json", env=windows)
        return [(check["check"], check["status"]) for check in json.loads(done.stdout)["steps"][0]["verdicts"]]

    (config / "config.json").write_text(json.dumps({"auths": {"127.0.0.1:5000": {"auth": "YnVkaTpwdw=="}}}))
    assert verdicts("install-windows") == [("config_value", "fail"), ("answer", "not_applicable")]
    assert verdicts("login") == [("login_in_helper", "fail")]  # no helper named yet
    (config / "config.json").write_text(json.dumps({"auths": {"127.0.0.1:5000": {"auth": "YnVkaTpwdw=="}},
                                                    "credsStore": "wincred"}))
    assert verdicts("install-windows") == [("config_value", "pass"), ("answer", "not_applicable")]
    assert verdicts("login") == [("login_in_helper", "fail")]  # the helper lists it, but the password is in the file
    (config / "config.json").write_text(json.dumps({"auths": {"127.0.0.1:5000": {}}, "credsStore": "wincred"}))
    assert verdicts("login") == [("login_in_helper", "pass")]
    # Linux's steps are not this learner's.
    wrong = tutor("check", "credential-helper", "--step", "vault", env=windows)
    assert wrong.exit_code != 0 and "install-windows" in wrong.stdout + wrong.stderr


def test_the_credential_helper_commands_edit_the_config_docker_reads(tutor):
    """A learner with DOCKER_CONFIG set must be shown the file Docker really reads: the lesson's commands that
    edit config.json name it through docker_config_file, which the tutor fills in from DOCKER_CONFIG."""
    moved = tutor("show", "credential-helper", env={"TUTOR_PLATFORM": "linux", "DOCKER_CONFIG": "/srv/docker-conf"})
    assert moved.exit_code == 0
    assert "jq '.credsStore = \"pass\"' /srv/docker-conf/config.json > /srv/docker-conf/config.json.new" in moved.stdout
    assert "~/.docker/config" not in moved.stdout
    usual = tutor("show", "credential-helper", env={"TUTOR_PLATFORM": "linux"})
    assert "cat ~/.docker/config.json" in usual.stdout
