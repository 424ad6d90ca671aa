"""The course's lessons played against another registry (`tutor start LESSON --registry HOST:PORT --user NAME`),
as issue 15 asks: a real distribution registry with htpasswd logins on 127.0.0.1 stands in for Docker Hub or
any registry of the learner's (never docker.io). The learner's commands run in the real shell through the
headless driver, with the real docker CLI; the checks read the real engine and that registry."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import requests
from realdocker import docker_cli, docker_login, start_registry

from tutor.app.check import run_checks
from tutor.checks.verdict import Status
from tutor.environment import Environment
from tutor.i18n import t
from tutor.lesson.loader import load_named
from tutor.live.engine import LiveEngine
from tutor.live.events import Failure, Finished, Notice
from tutor.ui.live import LiveView

pytestmark = [pytest.mark.engine, pytest.mark.registry]

PASSWORD = "budi-own-registry-pw"


@pytest.fixture
def docker_home(tmp_path, monkeypatch):
    """The learner's home in this test's folder, with Docker's config where a learner has it (~/.docker: the
    lessons name that file), never the machine's own."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    return tmp_path / ".docker"


@pytest.fixture
def own_registry(tmp_path, docker_home, app_image):
    """A registry of the learner's own, where docker-push ended: logged in as budi (htpasswd, Basic auth),
    fastapi-app pushed as latest."""
    if not shutil.which("htpasswd"):
        pytest.skip("htpasswd missing (apt: apache2-utils)")
    root = tmp_path / "own-registry"
    root.mkdir()
    entry = subprocess.run(["htpasswd", "-Bbn", "budi", PASSWORD], capture_output=True, text=True, check=True).stdout
    (root / "htpasswd").write_text(entry)
    registry = start_registry(root, auth=f"auth:\n  htpasswd:\n    realm: own\n    path: {root / 'htpasswd'}\n")
    repo = f"{registry.address}/budi/fastapi-app"
    try:
        assert docker_login(registry.address, "budi", PASSWORD).returncode == 0
        assert docker_cli("tag", "fastapi-app", repo).returncode == 0
        assert docker_cli("push", repo).returncode == 0
        yield registry
    finally:
        docker_cli("rmi", repo, f"{repo}:1.0", f"{repo}:1.1")
        subprocess.run(["gpgconf", "--kill", "all"], capture_output=True, timeout=30)  # credential-helper's agent
        registry.process.terminate()
        registry.process.wait(10)


def _start(lesson_id: str, registry: str, monkeypatch, tmp_path):
    """`tutor start LESSON --registry REGISTRY --user budi` up to the live engine: no practice registry runs."""
    from tutor.app.start import prepare
    from tutor.docker.engine import DockerEnv

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "tutor-home"))
    monkeypatch.setenv("TUTOR_SHELL", "bash")
    lesson = load_named(lesson_id).for_platform("linux")
    docker = DockerEnv()
    try:
        prepared = prepare(docker, lesson, registry, "budi", demo=False)
    finally:
        docker.close()
    assert prepared.registry == registry and prepared.user == "budi"
    assert prepared.password is None  # the learner's own account: the tutor makes none and shows none
    return lesson, prepared


def _engine(lesson, prepared, lang: str):
    from tutor.live.headless import Headless

    engine = LiveEngine(lesson, lang, prepared.values, prepared.registry, prepared.user, password=prepared.password)
    view = LiveView(Environment(lang))
    opening = _plain(view.opening(engine.opening()))
    # The learner's own password at docker login's Password: prompt; their shell with the helper's folder and
    # a vault of this test's own (credential-helper), as its lesson tests give them.
    home = os.environ["HOME"]
    env = {"GNUPGHOME": f"{home}/.gnupg", "PASSWORD_STORE_DIR": f"{home}/.password-store",
           "TUTOR_CREDENTIAL_HELPERS": os.environ.get("TUTOR_CREDENTIAL_HELPERS", "")}
    return engine, view, opening, Headless(engine, password=PASSWORD, shell_env=env)


def _plain(shown: str) -> str:
    """What the learner reads in a rendered screen: no colours, no panel borders, words one space apart."""
    return " ".join(re.sub(r"\x1b\[[0-9;]*m|[│╭╮╰╯─]", " ", shown).split())


def _registry_tags(registry, repository: str) -> dict[str, str]:
    """What the registry itself holds: each tag of `repository` and its manifest's digest (Basic auth)."""
    auth = ("budi", PASSWORD)
    accept = {"Accept": "application/vnd.docker.distribution.manifest.v2+json, "
                        "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
                        "application/vnd.docker.distribution.manifest.list.v2+json"}
    tags = requests.get(f"{registry.url}/v2/{repository}/tags/list", auth=auth, timeout=10).json()["tags"]
    return {tag: requests.head(f"{registry.url}/v2/{repository}/manifests/{tag}", auth=auth, headers=accept,
                               timeout=10).headers["Docker-Content-Digest"] for tag in tags}


