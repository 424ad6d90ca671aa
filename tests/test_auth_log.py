"""The practice token service's record of how each account authenticated (what the access-tokens lesson's
checks read): one append-only file of JSON lines per user, bounded, written without an fsync per request,
without the tutor's own requests, and not at all by a classroom's token service (no check reads that one).
The end-to-end use, with the real docker CLI and registry, is tests/test_access_tokens.py."""

from __future__ import annotations

import json
import os
import ssl
import threading

import pytest
import requests
from realdocker import free_port

from tutor.practice import token_service
from tutor.practice.accounts import Accounts
from tutor.practice.auth_log import ENTRIES, TRIM_BYTES, AuthEntry, AuthLog

SERVICE = "tutor-practice"


def test_each_user_s_log_is_appended_lines_cut_back_to_the_last_entries(tmp_path):
    log = AuthLog.in_directory(tmp_path)
    for at in range(400):
        log.add("budi", AuthEntry(float(at), "docker", "password", "login", "ok"))
    log.add("siti", AuthEntry(7.0, "docker", "token", "push", "insufficient_scope", "laptop", "read"))
    budi = tmp_path / "auth-log" / "budi.jsonl"
    assert budi.stat().st_size <= TRIM_BYTES and oct(budi.stat().st_mode & 0o777) == "0o600"
    assert all(json.loads(line)["client"] == "docker" for line in budi.read_text().splitlines())
    assert [e.at for e in log.entries("budi")] == [float(at) for at in range(400 - ENTRIES, 400)]
    assert [e.at for e in log.entries("budi", since=397)] == [397.0, 398.0, 399.0]
    assert log.entries("siti") == [AuthEntry(7.0, "docker", "token", "push", "insufficient_scope", "laptop", "read")]
    with budi.open("a") as torn:  # a line cut short by a crash, and one that is not an entry: skipped
        torn.write('["not", "an", "entry"]\n{"at": 500.0, "client": "docker", "cred')
    assert log.entries("budi")[-1].at == 399.0
    log.add("../budi", AuthEntry(1.0, "docker", "password", "login", "ok"))  # no account has such a name
    assert log.entries("../budi") == [] and sorted(p.name for p in tmp_path.rglob("*")) == [
        "auth-log", "budi.jsonl", "siti.jsonl"]


@pytest.fixture
def token_server(tmp_path):
    """The real token service's server in this process (so that what it calls can be seen), on 127.0.0.1."""
    servers = []

    def start(tls: ssl.SSLContext | None = None) -> str:
        Accounts(tmp_path / "accounts.json").add("budi", "budipass1")
        server = token_service.make_server(tmp_path, free_port(), "127.0.0.1", tls)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/token"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_token_request_is_logged_without_an_fsync_and_the_tutor_s_own_not_at_all(tmp_path, token_server,
                                                                                     monkeypatch):
    """Every token request rewrote and fsynced one JSON file of every user's entries under one lock (178-257 ms
    a request with 200 learners), the tutor's own checks' requests included. os.fsync is wrapped (and still
    called) only to count the calls: nothing else tells whether a write waited for the disk."""
    url = token_server()
    fsyncs = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (fsyncs.append(fd), real_fsync(fd))[1])
    scope = {"service": SERVICE, "scope": "repository:budi/app:pull,push"}
    tutor_s = requests.get(url, params={**scope, "client_id": "container-tutor"}, auth=("budi", "budipass1"),
                           timeout=10)
    dockers = requests.get(url, params=scope, auth=("budi", "budipass1"), timeout=10,
                           headers={"User-Agent": "docker/27.5.1 go/go1.22.12"})
    assert tutor_s.status_code == dockers.status_code == 200
    assert [(e.client, e.credential, e.action) for e in AuthLog.in_directory(tmp_path).entries("budi")] == [
        ("docker", "password", "push")]
    assert fsyncs == []


def test_a_classroom_token_service_keeps_no_log(tmp_path, token_server):
    from tutor.classroom.tls import make_room_certificates

    ca, cert, key = make_room_certificates(tmp_path / "tls", "127.0.0.1")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    url = token_server(tls)
    answer = requests.get(url, params={"service": SERVICE}, auth=("budi", "budipass1"), verify=str(ca), timeout=10,
                          headers={"User-Agent": "docker/27.5.1"})
    assert answer.status_code == 200 and answer.json()["token"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("auth-log")]
