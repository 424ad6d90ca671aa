"""Each check passing and failing for the right reason, against the real engine and real registries."""

import base64
import json
import os
import stat

import pytest
from realdocker import docker_cli, docker_login, import_image, start_registry, tag_and_push

from tutor.checks.context import CheckContext
from tutor.checks.run import run_check
from tutor.checks.state import image_exists, in_registry, logged_in, same_image
from tutor.checks.turn import Turn, command_ran, exit_code, output_matches
from tutor.checks.verdict import Status
from tutor.errors import DockerConfigError, RegistryError
from tutor.live.record import CommandRecord


@pytest.fixture
def ctx(docker_client, docker_config):
    context = CheckContext()
    yield context
    context.close()


def test_image_exists(ctx, scratch_image):
    repository, image_id = scratch_image
    there = image_exists(ctx, repository)
    assert there.passed and there.found.text("en") == f"{repository}:latest is image {image_id[7:19]}"
    missing = image_exists(ctx, f"{repository}-nope")
    assert not missing.passed and missing.found.text("id") == f"tidak ada image bernama {repository}-nope:latest"
    bad = image_exists(ctx, "Budi/App:x y")
    assert not bad.passed and "is not a valid image name" in bad.found.text("en")


def test_same_image_is_a_second_name_not_a_copy(ctx, scratch_image, docker_client, unique):
    repository, image_id = scratch_image
    target = f"127.0.0.1:5999/budi/{repository}"
    only = same_image(ctx, repository, target)
    assert not only.passed and only.found.text("en") == f"only {repository}:latest; no {target}:latest"
    assert docker_cli("tag", repository, target).returncode == 0
    both = same_image(ctx, repository, target)
    assert both.passed and both.found.text("en") == f"{repository}:latest and {target}:latest are both {image_id[7:19]}"
    # A different image under the target name: the IDs differ, the check says so.
    other_id = import_image(docker_client, target, "something else")
    try:
        different = same_image(ctx, repository, target)
        assert not different.passed and "two different images" in different.found.text("en")
    finally:
        docker_client.images.remove(other_id, force=True)


def test_logged_in_reads_usernames_only(ctx, docker_config):
    secret = "s3cret-Passw0rd"
    (docker_config / "config.json").write_text(json.dumps({"auths": {
        "127.0.0.1:5000": {"auth": base64.b64encode(f"budi:{secret}".encode()).decode()},
        "https://index.docker.io/v1/": {"auth": base64.b64encode(b"siti:other").decode()},
    }}))
    verdict = logged_in(ctx, "127.0.0.1:5000")
    assert verdict.passed and verdict.found.text("en") == "logged in to 127.0.0.1:5000 as budi (config.json)"
    hub = logged_in(ctx, "docker.io")
    assert hub.passed and "as siti" in hub.found.text("en")
    nope = logged_in(ctx, "localhost:5000")  # not the same key as 127.0.0.1:5000, as for Docker itself
    assert not nope.passed and nope.found.text("en") == \
        "no login for localhost:5000; there is one for 127.0.0.1:5000, which Docker treats as another registry"
    assert secret not in repr(verdict) + repr(hub) + repr(nope)


