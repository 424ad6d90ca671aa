"""The course's lessons played to the end as `tutor start` runs them (the live engine, the learner's real
shell, the real engine and the practice registry), then graded by `tutor check` as a finished learner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from realdocker import docker_cli, docker_login

from tutor.app.check import run_checks
from tutor.checks.verdict import Status
from tutor.environment import Environment
from tutor.lesson.loader import load_named
from tutor.live.engine import LiveEngine
from tutor.live.events import Finished
from tutor.ui.live import LiveView

pytestmark = [pytest.mark.engine, pytest.mark.registry]


def _start(lesson_id: str, lang: str, monkeypatch, tmp_path):
    from tutor.app.start import prepare
    from tutor.docker.engine import DockerEnv

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TUTOR_SHELL", "bash")
    lesson = load_named(lesson_id)
    prepared = prepare(DockerEnv(), lesson, None, "budi", demo=False)
    return lesson, prepared


def _docker_push_done(practice, repo: str, push: bool) -> None:
    """The end state of docker-push, which the later lessons start from."""
    practice.add_user("budi", "budi-practice-pw")
    assert docker_login(practice.address, "budi", "budi-practice-pw").returncode == 0
    assert docker_cli("tag", "fastapi-app", repo).returncode == 0
    if push:
        assert docker_cli("push", repo).returncode == 0


def _names(address: str) -> dict[str, str]:
    """Every local name under the registry's address, and the practice image's, with the image each names."""
    from tutor.docker.engine import DockerEnv
    from tutor.practice.lesson_baseline import practice_tags

    docker = DockerEnv()
    try:
        return {**practice_tags(docker, address), "fastapi-app": docker.image("fastapi-app").id}
    finally:
        docker.close()


def _cleanup(lesson):
    """`tutor reset LESSON --cleanup --yes`, as its use case runs it."""
    from tutor.app import reset

    plan = reset.cleanup_plan(lesson)
    reset.carry_out(plan, lesson.id)
    return plan


def _play(lesson, prepared, lang: str):
    from tutor.live.headless import Headless

    engine = LiveEngine(lesson, lang, prepared.values, prepared.registry, prepared.user, password=prepared.password)
    view = LiveView(Environment(lang))
    view.opening(engine.opening())
    player = Headless(engine)
    try:
        return player.solve(), view
    finally:
        player.close()
        engine.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_image_tags_plays_to_the_end_and_tutor_check_passes(lang, practice, docker_config, app_image, tmp_path,
                                                           monkeypatch):
    repo = f"{practice.address}/budi/fastapi-app"
    # Where docker-push ends: logged in to the practice registry, fastapi-app tagged for it.
    _docker_push_done(practice, repo, push=False)
    had = _names(practice.address)
    lesson, prepared = _start("image-tags", lang, monkeypatch, tmp_path)
    assert prepared.password is None  # the learner's account and login were there already
    # Before its solution, no step but the first question is reachable, and the first with commands fails.
    before = run_checks(lesson, prepared.registry, "budi")
    assert [r.status for r in before.reports if r.step_id != "latest"].count(Status.PASS) == 0
    try:
        played, view = _play(lesson, prepared, lang)
        end = played[-1].events[-1]
        assert isinstance(end, Finished), [(p.typed, p.events) for p in played]
        assert end.standing.done == lesson.step_ids
        # The card names where the course goes on: docker-push, never done in this throwaway home.
        assert end.in_course and end.next_lesson == "docker-push"
        card = " ".join(view.events([end]).split())
        assert "tutor start docker-push" in card
        # Graded afterwards as a finished learner: `latest` moved on purpose, so the checks that described
        # it before are not applicable, and everything else passes.
        after = run_checks(lesson, prepared.registry, "budi")
        assert after.ok, [(r.step_id, v.kind, v.found.text("en")) for r in after.reports for v in r.verdicts
                          if v.status is Status.FAIL]
        moved = [v for r in after.reports for v in r.verdicts if v.status is Status.NOT_APPLICABLE
                 and v.found.key == "check.found.changed_on_purpose"]
        assert len(moved) == 2
        # A later retag of latest onto 1.0 (undoing the move) is seen.
        assert docker_cli("tag", f"{repo}:1.0", f"{repo}:latest").returncode == 0
        assert not run_checks(lesson, prepared.registry, "budi").ok
        # Cleanup puts back what the learner had: latest on fastapi-app's image, 1.0 and 1.1 gone, the login kept.
        assert docker_cli("tag", f"{repo}:1.1", f"{repo}:latest").returncode == 0
        plan = _cleanup(lesson)
        assert plan.retag == ((f"{repo}:latest", had[f"{repo}:latest"]),) and plan.logouts == ()
        assert _names(prepared.registry) == had
        assert docker_cli("image", "inspect", f"{repo}:1.1").returncode != 0  # the built image is gone
    finally:
        docker_cli("rmi", f"{repo}:1.0", f"{repo}:1.1", f"{repo}:latest")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_access_tokens_plays_to_the_end_and_tutor_check_passes(lang, practice, docker_config, app_image, tmp_path,
                                                              monkeypatch):
    from tutor.app import tokens

    repo = f"{practice.address}/budi/fastapi-app"
    # Where docker-push ends: logged in with the practice password, fastapi-app pushed as latest.
    _docker_push_done(practice, repo, push=True)
    had = _names(practice.address)
    lesson, prepared = _start("access-tokens", lang, monkeypatch, tmp_path)
    try:
        played, view = _play(lesson, prepared, lang)
        end = played[-1].events[-1]
        assert isinstance(end, Finished), [(p.typed, p.events) for p in played]
        assert end.standing.done == lesson.step_ids
        # The lesson's commands ran `tutor` in the learner's shell; no token was ever shown there.
        outputs = [p.prompt.command.output for p in played if p.prompt.command is not None]
        assert any("laptop" in output for output in outputs)  # `tutor practice token list` ran
        assert not any("tutor_pat_" in output for output in outputs)
        assert {t.name: t.active for t in tokens.listed("budi")} == {"laptop": False, "ci": True}
        after = run_checks(lesson, prepared.registry, "budi")
        assert after.ok, [(r.step_id, v.kind, v.found.text("en")) for r in after.reports for v in r.verdicts
                          if v.status is Status.FAIL]
        # Cleanup deletes the lesson's tokens; Docker's login is the deleted write token, so it is ended too and
        # the learner is told to log in again with the password (which the tutor never had).
        plan = _cleanup(lesson)
        assert len(plan.tokens) == 2 and plan.log_in_again and plan.logouts == (prepared.registry,)
        assert tokens.listed("budi") == [] and _names(prepared.registry) == had
        from tutor.docker.config import login_for

        assert login_for(prepared.registry) is None
    finally:
        docker_cli("rmi", repo)


def test_credential_helper_cleanup_puts_the_docker_config_back(practice, docker_config, app_image, tmp_path,
                                                              monkeypatch):
    """The lesson's outcome made for real (a GPG key, `pass init`, credsStore, a login through
    docker-credential-pass), then `tutor reset credential-helper --cleanup`: config.json is again what the learner
    had (credsStore gone, the login back in the file as `auth`), the vault holds no login, and a push still works."""
    helpers = os.environ.get("TUTOR_CREDENTIAL_HELPERS")
    if not helpers or not shutil.which("pass") or not shutil.which("gpg") or not shutil.which("jq"):
        pytest.skip("pass, gpg, jq or the private docker-credential-pass missing (scripts/provision.sh)")
    repo = f"{practice.address}/budi/fastapi-app"
    _docker_push_done(practice, repo, push=True)
    config_file = docker_config / "config.json"
    had = json.loads(config_file.read_text())
    assert had["auths"][practice.address]["auth"] and "credsStore" not in had
    lesson, prepared = _start("credential-helper", "en", monkeypatch, tmp_path)
    # The learner's vault in this test's home only; the helper on this test's PATH only (never machine-wide).
    monkeypatch.setenv("GNUPGHOME", str(tmp_path / ".gnupg"))
    monkeypatch.setenv("PASSWORD_STORE_DIR", str(tmp_path / ".password-store"))
    monkeypatch.setenv("PATH", f"{helpers}{os.pathsep}{os.environ['PATH']}")
    (tmp_path / ".gnupg").mkdir(mode=0o700)

    def shell(command: str) -> subprocess.CompletedProcess:
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    try:
        shell("gpg --batch --pinentry-mode loopback --passphrase '' --quick-generate-key budi-docker "
              "future-default default never && pass init budi-docker")
        shell(f"jq '.credsStore = \"pass\"' {config_file} > {config_file}.new && mv {config_file}.new {config_file}")
        login = docker_login(practice.address, "budi", "budi-practice-pw")
        assert login.returncode == 0 and "WARNING" not in login.stdout + login.stderr
        assert json.loads(config_file.read_text())["auths"][practice.address] == {}
        assert practice.address in json.loads(shell("docker-credential-pass list").stdout)
        checked = run_checks(lesson, prepared.registry, "budi")
        assert [r.status for r in checked.reports if r.step_id == "login"] == [Status.PASS]

        plan = _cleanup(lesson)
        assert plan.config is not None and plan.config.moved == (practice.address,)
        assert json.loads(config_file.read_text()) == had  # the same `auth`, no credsStore
        assert json.loads(shell("docker-credential-pass list").stdout) == {}
        assert docker_cli("push", repo).returncode == 0  # the login put back is a working one
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], capture_output=True, timeout=30)
        docker_cli("rmi", repo)


# STAND-IN, not the real helper: Docker Desktop's docker-credential-desktop (and, in a WSL distribution, the
# Windows program docker-credential-desktop.exe) cannot run here. This one speaks the protocol Docker uses with
# every helper (store, get, erase, list over stdin and stdout) and keeps its logins in one file for both names:
# one vault, as Docker Desktop's two spellings have.
DESKTOP_STAND_IN = '''import json, os, sys
path = os.environ["TUTORTEST_DESKTOP_VAULT"]
logins = json.load(open(path)) if os.path.exists(path) else {}
action = sys.argv[1] if len(sys.argv) > 1 else ""
if action == "list":
    print(json.dumps({url: entry["Username"] for url, entry in logins.items()}))
elif action == "store":
    entry = json.loads(sys.stdin.read())
    logins[entry["ServerURL"]] = entry
elif action in ("get", "erase"):
    url = sys.stdin.read().strip()
    if url not in logins:
        print("credentials not found in native keychain")
        sys.exit(1)
    if action == "get":
        print(json.dumps(logins[url]))
    else:
        del logins[url]
if action in ("store", "erase"):
    json.dump(logins, open(path, "w"))
'''


def test_docker_desktop_in_wsl_desktop_exe_passes_and_the_cleanup_keeps_it(practice, docker_config, app_image,
                                                                           tmp_path, monkeypatch):
    """Docker Desktop in a WSL distribution: config.json says `"credsStore": "desktop.exe"` (Docker Desktop writes
    it there, again at each of its starts). The lesson found `desktop` (a config.json from elsewhere); Docker
    Desktop rewrote it during the lesson. The desktop-store step passes on `desktop.exe` (it asked for exactly
    `desktop`), the login kept through docker-credential-desktop.exe passes, and the cleanup leaves Docker
    Desktop's spelling and the login in its vault (it put `desktop` back, a program Docker cannot find in WSL)."""
    helpers = tmp_path / "desktop-bin"
    helpers.mkdir()
    for name in ("docker-credential-desktop", "docker-credential-desktop.exe"):
        program = helpers / name
        program.write_text(f"#!{sys.executable}\n{DESKTOP_STAND_IN}")
        program.chmod(0o755)
    vault = tmp_path / "desktop-vault.json"
    monkeypatch.setenv("TUTORTEST_DESKTOP_VAULT", str(vault))
    monkeypatch.setenv("PATH", f"{helpers}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TUTOR_PLATFORM", "desktop")
    config_file = docker_config / "config.json"
    config_file.write_text(json.dumps({"credsStore": "desktop"}))
    repo = f"{practice.address}/budi/fastapi-app"
    _docker_push_done(practice, repo, push=True)  # through the helper: the file keeps an empty entry
    assert practice.address in json.loads(vault.read_text())
    lesson, prepared = _start("credential-helper", "en", monkeypatch, tmp_path)
    lesson = lesson.for_platform("desktop")
    try:
        # Docker Desktop starts again and writes its WSL spelling.
        config_file.write_text(json.dumps({**json.loads(config_file.read_text()), "credsStore": "desktop.exe"}))
        had = json.loads(config_file.read_text())
        checked = run_checks(lesson, prepared.registry, "budi")
        statuses = {r.step_id: [v.status for v in r.verdicts if v.kind in ("config_value", "login_in_helper")]
                    for r in checked.reports}
        assert statuses["desktop-store"] == [Status.PASS], checked.reports
        assert statuses["login"] == [Status.PASS] and statuses["verify"] == [Status.PASS]
        assert docker_cli("push", repo).returncode == 0  # Docker itself finds docker-credential-desktop.exe

        plan = _cleanup(lesson)
        assert plan.config is None
        assert json.loads(config_file.read_text()) == had
        assert practice.address in json.loads(vault.read_text())
    finally:
        docker_cli("rmi", repo)
