"""Checks of Docker's config.json (a top-level value, a login kept by a credential helper), and the login
Docker really uses once a helper is configured: against real config files, a helper that speaks the helper
protocol (a script: no real helper may be installed machine-wide here, it would change every docker login on
the machine), and the real docker CLI pushing to the practice registry."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
from realdocker import docker_cli, docker_login

from tutor.checks.context import CheckContext
from tutor.checks.docker_config import config_value, login_in_helper
from tutor.checks.state import logged_in
from tutor.docker.config import login_for
from tutor.docker.config_restore import ConfigRestore, config_restore, config_shape

LISTS = """case "$1" in
  list) echo '{"%(server)s": "budi"}' ;;
  get) echo "credentials not found in native keychain"; exit 1 ;;
  *) cat >/dev/null ;;
esac
"""

COUNTING = """case "$1" in
  list) echo list >> "%(calls)s"; echo '{"%(server)s": "budi"}' ;;
  *) cat >/dev/null; exit 1 ;;
esac
"""


def _helper(tmp_path, monkeypatch, name: str, body: str) -> None:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / f"docker-credential-{name}"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def _plain(user: str = "budi", password: str = "budi-practice-pw") -> dict:
    return {"auth": base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_config_value_reads_the_file_and_says_when_it_is_broken(docker_config):
    ctx = CheckContext()
    config = docker_config / "config.json"
    unset = config_value(ctx, "credsStore", "pass")
    assert not unset.passed and unset.found.text("en") == "credsStore is not set"
    config.write_text(json.dumps({"auths": {}, "credsStore": "pass"}))
    ctx.refresh()  # after a command, as the live engine does: config.json is read afresh
    assert config_value(ctx, "credsStore", "pass").passed
    other = config_value(ctx, "credsStore", "desktop")
    assert not other.passed and other.found.text("id") == "credsStore bernilai pass"
    config.write_text('{"auths": {} "credsStore": "pass"}')  # a missing comma, as a hand edit leaves it
    ctx.refresh()  # after a command, as the live engine does: config.json is read afresh
    broken = config_value(ctx, "credsStore", "pass")
    assert not broken.passed and "is not valid JSON" in broken.found.text("en")


def test_the_config_checks_judge_the_run_s_one_read_of_config_json(docker_config):
    """config_value and login_in_helper read config.json again on each check instead of the check context's
    one read per command: within one command, two checks could judge two different files."""
    config = docker_config / "config.json"
    config.write_text(json.dumps({"auths": {}, "credsStore": "pass"}))
    ctx = CheckContext()
    assert ctx.docker_config["credsStore"] == "pass"  # this command's read, shared by its checks
    config.write_text(json.dumps({"auths": {}, "credsStore": "desktop"}))
    assert config_value(ctx, "credsStore", "pass").passed
    ctx.refresh()  # the next command
    assert config_value(ctx, "credsStore", "desktop").passed


def test_docker_desktop_s_helper_in_wsl_is_desktop_exe(docker_config, tmp_path, monkeypatch):
    """Docker Desktop writes `"credsStore": "desktop.exe"` into a WSL distribution's config.json (Docker there runs
    the Windows program docker-credential-desktop.exe): the same helper as `desktop`. credential-helper's
    desktop-store step asks for `desktop` and failed there. The helper here is a stand-in under that name (the
    real one is a Windows program)."""
    config = docker_config / "config.json"
    config.write_text(json.dumps({"auths": {"127.0.0.1:5999": {}}, "credsStore": "desktop.exe"}))
    ctx = CheckContext()
    assert config_value(ctx, "credsStore", "desktop").passed
    assert config_value(ctx, "credsStore", "desktop.exe").passed
    assert not config_value(ctx, "credsStore", "wincred").passed  # another helper stays another helper
    assert not config_value(ctx, "credsStore", "pass").passed
    _helper(tmp_path, monkeypatch, "desktop.exe", LISTS % {"server": "127.0.0.1:5999"})
    kept = login_in_helper(ctx, "127.0.0.1:5999")
    assert kept.passed and "docker-credential-desktop.exe" in kept.found.text("en")
    config.write_text(json.dumps({"credsStore": "desktop"}))
    ctx.refresh()
    assert config_value(ctx, "credsStore", "desktop.exe").passed
    assert not config_value(ctx, "currentContext", "desktop").passed  # only credsStore names a helper


def test_the_cleanup_leaves_docker_desktop_s_helper_in_either_spelling():
    """`tutor reset --cleanup` puts credsStore back as the lesson found it. Docker Desktop's helper under its other
    spelling is no change of the lesson's: Docker Desktop writes `desktop.exe` into a WSL distribution's
    config.json at each of its starts, and the logins are in the one vault either way; putting `desktop` back
    there would name a program Docker cannot find. Any other change of helper is still put back."""
    found = config_shape({"auths": {"127.0.0.1:5999": {}}, "credsStore": "desktop"})
    assert config_restore(found, {"auths": {"127.0.0.1:5999": {}}, "credsStore": "desktop.exe"}) is None
    assert config_restore(config_shape({"credsStore": "desktop.exe"}), {"credsStore": "desktop"}) is None
    moved = config_restore(config_shape({"auths": {"127.0.0.1:5999": _plain()}, "credsStore": "desktop.exe"}),
                           {"auths": {"127.0.0.1:5999": {}}, "credsStore": "pass"})
    assert moved == ConfigRestore("desktop.exe", "pass", ("127.0.0.1:5999",))
    assert config_restore(config_shape({}), {"credsStore": "desktop.exe"}) == ConfigRestore(None, "desktop.exe", ())


def test_the_cleanup_asks_no_helper_when_no_login_moves_back(docker_config):
    """A lesson set credsStore, and the learner had no login in config.json to move back (nothing to read from
    the helper): cleanup only takes credsStore away. It made docker-py's credential Store all the same, and
    docker-py warns on stderr when the helper's program is not on PATH (here: none is; on a learner's computer,
    a helper they removed, or a terminal whose PATH lacks it), so `tutor reset --cleanup` printed a Python
    warning among its own lines. In a fresh process, as the learner's tutor runs it, with Python's own warning
    filters: nothing on stderr."""
    import subprocess
    import sys

    config = docker_config / "config.json"
    config.write_text(json.dumps({"auths": {"127.0.0.1:5999": {}}, "credsStore": "tutortest-absent"}))
    code = ("from tutor.docker.config_restore import ConfigRestore, restore_config; "
            "print(restore_config(ConfigRestore(None, 'tutortest-absent', ())))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONWARNINGS": ""})
    assert done.returncode == 0 and done.stdout.strip() == "()", done.stdout + done.stderr
    assert done.stderr == ""
    assert json.loads(config.read_text()) == {"auths": {"127.0.0.1:5999": {}}}  # credsStore gone, the rest kept


def test_login_in_helper(docker_config, tmp_path, monkeypatch):
    ctx = CheckContext()
    config = docker_config / "config.json"
    config.write_text(json.dumps({"auths": {"127.0.0.1:5999": _plain()}}))
    plain = login_in_helper(ctx, "127.0.0.1:5999")
    assert not plain.passed and plain.found.text("en") == "no credential helper is configured (credsStore)"
    _helper(tmp_path, monkeypatch, "tutortest", LISTS % {"server": "127.0.0.1:5999"})
    config.write_text(json.dumps({"auths": {"127.0.0.1:5999": _plain()}, "credsStore": "tutortest"}))
    ctx.refresh()  # after a command, as the live engine does: config.json is read afresh
    both = login_in_helper(ctx, "127.0.0.1:5999")
    assert not both.passed and "config.json still holds a password" in both.found.text("en")
    config.write_text(json.dumps({"auths": {"127.0.0.1:5999": {}}, "credsStore": "tutortest"}))
    ctx.refresh()  # after a command, as the live engine does: config.json is read afresh
    kept = login_in_helper(ctx, "127.0.0.1:5999")
    assert kept.passed and kept.found.text("en") == (
        "logged in to 127.0.0.1:5999 as budi, kept by docker-credential-tutortest; no secret in config.json")
    lacks = login_in_helper(ctx, "127.0.0.1:6000")
    assert not lacks.passed and "does not list 127.0.0.1:6000" in lacks.found.text("en")
    config.write_text(json.dumps({"credsStore": "absent-helper-xyz"}))
    ctx.refresh()  # after a command, as the live engine does: config.json is read afresh
    missing = login_in_helper(ctx, "127.0.0.1:5999")
    assert not missing.passed and "docker-credential-absent-helper-xyz" in missing.found.text("en")


def test_a_helper_is_asked_to_list_once_per_command(docker_config, tmp_path, monkeypatch):
    """Each lookup started `docker-credential-<helper> list` again: logged_in for a registry the helper lists
    under another spelling asked it twice (the login, then every login), and each further check once more."""
    calls = tmp_path / "calls"
    _helper(tmp_path, monkeypatch, "tutortest", COUNTING % {"server": "localhost:5999", "calls": calls})
    (docker_config / "config.json").write_text(json.dumps({"auths": {}, "credsStore": "tutortest"}))
    ctx = CheckContext()
    other = logged_in(ctx, "127.0.0.1:5999")
    assert not other.passed and other.found.key == "check.found.login_other_spelling"
    assert login_in_helper(ctx, "localhost:5999").passed and logged_in(ctx, "localhost:5999").passed
    assert calls.read_text().split() == ["list"]
    ctx.refresh()  # the next command: the helper may hold something else now
    assert logged_in(ctx, "localhost:5999").passed
    assert calls.read_text().split() == ["list", "list"]


@pytest.mark.engine
@pytest.mark.registry
def test_a_plain_login_is_not_used_once_a_helper_is_configured(practice, docker_config, scratch_image, tmp_path,
                                                              monkeypatch):
    """Docker asks only the helper once credsStore is set: the password left in `auths` is ignored and the
    push goes out without a login. login_for said "logged in (config.json)" here before."""
    repository, _ = scratch_image
    practice.add_user("budi", "budi-practice-pw")
    assert docker_login(practice.address, "budi", "budi-practice-pw").returncode == 0
    target = f"{practice.address}/budi/{repository}"
    assert docker_cli("tag", repository, target).returncode == 0
    _helper(tmp_path, monkeypatch, "tutortest", LISTS % {"server": "elsewhere.invalid"})
    config = docker_config / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "credsStore": "tutortest"}))
    pushed = docker_cli("push", target)
    assert pushed.returncode != 0 and "denied" in pushed.stderr + pushed.stdout
    assert login_for(practice.address) is None