def _failures(run) -> list:
    return [(r.step_id, v.kind, v.found.text("en")) for r in run.reports for v in r.verdicts
            if v.status is Status.FAIL]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_image_tags_plays_to_the_end_on_another_registry(lang, own_registry, monkeypatch, tmp_path):
    """Tags, digests, the new version, `latest` moved, pull by digest and pull back: every step passes from the
    real state of the engine and of a registry that is not the practice one, and tutor check agrees."""
    lesson, prepared = _start("image-tags", own_registry.address, monkeypatch, tmp_path)
    engine, _, opening, player = _engine(lesson, prepared, lang)
    try:
        assert engine.practice_only == ()  # nothing here only the practice registry could judge: no notice
        assert t("session.practice_only", lang, registry="R", steps="S", lesson="L")[:25] not in opening
        played = player.solve()
    finally:
        player.close()
        engine.close()
    end = played[-1].events[-1]
    assert isinstance(end, Finished), [(p.typed, p.events) for p in played]
    assert end.standing.done == lesson.step_ids
    assert not any(p.typed == "next" for p in played)  # no step was passed by saying so: all judged from state
    tags = _registry_tags(own_registry, "budi/fastapi-app")
    assert set(tags) == {"latest", "1.0", "1.1"}
    assert tags["latest"] == tags["1.1"] != tags["1.0"]
    after = run_checks(lesson, own_registry.address, "budi")
    assert after.ok, _failures(after)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_access_tokens_on_another_registry_says_what_it_cannot_check(lang, own_registry, monkeypatch, tmp_path):
    """Tokens and the record of logins exist on the practice registry only. Started with --registry, the lesson
    names the steps it can check only in part, in the learner's language; a step with nothing left to check
    says so when the learner has run its commands, and `next` goes on; no step is stuck, nothing fails."""
    lesson, prepared = _start("access-tokens", own_registry.address, monkeypatch, tmp_path)
    engine, view, opening, player = _engine(lesson, prepared, lang)
    token_steps = ("create-read", "login-read", "pull-read", "push-denied", "login-write", "revoke")
    try:
        assert engine.practice_only == token_steps
        titles = ", ".join(view._title(step) for step in token_steps)
        said = t("session.practice_only", lang, registry=own_registry.address, steps=titles, lesson=lesson.id)
        assert _plain(said) in opening
        played, by_next = [], []
        while engine.session.step is not None:
            step = engine.session.progress.current
            played += player.solve_step()
            if engine.session.progress.current == step:
                # Nothing in it can be judged here: the tutor said so after the learner's command ...
                assert Notice("session.done_on_request") in played[-1].events, (step, played[-1])
                assert _plain(view._t("session.done_on_request")) in _plain(
                    view.events(played[-1].events))
                played += player.play(["next"])  # ... and `next` passes it, as it passes a reading step
                by_next.append(step)
                assert engine.session.progress.current != step, (step, played[-1])
    finally:
        player.close()
        engine.close()
    assert by_next == ["create-read"]  # its only check is registry_token
    assert not any(isinstance(event, Failure) for p in played for event in p.events)
    end = played[-1].events[-1]
    assert isinstance(end, Finished) and end.standing.done == lesson.step_ids
    # tutor check (and why) afterwards: the token checks are not applicable, saying why in the learner's words.
    after = run_checks(lesson, own_registry.address, "budi")
    assert after.ok, _failures(after)
    unseen = [v for r in after.reports for v in r.verdicts if v.kind in ("registry_token", "registry_auth")]
    assert unseen and all(v.status is Status.NOT_APPLICABLE and v.found.key == "check.found.not_practice"
                          for v in unseen)
    assert own_registry.address in unseen[0].found.text(lang)


