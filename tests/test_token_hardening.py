"""The token service attacked from 127.0.0.1 with real clients (issue 11): idle TLS connections, timing,
guessing, malformed hashes, nested names, chunked OAuth bodies. Each against the real token service and,
where Docker is the client, the real registry and docker CLI."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid

import jwt
import pytest
import requests
from realdocker import REGISTRY_BINARY, docker_cli, docker_login, free_port, tag_and_push

from tutor.practice import launcher
from tutor.practice.state import read_state

pytestmark = pytest.mark.usefixtures("docker_config")
SERVICE = "tutor-practice"


def token_url() -> str:
    return f"http://127.0.0.1:{read_state().token_port}/token"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc): what its work cost, whatever else the machine runs."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def tls_place(tmp_path, monkeypatch, docker_client):
    """A classroom-mode pair (TLS registry and token service) on 127.0.0.1, as `classroom up` runs it."""
    if not REGISTRY_BINARY:
        pytest.skip("the distribution registry binary is missing (apt: docker-registry)")
    from tutor.classroom.tls import make_room_certificates

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    directory = tmp_path / "room"
    ca, cert, key = make_room_certificates(directory, "127.0.0.1")
    place = launcher.Place(directory, "127.0.0.1", tls=(cert, key, ca), container_name="tutortest-tls-registry")
    up = launcher.up(port=free_port(), place=place)
    yield place, up.address
    launcher.down(purge=True, place=place)


def test_an_idle_connection_does_not_stop_a_tls_login(tls_place, docker_config):
    """One client that connects to the token service and sends nothing used to hold the only accepting thread
    inside its TLS handshake: every `docker login` in the room failed with "TLS handshake timeout"."""
    place, address = tls_place
    launcher.add_user("budi", "budipass1", place)
    token_port = read_state(place.directory).token_port
    idle = socket.create_connection(("127.0.0.1", token_port))
    try:
        time.sleep(0.5)  # the idle client is accepted before docker's first request
        login = docker_login(address, "budi", "budipass1")
        assert login.returncode == 0, login.stderr
        # The token service itself, asked by a second client while the idle one still holds its socket.
        answer = requests.get(f"https://127.0.0.1:{token_port}/token", params={"service": SERVICE},
                              verify=str(place.tls[2]), timeout=5)
        assert answer.status_code == 200
    finally:
        idle.close()


def test_unknown_and_known_usernames_cost_the_same(practice):
    """A wrong password for an account and any password for a name that does not exist cost one bcrypt
    check each (they cost one and two): the token service's own CPU time, so load elsewhere does not count."""
    pid = read_state().token.pid
    names = [f"known{n}" for n in range(4)]
    for name in names:
        practice.add_user(name, "the-right-one")
    url = token_url()

    def cost(users: list[str]) -> float:
        before = cpu_seconds(pid)
        for user in users:
            answer = requests.get(url, params={"service": SERVICE}, auth=(user, "a-wrong-guess"), timeout=10)
            assert answer.status_code == 401
        return cpu_seconds(pid) - before

    cost(["warmup1"])
    known = cost(names)
    unknown = cost([f"nobody{n}" for n in range(4)])
    assert 0.6 < unknown / known < 1.5, (known, unknown)


def test_a_malformed_password_hash_is_a_401_not_a_dropped_connection(practice):
    accounts = practice.home / "practice" / "accounts.json"
    practice.add_user("budi", "budipass1")
    data = json.loads(accounts.read_text())
    data["siti"] = "not-a-bcrypt-hash"
    accounts.write_text(json.dumps(data))
    answer = requests.get(token_url(), params={"service": SERVICE}, auth=("siti", "anything"), timeout=10)
    assert answer.status_code == 401 and answer.json() == {"details": "incorrect username or password"}
    assert requests.get(token_url(), params={"service": SERVICE}, auth=("budi", "budipass1"), timeout=10).ok