def _helper(tmp_path, monkeypatch, name: str, body: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / f"docker-credential-{name}"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


HELPER = """case "$1" in
  list) echo '{"127.0.0.1:%(port)s": "helperuser"}' ;;
  get) read server; echo '{"ServerURL": "'$server'", "Username": "%(user)s", "Secret": "%(secret)s"}' ;;
  *) cat >/dev/null ;;
esac
"""


def test_logged_in_through_credential_helpers(ctx, docker_config, tmp_path, monkeypatch):
    _helper(tmp_path, monkeypatch, "test", HELPER % {"port": 5000, "user": "helperuser", "secret": "never-shown"})
    config = docker_config / "config.json"
    config.write_text(json.dumps({"credHelpers": {"127.0.0.1:5000": "test"}}))
    verdict = logged_in(ctx, "127.0.0.1:5000")
    assert verdict.passed and verdict.found.text("en") == \
        "logged in to 127.0.0.1:5000 as helperuser (docker-credential-test)"
    config.write_text(json.dumps({"credsStore": "test"}))
    ctx.refresh()
    assert logged_in(ctx, "127.0.0.1:5000").passed
    assert not logged_in(ctx, "127.0.0.1:6000").passed


def test_broken_or_missing_helper_and_corrupt_config(ctx, docker_config, tmp_path, monkeypatch):
    config = docker_config / "config.json"
    config.write_text(json.dumps({"credsStore": "absent-helper-xyz"}))
    with pytest.raises(DockerConfigError) as missing:
        logged_in(ctx, "127.0.0.1:5000")
    assert missing.value.key == "error.helper_missing"
    _helper(tmp_path, monkeypatch, "broken", "echo 'pass not initialized' >&2; exit 1\n")
    config.write_text(json.dumps({"credsStore": "broken"}))
    ctx.refresh()
    with pytest.raises(DockerConfigError) as failing:
        logged_in(ctx, "127.0.0.1:5000")
    assert failing.value.key == "error.helper_failed"
    config.write_text("{not json")
    ctx.refresh()
    with pytest.raises(DockerConfigError) as corrupt:
        logged_in(ctx, "127.0.0.1:5000")
    assert corrupt.value.key == "error.config_corrupt"


def test_in_registry_open_registry_and_moved_tag(ctx, scratch_image, registry, docker_client):
    repository, _ = scratch_image
    target = f"{registry.address}/budi/{repository}"
    assert not in_registry(ctx, target).passed  # not pushed yet
    missing = in_registry(ctx, target)
    assert missing.found.text("en") == f"{target}:latest is not in the registry"
    pushed = tag_and_push(repository, target)
    assert pushed.returncode == 0, pushed.stderr
    verdict = in_registry(ctx, target)
    assert verdict.passed, verdict.found.text("en")
    # The learner moves the local tag to another image: the registry's digest is no longer theirs.
    other_id = import_image(docker_client, target, "moved")
    try:
        moved = in_registry(ctx, target)
        assert not moved.passed and "another image than your local" in moved.found.text("en")
    finally:
        docker_client.images.remove(other_id, force=True)


def test_in_registry_basic_auth(ctx, scratch_image, tmp_path, docker_config):
    import shutil
    import subprocess

    if not shutil.which("htpasswd"):
        pytest.skip("htpasswd missing (apt: apache2-utils)")
    root = tmp_path / "basic"
    root.mkdir()
    entry = subprocess.run(["htpasswd", "-Bbn", "budi", "basicpw"], capture_output=True, text=True, check=True).stdout
    (root / "htpasswd").write_text(entry)
    reg = start_registry(root, auth=f"auth:\n  htpasswd:\n    realm: tutor\n    path: {root / 'htpasswd'}\n")
    try:
        repository, _ = scratch_image
        target = f"{reg.address}/budi/{repository}"
        assert docker_login(reg.address, "budi", "basicpw").returncode == 0
        assert tag_and_push(repository, target).returncode == 0
        ctx.refresh()
        assert in_registry(ctx, target).passed
        # Without credentials the registry refuses to show it: the verdict says why, not "missing".
        (docker_config / "config.json").write_text("{}")
        fresh = CheckContext()
        refused = in_registry(fresh, target)
        fresh.close()
        assert not refused.passed and "would not show" in refused.found.text("en")
    finally:
        reg.process.terminate()
        reg.process.wait(10)


def test_in_registry_bearer_token_auth_with_helper_credentials(ctx, scratch_image, practice, tmp_path, monkeypatch,
                                                                docker_config):
    practice.add_user("budi", "bearerpw1")
    repository, _ = scratch_image
    target = f"{practice.address}/budi/{repository}"
    assert docker_login(practice.address, "budi", "bearerpw1").returncode == 0
    assert tag_and_push(repository, target).returncode == 0
    ctx.refresh()
    assert in_registry(ctx, target).passed  # Bearer: token from the realm with the stored Basic credentials
    # The same credentials served by a credential helper instead of config.json.
    port = practice.address.rsplit(":", 1)[1]
    _helper(tmp_path, monkeypatch, "test", HELPER % {"port": port, "user": "budi", "secret": "bearerpw1"})
    (docker_config / "config.json").write_text(json.dumps({"credHelpers": {practice.address: "test"}}))
    fresh = CheckContext()
    try:
        assert in_registry(fresh, target).passed
        assert logged_in(fresh, practice.address).found.text("en").endswith("as helperuser (docker-credential-test)") \
            or logged_in(fresh, practice.address).passed
    finally:
        fresh.close()


def test_in_registry_with_the_identity_token_docker_login_kept(ctx, scratch_image, tmp_path, monkeypatch,
                                                               docker_config):
    """A registry that hands out OAuth refresh tokens (Azure, Harbor with OIDC): `docker login` keeps an
    identity token instead of the password and `docker push` trades it for access. in_registry must do the
    same (POST grant_type=refresh_token), else it would report the learner's pushed image as refused."""
    from realdocker import REGISTRY_BINARY, free_port

    from tutor.docker.config import secret_for
    from tutor.practice import launcher

    if not REGISTRY_BINARY:
        pytest.skip("the distribution registry binary is missing (apt: docker-registry)")
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "tutor-home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    monkeypatch.setenv("TUTOR_PRACTICE_REFRESH_TOKENS", "1")
    address = launcher.up(port=free_port()).address
    try:
        launcher.add_user("budi", "refreshpw1")
        assert docker_login(address, "budi", "refreshpw1").returncode == 0
        entry = json.loads((docker_config / "config.json").read_text())["auths"][address]
        assert entry.get("identitytoken") and "refreshpw1" not in json.dumps(entry)  # Docker kept the token only
        secret = secret_for(address)
        assert secret.identity_token and secret.password is None and "identity" not in repr(secret).lower()
        repository, _ = scratch_image
        target = f"{address}/budi/{repository}"
        pushed = tag_and_push(repository, target)
        assert pushed.returncode == 0, pushed.stderr  # the daemon used the refresh grant of our token service
        ctx.refresh()
        found = in_registry(ctx, target)
        assert found.passed, found.found.text("en")
        # An identity token that the token service no longer honours: refused, said as such, never garbage.
        entry["identitytoken"] = entry["identitytoken"][:-8] + "AAAAAAAA"
        (docker_config / "config.json").write_text(json.dumps({"auths": {address: entry}}))
        fresh = CheckContext()
        try:
            refused = in_registry(fresh, target)
            assert not refused.passed and "would not show" in refused.found.text("en")
        finally:
            fresh.close()
    finally:
        docker_cli("rmi", f"{address}/budi/{repository}")
        launcher.down(purge=True)


def test_registry_that_does_not_answer_or_answers_garbage(ctx):
    import http.server
    import threading

    from realdocker import free_port

    with pytest.raises(RegistryError) as unreachable:
        in_registry(ctx, f"127.0.0.1:{free_port()}/budi/app")
    assert unreachable.value.key == "error.registry_unreachable"

    class Garbage(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(RegistryError) as garbage:
            in_registry(ctx, f"127.0.0.1:{server.server_address[1]}/budi/app")
        assert garbage.value.key == "error.registry_garbage"
    finally:
        server.shutdown()


def test_session_checks_need_a_live_session():
    offline = CheckContext()
    for kind, args in (("command_ran", {"pattern": "docker images"}), ("output_matches", {"pattern": "x"}),
                       ("exit_code", {"code": 0})):
        assert run_check(offline, kind, args).status is Status.NOT_APPLICABLE
    assert run_check(CheckContext(live=False, session=True), "answer", {"correct": "b"}).status is Status.FAIL
    ran = Turn(CommandRecord("docker images", 0, "budi/fastapi-app   latest   abc"))
    assert command_ran(ran, r"^docker\s+images").passed
    assert output_matches(ran, r"budi/fastapi\-app\s+latest").passed
    assert not output_matches(ran, "siti").passed
    assert exit_code(ran, 0).passed and not exit_code(ran, 1).passed
    assert not command_ran(Turn(), "x").passed  # no command yet


def test_in_registry_still_passes_when_the_tutors_registry_token_expired(practice, docker_config, scratch_image,
                                                                          monkeypatch):
    """One check context lives as long as a live lesson, and the registry's bearer tokens as long as the token
    service says (5 minutes): a lesson longer than that must fetch a new one, not send the expired one again.
    The expired token is a real one, signed by the practice token service's own key with an `exp` in the past
    (rather than waiting 5 minutes)."""
    from tutor.paths import practice_dir
    from tutor.practice import tokens
    from tutor.practice.tokens import Scope, TokenIssuer, make_signing_material

    practice.add_user("budi", "budi-practice-pw")
    assert docker_login(practice.address, "budi", "budi-practice-pw").returncode == 0
    ref = f"{practice.address}/budi/app"
    assert tag_and_push(scratch_image[0], ref).returncode == 0
    ctx = CheckContext()
    try:
        assert in_registry(ctx, ref).passed
        monkeypatch.setattr(tokens, "TOKEN_SECONDS", -60)  # in this process only: the service keeps its own
        expired = TokenIssuer(*make_signing_material(practice_dir())).issue(
            "budi", [Scope("repository", "budi/app", ("pull",))])["token"]
        cached = ctx.registry._tokens  # what the client holds for the lesson's scope
        assert cached, "the first check left a token to reuse"
        for key in cached:
            cached[key] = expired
        found = in_registry(ctx, ref)
        assert found.passed, found.found.text("en")
    finally:
        ctx.close()
