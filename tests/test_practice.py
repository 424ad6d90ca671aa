"""The practice registry: real distribution registry + the tutor's token service, driven with the real
docker CLI on 127.0.0.1."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from realdocker import REGISTRY_BINARY, docker_cli, docker_login, free_port, offline_registry_image, tag_and_push

from tutor.practice import launcher
from tutor.practice.state import read_state

pytestmark = pytest.mark.usefixtures("docker_config")


def test_docker_hub_rules_with_the_real_cli(practice, scratch_image):
    practice.add_user("budi", "budipass1")
    practice.add_user("siti", "sitipass1")
    repository, _ = scratch_image
    own = f"{practice.address}/budi/{repository}"
    other = f"{practice.address}/siti/{repository}"
    bare = f"{practice.address}/{repository}"

    anonymous = tag_and_push(repository, own)  # not logged in: refused
    assert anonymous.returncode != 0
    assert "denied" in anonymous.stderr or "unauthorized" in anonymous.stderr

    wrong = docker_login(practice.address, "budi", "not-the-password")
    assert wrong.returncode != 0 and "unauthorized: incorrect username or password" in wrong.stderr

    assert docker_login(practice.address, "budi", "budipass1").returncode == 0
    assert tag_and_push(repository, own).returncode == 0
    for target in (other, bare):
        denied = tag_and_push(repository, target)
        assert denied.returncode != 0
        assert "denied: requested access to the resource is denied" in denied.stderr
    assert launcher.status().repositories == [f"budi/{repository}"]


def test_restart_keeps_images_and_accounts(practice, scratch_image):
    practice.add_user("budi", "budipass1")
    repository, _ = scratch_image
    own = f"{practice.address}/budi/{repository}"
    assert docker_login(practice.address, "budi", "budipass1").returncode == 0
    assert tag_and_push(repository, own).returncode == 0
    port = int(practice.address.rsplit(":", 1)[1])
    assert launcher.down().was_running is True
    assert not launcher.status().running
    again = launcher.up(port=port)
    assert again.address == practice.address and not again.already_running
    assert launcher.status().repositories == [f"budi/{repository}"]
    assert docker_login(practice.address, "budi", "budipass1").returncode == 0  # account survived
    assert docker_cli("pull", own).returncode == 0


def test_up_is_idempotent_and_down_purge_deletes(practice):
    first = read_state()
    again = launcher.up()
    assert again.already_running and read_state().registry == first.registry
    practice.add_user("budi", "budipass1")
    launcher.down(purge=True)
    assert launcher.status().accounts == 0 and not launcher.status().running


def test_taken_port_picks_another_and_says_so(tutor, tmp_path, monkeypatch, docker_client):
    if not REGISTRY_BINARY:
        pytest.skip("registry binary missing")
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    taken = blocker.getsockname()[1]
    try:
        result = tutor("practice", "up", "--port", str(taken))
        assert result.exit_code == 0, result.stderr
        assert f"Port {taken} is taken by another program; using " in result.stderr
        address = read_state().address
        assert address != f"127.0.0.1:{taken}" and f"running at {address}" in result.stdout
    finally:
        blocker.close()
        launcher.down(purge=True)


def test_killed_registry_is_detected_and_up_restarts_it(tutor, practice):
    os.kill(read_state().registry.pid, signal.SIGKILL)
    time.sleep(0.2)
    status = json.loads(tutor("practice", "status", "--json").stdout)
    assert status["running"] is False and status["registry_alive"] is False and status["token_service_alive"] is True
    human = tutor("practice", "status")
    assert "stopped unexpectedly (not running: the registry); tutor practice up starts it again" in human.stdout
    assert human.exit_code == 8  # a crash reported is not a success (scripts can tell)
    assert launcher.up().already_running is False
    assert launcher.status().running


def test_stale_pid_file_after_a_reboot_does_not_confuse_up(practice):
    state = read_state().to_json()
    launcher.down()
    # As after a reboot: the recorded pids now belong to unrelated processes (started at other times).
    unrelated = subprocess.Popen(["sleep", "30"])
    state["registry_pid"] = state["token_pid"] = unrelated.pid
    (practice.home / "practice" / "state.json").write_text(json.dumps(state))
    try:
        assert not launcher.status().running
        result = launcher.up()
        assert not result.already_running and launcher.status().running
        assert unrelated.poll() is None  # the unrelated process was left alone
    finally:
        unrelated.kill()


def test_add_user_rules_and_password_shown_once(tutor, tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    bad = tutor("practice", "add-user", "Budi_1")
    assert bad.exit_code == 2
    assert ("'Budi_1' is not a valid username: like a Docker ID it must be 4 to 30 lowercase letters and digits."
            in bad.stderr)
    assert tutor("practice", "add-user", "abc").exit_code == 2
    made = tutor("practice", "add-user", "budi2026")
    assert made.exit_code == 0 and "Password for budi2026 (shown only now" in made.stdout
    password = made.stdout.strip().rsplit(" ", 1)[1]
    stored = (tmp_path / "home" / "practice" / "accounts.json").read_text()
    assert password not in stored and stored.count("$2b$") == 1  # only the bcrypt hash is kept


def test_container_launch_path(tmp_path, monkeypatch, docker_client, scratch_image, unique):
    if not REGISTRY_BINARY:
        pytest.skip("registry binary missing")
    image = f"tutortest-registry-{unique}"
    offline_registry_image(docker_client, image)
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_REGISTRY_IMAGE", f"{image}:latest")
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "container")
    try:
        up = launcher.up(port=free_port())
        assert up.launch == "container" and launcher.status().running
        launcher.add_user("budi", "budipass1")
        repository, _ = scratch_image
        assert docker_login(up.address, "budi", "budipass1").returncode == 0
        assert tag_and_push(repository, f"{up.address}/budi/{repository}").returncode == 0
        denied = tag_and_push(repository, f"{up.address}/siti/{repository}")
        assert "denied: requested access to the resource is denied" in denied.stderr
        assert json.loads(json.dumps(launcher.status().__dict__))["launch"] == "container"
    finally:
        launcher.down(purge=True)
        docker_client.images.remove(f"{image}:latest", force=True)
    assert docker_cli("inspect", launcher.CONTAINER_NAME).returncode != 0  # the container is gone


def test_practice_image_is_made_offline_and_labelled(docker_client, unique):
    from dataclasses import replace

    from tutor.docker.engine import DockerEnv
    from tutor.lesson.loader import load_named
    from tutor.practice.image import PRACTICE_LABEL, is_practice_image, make_practice_image

    name = f"tutortest-app-{unique}"
    lesson = load_named("docker-push")
    declared = replace(lesson.practice_image, name=name)  # as the lesson declares it, under a name of the test's
    env = DockerEnv()
    try:
        assert make_practice_image(env, lesson.directory, declared) is True
        image = env.image(f"{name}:latest")
        assert is_practice_image(image) and image.labels[PRACTICE_LABEL] == "1"
        assert make_practice_image(env, lesson.directory, declared) is False  # never replaced
        size = docker_client.images.get(f"{name}:latest").attrs["Size"]
        assert size < 5_000_000  # small: busybox and the app source
        run = docker_cli("run", "--rm", "--network", "none", f"{name}:latest")
        assert run.returncode == 0 and "FastAPI" in run.stdout
    finally:
        docker_cli("rmi", "-f", f"{name}:latest")


def test_token_service_remembers_only_successes(practice):
    """After a correct login, a wrong password is still refused, and a changed password takes effect."""
    practice.add_user("budi", "first-pass")
    url = f"http://127.0.0.1:{read_state().token_port}/token"
    params = {"service": "tutor-practice", "scope": "repository:budi/app:push,pull"}
    ok = requests.get(url, params=params, auth=("budi", "first-pass"), timeout=5)
    assert ok.status_code == 200
    assert requests.get(url, params=params, auth=("budi", "wrong"), timeout=5).status_code == 401
    practice.add_user("budi", "second-pass")
    assert requests.get(url, params=params, auth=("budi", "first-pass"), timeout=5).status_code == 401
    assert requests.get(url, params=params, auth=("budi", "second-pass"), timeout=5).status_code == 200
    import jwt

    claims = jwt.decode(ok.json()["token"], options={"verify_signature": False})
    assert claims["access"] == [{"type": "repository", "name": "budi/app", "actions": ["push", "pull"]}]
    other = requests.get(url, params={**params, "scope": "repository:siti/app:push,pull"},
                         auth=("budi", "second-pass"), timeout=5).json()["token"]
    assert jwt.decode(other, options={"verify_signature": False})["access"][0]["actions"] == ["pull"]


def test_token_service_oauth_form_and_no_refresh_tokens_by_default(practice):
    """The POST form Docker uses once it holds an identity token. By default (like Docker Hub for a password
    login) no refresh token is handed out; what is not ours, or not a refresh token, is refused."""
    import jwt

    practice.add_user("budi", "oauth-pass")
    url = f"http://127.0.0.1:{read_state().token_port}/token"
    scope = {"service": "tutor-practice", "scope": "repository:budi/app:push,pull repository:siti/app:pull"}
    offline = requests.get(url, params={**scope, "offline_token": "true", "client_id": "docker"},
                           auth=("budi", "oauth-pass"), timeout=5).json()
    assert "refresh_token" not in offline
    granted = requests.post(url, data={**scope, "grant_type": "password", "username": "budi",
                                       "password": "oauth-pass", "access_type": "offline"}, timeout=5)
    assert granted.status_code == 200 and "refresh_token" not in granted.json()
    access = jwt.decode(granted.json()["access_token"], options={"verify_signature": False})["access"]
    assert [a["actions"] for a in access] == [["push", "pull"], ["pull"]]  # both scopes of one field
    for form, status in (({"grant_type": "password", "username": "budi", "password": "wrong"}, 400),
                         ({"grant_type": "refresh_token", "refresh_token": offline["token"]}, 400),  # an access token
                         ({"grant_type": "refresh_token", "refresh_token": "not-a-token"}, 400),
                         ({"grant_type": "client_credentials"}, 400)):
        refused = requests.post(url, data={**scope, **form}, timeout=5)
        assert refused.status_code == status and "token" not in refused.json(), form
    too_big = requests.post(url, data={"grant_type": "password", "username": "x" * 9000}, timeout=5)
    assert too_big.status_code == 400


def test_container_launch_pulls_the_registry_image_when_it_is_not_here(tmp_path, monkeypatch, docker_client,
                                                                      registry, unique):
    """The image is pulled, here from a registry on 127.0.0.1 standing in for Docker Hub."""
    built = f"tutortest-registry-{unique}"
    offline_registry_image(docker_client, built)
    source = f"{registry.address}/library/registry:{unique}"
    assert docker_cli("tag", built, source).returncode == 0
    assert docker_cli("push", source).returncode == 0
    docker_client.images.remove(source, force=True)
    docker_client.images.remove(f"{built}:latest", force=True)
    assert docker_cli("image", "inspect", source).returncode != 0  # not here: it has to be pulled
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_REGISTRY_IMAGE", source)
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "container")
    try:
        up = launcher.up(port=free_port())
        assert up.launch == "container" and launcher.status().running
        assert docker_cli("image", "inspect", source).returncode == 0
    finally:
        launcher.down(purge=True)
        docker_cli("rmi", "-f", source)


def test_forced_container_without_an_image_is_one_sentence(tutor, tmp_path, monkeypatch, docker_client):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_REGISTRY_IMAGE", f"127.0.0.1:{free_port()}/nothing/here:1")
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "container")
    result = tutor("practice", "up")
    assert result.exit_code == 8 and "could not be pulled" in result.stderr


def test_add_user_again_resets_the_password_and_says_so(tutor, practice, docker_config):
    first = tutor("practice", "add-user", "budi2026")
    assert first.exit_code == 0 and "Account budi2026 created." in first.stdout
    old = first.stdout.strip().rsplit(" ", 1)[1]
    assert docker_login(practice.address, "budi2026", old).returncode == 0
    again = tutor("practice", "add-user", "budi2026", "--lang", "id")
    said = " ".join(again.stdout.split())
    assert again.exit_code == 0 and "dibuat" not in said
    assert "Password budi2026 diganti; password lama tidak berlaku lagi." in said
    new = again.stdout.strip().rsplit(" ", 1)[1]
    assert docker_login(practice.address, "budi2026", old).returncode != 0  # the old one really stops working
    assert docker_login(practice.address, "budi2026", new).returncode == 0
    english = tutor("practice", "add-user", "budi2026")
    assert "Password of budi2026 reset; the old one no longer works." in " ".join(english.stdout.split())
    for lang, words in (("en", "or reset the password of an existing one"), ("id", "atau ganti password akun")):
        assert words in " ".join(tutor("practice", "add-user", "--help", "--lang", lang).stdout.split())


def test_the_launcher_loads_neither_jwt_nor_cryptography():
    """Every `tutor start` and `tutor practice up/status/down` imports the launcher; it took the token names from
    tokens.py, and with them jwt and cryptography (~55-70 ms). The token service makes its own signing key."""
    code = "import sys, tutor.practice.launcher; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "tutor.practice.launcher" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("jwt", "cryptography")}