def test_only_namespace_slash_name_is_yours(practice, scratch_image):
    """As on Docker Hub: budi may push budi/app, not budi/sub/deep."""
    practice.add_user("budi", "budipass1")
    repository, _ = scratch_image
    params = {"service": SERVICE, "scope": "repository:budi/sub/deep:push,pull"}
    token = requests.get(token_url(), params=params, auth=("budi", "budipass1"), timeout=10).json()["token"]
    assert jwt.decode(token, options={"verify_signature": False})["access"][0]["actions"] == ["pull"]
    assert docker_login(practice.address, "budi", "budipass1").returncode == 0
    deep = tag_and_push(repository, f"{practice.address}/budi/sub/{repository}")
    assert deep.returncode != 0 and "denied: requested access to the resource is denied" in deep.stderr
    assert tag_and_push(repository, f"{practice.address}/budi/{repository}").returncode == 0


def test_guessing_is_slowed_then_refused_and_the_learner_gets_back_in(practice, docker_config):
    practice.add_user("budi", "budipass1")
    practice.add_user("siti", "sitipass1")
    assert docker_login(practice.address, "siti", "sitipass1").returncode == 0  # siti logged in before the attack
    url = token_url()
    params = {"service": SERVICE, "scope": "repository:budi/app:push,pull"}
    answers = []
    for _ in range(20):
        answers.append(requests.get(url, params=params, auth=("budi", f"guess-{uuid.uuid4().hex}"), timeout=30))
        if answers[-1].status_code == 429:
            break
    assert [a.status_code for a in answers[:-1]] == [401] * (len(answers) - 1) and answers[-1].status_code == 429
    assert len(answers) >= 4  # a few honest typing mistakes are never refused
    refused = answers[-1]
    assert 1 <= int(refused.headers["Retry-After"]) <= 10
    # Refused unchecked: even the right password waits, and Docker's CLI says why in its own words.
    login = docker_login(practice.address, "budi", "budipass1")
    assert login.returncode != 0 and "toomanyrequests" in login.stderr, login.stderr
    # Another learner, already logged in, pushes on as if nothing happened.
    pulled = requests.get(url, params=params, auth=("siti", "sitipass1"), timeout=10)
    assert pulled.status_code == 200
    # The rightful learner is back in once the guessing stops, a few seconds later.
    time.sleep(int(refused.headers["Retry-After"]) + 0.5)
    login = docker_login(practice.address, "budi", "budipass1")
    assert login.returncode == 0, login.stderr


def _chunked_post(url: str, form: dict[str, str]):
    """A POST whose body has no Content-Length, sent in chunks, as containers/image sends it."""
    body = "&".join(f"{k}={requests.utils.quote(v, safe='')}" for k, v in form.items()).encode()
    return requests.post(url, data=iter([body[:10], body[10:]]), timeout=10,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_oauth_post_chunked_scope_and_service(practice):
    practice.add_user("budi", "oauth-pass")
    url = token_url()
    form = {"grant_type": "password", "username": "budi", "password": "oauth-pass", "service": SERVICE,
            "scope": "repository:budi/app:push,pull repository:siti/app:pull,push", "client_id": "test"}
    answer = _chunked_post(url, form)
    assert answer.status_code == 200, answer.text
    assert answer.json()["scope"] == "repository:budi/app:push,pull repository:siti/app:pull"
    too_big = _chunked_post(url, {**form, "scope": "repository:budi/app:pull " * 400})
    assert too_big.status_code == 400
    assert _chunked_post(url, {**form, "service": "registry.docker.io"}).status_code == 400
    assert requests.get(url, params={"service": "registry.docker.io"}, timeout=10).status_code == 400
    raw = socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0])))
    with raw:  # a malformed chunk size: refused, not a hung or dropped connection
        raw.sendall(b"POST /token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.0 400")


CLIENTS = [tool for tool in ("skopeo", "podman", "buildah") if shutil.which(tool)]


