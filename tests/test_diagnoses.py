"""Diagnoses named by triggers: the cause found in the real state (Docker's config, written as `docker login`
writes it), its values in the hint, and the lesson format's rules for them."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import line_of, replace_in
from realdocker import REGISTRY_BINARY, docker_cli

from tutor.checks.context import CheckContext
from tutor.checks.diagnoses import diagnose, same_registry
from tutor.checks.state import logged_in
from tutor.lesson.loader import load_lesson, validate_lesson
from tutor.lesson.schema import DIAGNOSES
from tutor.live.record import CommandRecord
from tutor.ui.lessons import problem_line

DENIED = "The push refers to repository [127.0.0.1:5000/budi/fastapi-app]\n" \
         "denied: requested access to the resource is denied\n"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("localhost:5000", "127.0.0.1:5000", True),
    ("127.0.0.1", "127.0.0.1:5000", True),  # the port left out on one side
    ("localhost", "127.0.0.1:5000", True),
    ("http://localhost:5000/v2/", "127.0.0.1:5000", True),
    ("[::1]:5000", "localhost:5000", True),
    ("localhost:5001", "127.0.0.1:5000", False),  # another port: another registry
    ("index.docker.io", "docker.io", True),
    ("registry-1.docker.io", "https://index.docker.io/v1/", True),
    ("hub.docker.com", "docker.io", True),
    ("ghcr.io", "docker.io", False),
    ("registry.example.test:5000", "registry.example.test", True),
    ("registry.example.test:5000", "127.0.0.1:5000", False),
])
def test_spellings_of_one_registry(a, b, same):
    assert same_registry(a, b) is same
    assert same_registry(b, a) is same


def _auths(directory, *keys: str) -> None:
    entry = {"auth": base64.b64encode(b"budi:secret-pw").decode()}
    (directory / "config.json").write_text(json.dumps({"auths": {key: entry for key in keys}}))


@pytest.mark.parametrize(("login", "command", "pushed"), [
    ("localhost:5000", "docker push 127.0.0.1:5000/budi/fastapi-app", "127.0.0.1:5000"),
    ("127.0.0.1", "docker push 127.0.0.1:5000/budi/fastapi-app", "127.0.0.1:5000"),
    ("127.0.0.1:5000", "docker image push --quiet localhost:5000/budi/fastapi-app", "localhost:5000"),
    ("index.docker.io", "docker push budi/fastapi-app", "docker.io"),
    ("registry-1.docker.io", "sudo docker push docker.io/budi/fastapi-app:v1", "docker.io"),
])
def test_a_login_under_another_spelling_is_found_and_named(docker_config, login, command, pushed):
    _auths(docker_config, login)
    ctx = CheckContext()
    found = diagnose("login-spelling", ctx, CommandRecord(command, 1, DENIED))
    assert found == {"login_registry": login, "push_registry": pushed}
    assert "secret-pw" not in repr(found)


def test_no_diagnosis_when_docker_has_the_login_it_uses_or_none_at_all(docker_config):
    record = CommandRecord("docker push 127.0.0.1:5000/budi/fastapi-app", 1, DENIED)
    assert diagnose("login-spelling", CheckContext(), record) is None  # not logged in anywhere: another cause
    _auths(docker_config, "127.0.0.1:5000", "localhost:5000")
    assert diagnose("login-spelling", CheckContext(), record) is None  # the right login is there: not the cause
    _auths(docker_config, "localhost:5001", "ghcr.io")
    assert diagnose("login-spelling", CheckContext(), record) is None  # other registries
    _auths(docker_config, "https://index.docker.io/v1/")
    assert diagnose("login-spelling", CheckContext(), CommandRecord("docker push budi/app", 1, DENIED)) is None


def test_the_target_is_read_from_the_command_or_from_dockers_output(docker_config):
    _auths(docker_config, "localhost:5000")
    # An alias or a script: the command names no image, Docker's own output does.
    found = diagnose("login-spelling", CheckContext(), CommandRecord("./publish.sh", 1, DENIED))
    assert found == {"login_registry": "localhost:5000", "push_registry": "127.0.0.1:5000"}
    assert diagnose("login-spelling", CheckContext(), CommandRecord("ls -l", 0, "")) is None


def test_logged_in_says_which_other_spelling_has_the_login(docker_config):
    _auths(docker_config, "localhost:5000")
    verdict = logged_in(CheckContext(), "127.0.0.1:5000")
    assert not verdict.passed
    assert "there is one for localhost:5000" in verdict.found.text("en")
    assert "ada login untuk localhost:5000" in verdict.found.text("id")
    _auths(docker_config, "index.docker.io")
    hub = logged_in(CheckContext(), "docker.io")  # Docker does not use a login stored as index.docker.io
    assert not hub.passed and "there is one for index.docker.io" in hub.found.text("en")


# --- the lesson format -------------------------------------------------------------------------------------
def test_the_bundled_lesson_names_a_known_diagnosis():
    from tutor.lesson.catalog import bundled_root

    lesson = load_lesson(bundled_root() / "docker-push")
    named = {t.diagnosis for s in lesson.steps for t in s.triggers if t.diagnosis}
    assert named == {"login-spelling", "no-login"} and named <= set(DIAGNOSES)


def test_an_unknown_diagnosis_is_refused_with_its_line(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "diagnosis: login-spelling", "diagnosis: login-spelled")
    assert [problem_line(p, "en") for p in validate_lesson(lesson_copy)] == [
        f"{manifest}:{line_of(manifest, 'login-spelled')}: unknown diagnosis 'login-spelled' "
        "(known: login-spelling, no-login)"]


def test_a_diagnosis_value_is_defined_only_in_the_hint_it_fills(lesson_copy):
    md = lesson_copy / "en.md"
    replace_in(md, "Push the new name, the one that starts with your username", "Push {{ push_registry }}")
    assert [problem_line(p, "en") for p in validate_lesson(lesson_copy)] == [
        f"{md}:{line_of(md, 'Push {{ push_registry }}')}: variable 'push_registry' is used but not defined in "
        "lesson.yaml"]


# --- the real thing: docker login to one spelling, push to the other -------------------------------------
@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_push_after_a_login_to_localhost_names_both_spellings(tmp_path, docker_client):
    import os

    from learner import PROMPT, Learner

    port = __import__("realdocker").free_port()
    (tmp_path / "docker").mkdir()
    env = {**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "DOCKER_CONFIG": str(tmp_path / "docker"),
           "TUTOR_PRACTICE_PORT": str(port), "TUTOR_PRACTICE_LAUNCH": "binary", "TUTOR_PS1": PROMPT,
           "COLUMNS": "120", "LINES": "50", "HOME": str(tmp_path)}
    address = f"127.0.0.1:{port}"
    learner = Learner(env, "en")
    try:
        learner.start()
        learner.run("answer b"), learner.run("docker images fastapi-app")
        learner.login(f"localhost:{port}")  # the practice registry, under another name than the lesson's
        learner.expect(PROMPT)
        learner.run("why", "Expected")
        assert f"there is one for localhost:{port}" in " ".join(learner.expect(PROMPT).split())
        learner.run("skip", "Step 4 of 8")
        learner.run(f"docker tag fastapi-app {address}/budi/fastapi-app", "Done: A new name")
        learner.run("docker images", "Done: Check with docker images")
        out = learner.run(f"docker push {address}/budi/fastapi-app", "What happened")
        assert "denied: requested access to the resource is denied" in out
        hint = " ".join(learner.expect(PROMPT).split())
        assert f"You are logged in to localhost:{port}, but the image name starts with {address}" in hint
        assert f"docker login {address} -u budi" in hint
        assert "only lets you push to your own namespace" not in hint  # not the namespace hint any more
    finally:
        learner.close()
        import subprocess
        import sys

        subprocess.run([sys.executable, "-m", "tutor", "practice", "down", "--purge"], env=env, capture_output=True)
        docker_cli("rmi", f"{address}/budi/fastapi-app")


@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_the_push_verdict_names_a_login_under_another_spelling(practice, docker_config):
    """QA finding 2: `--watch` and `tutor why` see no output, so the login-spelling trigger never fired there;
    the push step's verdict itself names both spellings (the real practice registry, a real `docker login`)."""
    from realdocker import docker_login

    from tutor.checks.state import in_registry

    practice.add_user("budi", "learnerpw42")
    spelling, port = "localhost", practice.address.rsplit(":", 1)[1]
    assert docker_login(f"{spelling}:{port}", "budi", "learnerpw42").returncode == 0
    ctx = CheckContext()
    try:
        found = in_registry(ctx, f"{practice.address}/budi/fastapi-app").found
    finally:
        ctx.close()
    assert f"logged in to {spelling}:{port}" in found.text("en") and practice.address in found.text("en")
    assert f"login ke {spelling}:{port}" in found.text("id")
