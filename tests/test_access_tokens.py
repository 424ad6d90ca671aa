"""The practice registry's access tokens, against the real token service, the real registry and the real
docker CLI: stored hashed, usable as the password at docker login, held to their scope, refused once
revoked; and the service's record of which credential each login used, without secrets."""

from __future__ import annotations

import json
import time

import pytest
from realdocker import docker_cli, docker_login

from tutor.app import tokens
from tutor.checks.context import CheckContext
from tutor.checks.practice_auth import registry_auth, registry_token
from tutor.checks.verdict import Status
from tutor.practice.access_tokens import AccessTokens, TokenError
from tutor.practice.auth_log import AuthLog

pytestmark = [pytest.mark.engine, pytest.mark.registry]


def test_the_store_keeps_hashes_and_names(tmp_path):
    store = AccessTokens(tmp_path / "tokens.json")
    token, secret = store.create("budi", "read", "laptop")
    assert secret.startswith("tutor_pat_") and len(secret) > 40
    stored = (tmp_path / "tokens.json").read_text()
    assert secret not in stored and token.sha256 in stored
    assert oct((tmp_path / "tokens.json").stat().st_mode & 0o777) == "0o600"
    assert store.find("budi", secret) == token and store.find("siti", secret) is None
    with pytest.raises(TokenError) as taken:
        store.create("budi", "write", "laptop")
    assert taken.value.key == "token.name_taken"
    with pytest.raises(TokenError):
        store.create("budi", "admin")
    second, _ = store.create("budi", "write")
    assert second.name == "token-2"
    revoked = store.revoke("budi", "laptop")
    assert not revoked.active and store.find("budi", secret).revoked
    with pytest.raises(TokenError) as unknown:
        store.revoke("budi", "laptop")  # only active tokens are revoked
    assert unknown.value.key == "token.unknown"
    store.create("budi", "read", "laptop")  # the name is free again once the old one is revoked
    assert "sha256" not in json.dumps([t.shown() for t in store.list("budi")])


def _entries(practice) -> list[dict]:
    return [vars(e) for e in AuthLog.in_directory(practice.home / "practice").entries("budi")
            if e.client == "docker"]


def test_tokens_at_docker_login_pull_and_push(practice, docker_config, scratch_image):
    repository, _ = scratch_image
    practice.add_user("budi", "budi-practice-pw")
    practice.add_user("siti", "siti-practice-pw")
    repo = f"{practice.address}/budi/{repository}"
    began = time.time()
    assert docker_login(practice.address, "budi", "budi-practice-pw").returncode == 0
    assert docker_cli("tag", repository, f"{repo}:1.0").returncode == 0
    assert docker_cli("push", f"{repo}:1.0").returncode == 0
    assert _entries(practice)[0]["credential"] == "password" and _entries(practice)[0]["action"] == "login"

    _, read = tokens.create("budi", "read", "laptop")
    _, write = tokens.create("budi", "write", "ci")
    _, sitis = tokens.create("siti", "write", "hers")

    login = docker_login(practice.address, "budi", read)
    assert login.returncode == 0, login.stderr
    assert docker_cli("rmi", f"{repo}:1.0").returncode == 0
    pulled = docker_cli("pull", f"{repo}:1.0")
    assert pulled.returncode == 0, pulled.stderr
    denied = docker_cli("push", f"{repo}:1.0")
    assert denied.returncode != 0 and "access token has insufficient scopes" in denied.stderr + denied.stdout

    assert docker_login(practice.address, "budi", sitis).returncode != 0  # siti's token is no password of budi's
    assert docker_login(practice.address, "budi", write).returncode == 0
    assert docker_cli("tag", repository, f"{repo}:1.1").returncode == 0
    pushed = docker_cli("push", f"{repo}:1.1")
    assert pushed.returncode == 0, pushed.stderr

    tokens.revoke("budi", "ci")
    refused = docker_login(practice.address, "budi", write)
    assert refused.returncode != 0 and "incorrect username or password" in refused.stderr

    seen = [(e["credential"], e["token_name"], e["token_scope"], e["action"], e["outcome"])
            for e in _entries(practice)]
    assert ("token", "laptop", "read", "login", "ok") in seen
    assert ("token", "laptop", "read", "pull", "ok") in seen
    assert ("token", "laptop", "read", "push", "insufficient_scope") in seen
    assert ("token", None, None, "login", "bad_credentials") in seen  # siti's token, under budi
    assert ("token", "ci", "write", "push", "ok") in seen
    assert ("token", "ci", "write", "login", "revoked") in seen
    used = {t.name: t.last_used for t in tokens.listed("budi")}
    assert used["laptop"] and used["ci"]
    # No secret anywhere the practice registry keeps its files.
    for path in (practice.home / "practice").rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for secret in (read, write, sitis, "budi-practice-pw"):
                assert secret.encode() not in content, path

    # The checks read the same records (the practice registry only; this attempt only).
    ctx, address = CheckContext(since=began), practice.address
    assert registry_token(ctx, address, "budi", "laptop", scope="read").passed
    wrong_scope = registry_token(ctx, address, "budi", "laptop", scope="write")
    assert not wrong_scope.passed and wrong_scope.found.text("en").startswith("laptop: scope read, active")
    assert registry_token(ctx, address, "budi", "ci", state="revoked").passed
    assert not registry_token(ctx, address, "budi", "ci").passed
    assert registry_token(ctx, address, "budi", "nope").found.text("id") == "tidak ada token bernama nope"
    assert registry_auth(ctx, address, "budi", credential="token", scope="read", action="login").passed
    assert registry_auth(ctx, address, "budi", scope="read", action="push", outcome="insufficient_scope").passed
    assert registry_auth(ctx, address, "budi", credential="token", action="login", outcome="revoked").passed
    assert not registry_auth(ctx, address, "budi", scope="write", action="login", outcome="revoked").found.text(
        "en").startswith("Docker has not")  # there are entries: the latest is shown
    assert not registry_auth(ctx, address, "siti", credential="token").passed  # siti never logged in
    assert registry_auth(ctx, "docker.io", "budi").status is Status.NOT_APPLICABLE
    later = CheckContext(since=time.time() + 1)
    assert not registry_auth(later, address, "budi", credential="token").passed