@pytest.mark.skipif(len(CLIENTS) < 3, reason="skopeo, podman and buildah (apt) are needed")
def test_skopeo_podman_buildah_pull_with_docker_s_identity_token(tmp_path, monkeypatch, docker_client, scratch_image,
                                                                docker_config):
    """With refresh tokens on, `docker login` keeps an identity token; containers/image then trades it with a
    chunked OAuth POST, which the token service refused (400), so these clients could not even pull."""
    if not REGISTRY_BINARY:
        pytest.skip("the distribution registry binary is missing (apt: docker-registry)")
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    monkeypatch.setenv("TUTOR_PRACTICE_REFRESH_TOKENS", "1")
    up = launcher.up(port=free_port())
    runroot = tempfile.mkdtemp(prefix="tpr", dir="/tmp")  # podman wants a runroot path under 50 characters
    storage = ["--root", str(tmp_path / "storage"), "--runroot", runroot, "--storage-driver", "vfs"]
    try:
        launcher.add_user("budi", "budipass1")
        repository, _ = scratch_image
        image = f"{up.address}/budi/{repository}"
        assert docker_login(up.address, "budi", "budipass1").returncode == 0
        assert "identitytoken" in (docker_config / "config.json").read_text()
        assert tag_and_push(repository, image).returncode == 0
        runs = {
            "skopeo": ["skopeo", "inspect", "--tls-verify=false", f"docker://{image}"],
            "podman": ["podman", *storage, "pull", "--tls-verify=false", image],
            "buildah": ["buildah", *storage, "pull", "--tls-verify=false", image],
        }
        for tool, command in runs.items():
            done = subprocess.run(command, capture_output=True, text=True, timeout=180,
                                  env={**os.environ, "REGISTRY_AUTH_FILE": str(docker_config / "config.json")})
            assert done.returncode == 0, (tool, done.stderr[-2000:])
    finally:
        launcher.down(purge=True)
        subprocess.run(["podman", *storage, "rmi", "-a", "-f"], capture_output=True, timeout=60)
        shutil.rmtree(runroot, ignore_errors=True)
        docker_cli("logout", up.address)


def test_basic_credentials_that_are_not_base64_are_a_401(practice):
    header = {"Authorization": "Basic " + base64.b64encode(b"\xff\xfe:x").decode()}
    assert requests.get(token_url(), params={"service": SERVICE}, headers=header, timeout=10).status_code == 401


@pytest.mark.slow  # waits out the service's request deadline (2 s here) in real time
def test_slow_dribbling_and_floods_of_connections_are_cut_and_capped(tmp_path, monkeypatch):
    """A client that sends one byte just inside each read's timeout used to keep its connection and its thread
    for ever, and nothing capped how many connections one address held (2,000 held open in the attack). The
    real token service's server, in this process with short limits so the test does not wait 40 s."""
    from tutor.practice import token_service

    monkeypatch.setattr(token_service, "REQUEST_DEADLINE", 2, raising=False)
    monkeypatch.setattr(token_service, "MAX_PER_ADDRESS", 5, raising=False)
    (tmp_path / "accounts.json").write_text("{}")
    server = token_service.make_server(tmp_path, free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        dribblers = [socket.create_connection(("127.0.0.1", port)) for _ in range(5)]
        time.sleep(0.3)
        refused = socket.create_connection(("127.0.0.1", port))  # the sixth from this address
        refused.settimeout(5)
        assert refused.recv(1) == b"", "a connection over the address's cap is closed at once"
        started = time.monotonic()
        cut_after = []
        for dribbler in dribblers:
            dribbler.settimeout(0.4)
        pending = list(dribblers)
        while pending and time.monotonic() - started < 10:
            for dribbler in list(pending):
                try:
                    dribbler.sendall(b"G")  # one byte at a time, far inside the 30 s read timeout
                    if dribbler.recv(1) == b"":
                        raise ConnectionResetError
                except TimeoutError:
                    continue
                except OSError:
                    cut_after.append(time.monotonic() - started)
                    pending.remove(dribbler)
        assert not pending, "a dribbling client kept its connection past the deadline"
        assert max(cut_after) < 5
        # Once they are cut (and their threads have ended: the count falls just after the socket closes), a real
        # request from the same address is answered.
        answer = None
        for _ in range(50):
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/token", params={"service": SERVICE}, timeout=5)
                break
            except requests.ConnectionError:  # still at the cap for a moment: closed at once, as designed
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200
    finally:
        server.shutdown()
        server.server_close()
