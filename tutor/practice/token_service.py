"""The practice token service: `GET /token?service=..&scope=..` with optional Basic credentials, as the
distribution registry's token auth expects, and the OAuth form `POST /token` (`grant_type=password` or
`refresh_token`) that Docker uses once it holds an identity token. Runs as its own process beside the
registry:

    python -m tutor.practice.token_service DIRECTORY PORT [HOST [CERTIFICATE KEY]]

With TUTOR_PRACTICE_REFRESH_TOKENS=1 in its environment it answers a login that asks for offline access
(`offline_token=true`, as `docker login` does) with a refresh token too, as registries with OAuth do (Azure,
Harbor with OIDC): Docker then keeps that identity token instead of the password. Docker Hub does not do this
for a password login, so by default neither does the practice registry.

One route, loopback only, so the standard library's threading HTTP server is enough here.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tutor.practice.accounts import Accounts, VerifiedCache
from tutor.practice.tokens import Scope, TokenIssuer, make_signing_material

MAX_QUERY = 4096
MAX_FORM = 8192


class _Handler(BaseHTTPRequestHandler):
    issuer: TokenIssuer
    verified: VerifiedCache
    refresh_tokens: bool
    server_version = "tutor-practice-token/1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - no request log: it would hold usernames
        pass

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _user(self) -> tuple[bool, str | None]:
        """(credentials acceptable, username). No credentials: anonymous, acceptable for pull."""
        header = self.headers.get("Authorization", "")
        if not header:
            return True, None
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return False, None
        try:
            username, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False, None
        return (True, username) if self.verified.verify(username, password) else (False, None)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        url = urlsplit(self.path)
        if url.path != "/token" or len(url.query) > MAX_QUERY:
            self._reply(404, {"details": "not found"})
            return
        query = parse_qs(url.query)
        ok, user = self._user()
        if not ok:
            # Docker Hub's own answer; the docker CLI prints "unauthorized: incorrect username or password".
            self._reply(401, {"details": "incorrect username or password"})
            return
        body = self.issuer.issue(user, _scopes(query))
        if user and self.refresh_tokens and query.get("offline_token") == ["true"]:
            body["refresh_token"] = self.issuer.issue_refresh(user)
        self._reply(200, body)

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        if urlsplit(self.path).path != "/token":
            self._reply(404, {"error": "invalid_request"})
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_FORM:
            self._reply(400, {"error": "invalid_request"})
            return
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))

        def field(name: str) -> str:
            return form.get(name, [""])[0]

        grant = field("grant_type")
        if grant == "refresh_token":
            refresh = field("refresh_token")
            user = self.issuer.refresh_user(refresh)
            if user is not None and user not in self.verified.accounts.load():
                user = None  # the account is gone: so is what its refresh tokens allowed
        elif grant == "password":
            name = field("username")
            user = name if name and self.verified.verify(name, field("password")) else None
            offline = field("access_type") == "offline" and self.refresh_tokens
            refresh = self.issuer.issue_refresh(name) if user and offline else None
        else:
            self._reply(400, {"error": "unsupported_grant_type"})
            return
        if user is None:
            self._reply(400, {"error": "invalid_grant"})  # OAuth's answer to a bad refresh token or password
            return
        body = self.issuer.issue(user, _scopes(form))
        if refresh:
            body["refresh_token"] = refresh
        self._reply(200, body)


def _scopes(fields: dict[str, list[str]]) -> list[Scope]:
    """`scope` may come several times and each may hold several scopes, space-separated."""
    return [s for text in fields.get("scope", []) for part in text.split(" ") if (s := Scope.parse(part))]


def make_server(directory: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    key, cert = make_signing_material(directory)
    handler = type("Handler", (_Handler,), {"issuer": TokenIssuer(key, cert),
                                            "verified": VerifiedCache(Accounts(directory / "accounts.json")),
                                            "refresh_tokens": os.environ.get("TUTOR_PRACTICE_REFRESH_TOKENS") == "1"})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str]) -> int:
    """DIRECTORY PORT [HOST [CERTIFICATE KEY]]: with a certificate, it speaks TLS (a classroom)."""
    directory, port = Path(argv[0]), int(argv[1])
    host = argv[2] if len(argv) > 2 else "127.0.0.1"
    server = make_server(directory, port, host)
    if len(argv) > 4:
        import ssl

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(argv[3], argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