def test_the_token_commands(tutor, tmp_path):
    from tutor.practice.accounts import Accounts

    Accounts(tmp_path / "tutor-home" / "practice" / "accounts.json").add("budi", "budi-practice-pw")
    made = tutor("practice", "token", "create", "--user", "budi", "--name", "laptop")
    # Not a terminal: the token alone on stdout (TOKEN=$(...) holds it and nothing else), the sentence on stderr.
    assert made.exit_code == 0 and made.stdout.startswith("tutor_pat_") and made.stdout.count("\n") == 1
    assert "Token laptop (read) for budi made" in made.stderr
    secret = made.stdout.strip()
    listed = tutor("practice", "token", "list", "--user", "budi")
    assert listed.exit_code == 0 and "laptop" in listed.stdout and "read" in listed.stdout
    assert "never" in listed.stdout and secret not in listed.stdout
    as_json = json.loads(tutor("practice", "token", "list", "--user", "budi", "--json").stdout)
    assert [t["name"] for t in as_json] == ["laptop"] and "sha256" not in as_json[0]
    again = tutor("practice", "token", "create", "--user", "budi", "--name", "laptop", "--scope", "write")
    assert again.exit_code == 2 and "budi already has an active token named laptop" in again.stderr
    bad = tutor("--lang", "id", "practice", "token", "create", "--user", "budi", "--scope", "admin")
    assert bad.exit_code == 2 and "'admin' bukan cakupan token" in bad.stderr
    revoked = tutor("practice", "token", "revoke", "laptop", "--user", "budi")
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert "revoked" in tutor("practice", "token", "list", "--user", "budi").stdout
    gone = tutor("practice", "token", "revoke", "laptop", "--user", "budi")
    assert gone.exit_code == 2 and "no active token named laptop" in gone.stderr
    nobody = tutor("practice", "token", "list", "--user", "siti")
    assert nobody.exit_code == 2 and "no account siti" in nobody.stderr


def test_a_token_name_with_brackets_is_shown_as_typed(tutor, tmp_path):
    """A name is free text: '[/]' once ended `token create` with an internal error after the token was stored
    (its secret never shown), and every `token list` after it."""
    from tutor.practice.accounts import Accounts

    Accounts(tmp_path / "tutor-home" / "practice" / "accounts.json").add("budi", "budi-practice-pw")
    made = tutor("practice", "token", "create", "--user", "budi", "--name", "[/] [bold]x")
    assert made.exit_code == 0 and made.stdout.startswith("tutor_pat_"), made.stderr
    assert "Token [/] [bold]x (read) for budi made" in made.stderr
    listed = tutor("practice", "token", "list", "--user", "budi")
    assert listed.exit_code == 0 and "[/] [bold]x" in listed.stdout, listed.stderr
    revoked = tutor("practice", "token", "revoke", "[/] [bold]x", "--user", "budi")
    assert revoked.exit_code == 0 and "[/] [bold]x" in revoked.stdout, revoked.stderr