def test_on_the_practice_registry_no_step_is_named_unchecked(practice, docker_home):
    from tutor.lesson.values import lesson_values

    lesson = load_named("access-tokens")
    values = lesson_values(lesson, "practice", "budi", practice_address=practice.address)
    engine = LiveEngine(lesson, "en", values, practice.address, "budi")
    try:
        assert engine.opening().practice_only == ()
    finally:
        engine.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_credential_helper_plays_to_the_end_on_another_registry(lang, own_registry, docker_home, monkeypatch,
                                                                tmp_path):
    """The Linux profile for real on a registry not the practice one: docker-credential-pass, a GPG key and
    `pass init`, credsStore, a login kept by the helper (no warning, no `auth` in config.json), a push."""
    helpers = os.environ.get("TUTOR_CREDENTIAL_HELPERS")
    if not helpers or not shutil.which("pass") or not shutil.which("gpg") or not shutil.which("jq"):
        pytest.skip("pass, gpg, jq or the private docker-credential-pass missing (scripts/provision.sh)")
    lesson, prepared = _start("credential-helper", own_registry.address, monkeypatch, tmp_path)
    (tmp_path / ".gnupg").mkdir(mode=0o700)
    # apt would install the helper for every process; here its private folder is on the PATH of the learner's
    # shell (the install step below) and of the tutor, whose checks ask the helper what it keeps.
    monkeypatch.setenv("GNUPGHOME", str(tmp_path / ".gnupg"))
    monkeypatch.setenv("PASSWORD_STORE_DIR", str(tmp_path / ".password-store"))
    monkeypatch.setenv("PATH", f"{helpers}{os.pathsep}{os.environ['PATH']}")
    engine, _, opening, player = _engine(lesson, prepared, lang)
    # What the lesson's tests type where the learner's way cannot run in a test (apt as root, pinentry).
    overrides = {
        "install": ['export PATH="$TUTOR_CREDENTIAL_HELPERS:$PATH"', "docker-credential-pass version"],
        "vault": ["gpg --batch --pinentry-mode loopback --passphrase '' --quick-generate-key budi-docker "
                  "future-default default never", "pass init budi-docker"],
    }
    played = []
    try:
        assert engine.practice_only == ()
        while engine.session.step is not None:
            step = engine.session.progress.current
            played += player.solve_step(overrides.get(step))
            stuck = [(p.typed, p.prompt.command, p.events) for p in played[-2:]]
            assert engine.session.progress.current != step, (step, stuck)
        login = next(p for p in played if p.typed.startswith("docker login"))
        assert login.prompt.command.exit_code == 0 and "WARNING" not in login.prompt.command.output
    finally:
        player.close()
        engine.close()
    end = played[-1].events[-1]
    assert isinstance(end, Finished) and end.standing.done == lesson.step_ids
    config = json.loads((docker_home / "config.json").read_text())
    assert config["credsStore"] == "pass" and config["auths"][own_registry.address] == {}
    listed = subprocess.run(["docker-credential-pass", "list"], capture_output=True, text=True, timeout=60)
    assert own_registry.address in json.loads(listed.stdout)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_classroom_learner_is_told_of_the_room_not_of_registry(lang, tmp_path, docker_client):
    """Review finding: a learner who joined a room runs `tutor start access-tokens` with no --registry at all (the
    registry is the room's), yet the opening told them to run it "without --registry". The real command, for a
    learner who joined a room (joined.json) and for one who named the same registry with --registry: each gets
    its own wording, in their language. The room's registry does not answer here (nothing in these openings asks
    it); --watch reads keys as lines, so `q` ends the lesson at once."""
    from realdocker import free_port

    registry = f"127.0.0.1:{free_port()}"
    home = tmp_path / "home"
    (home / "room").mkdir(parents=True)
    (tmp_path / "ca.crt").write_text("")
    (home / "room" / "joined.json").write_text(json.dumps(
        {"service": f"https://{registry}", "registry": registry, "user": "budi", "ca": str(tmp_path / "ca.crt"),
         "lessons": ["access-tokens"]}))
    env = {**os.environ, "TUTOR_HOME": str(home), "HOME": str(tmp_path), "COLUMNS": "200",
           "TUTOR_PLATFORM": "linux"}
    env.pop("DOCKER_CONFIG", None)

    def opening(*options: str) -> str:
        done = subprocess.run([sys.executable, "-m", "tutor", "start", "access-tokens", "--watch", "--lang", lang,
                               *options], env=env, input="q\n", capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
        return _plain(done.stdout)

    lesson = load_named("access-tokens").for_platform("linux")
    view = LiveView(Environment(lang))
    view.lesson = lesson
    titles = ", ".join(view._title(step) for step in lesson.step_ids
                       if step in ("create-read", "login-read", "pull-read", "push-denied", "login-write", "revoke"))
    wording = {key: _plain(t(key, lang, registry=registry, steps=titles, lesson="access-tokens"))
               for key in ("session.practice_only.room", "session.practice_only")}
    in_room = opening()
    assert wording["session.practice_only.room"] in in_room, in_room
    assert "--registry practice" in in_room and wording["session.practice_only"] not in in_room
    named = opening("--registry", registry, "--user", "budi")
    assert wording["session.practice_only"] in named and wording["session.practice_only.room"] not in named, named
