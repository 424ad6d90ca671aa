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
import re
import socket
import ssl
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tutor.practice.access_tokens import ACTIONS, AccessToken, AccessTokens, looks_like_token
from tutor.practice.accounts import Accounts, VerifiedCache
from tutor.practice.auth_log import AuthEntry, AuthLog, action_of, client_of
from tutor.practice.throttle import Admission
from tutor.practice.tokens import Scope, TokenIssuer, granted_scope, make_signing_material

MAX_QUERY = 4096
MAX_FORM = 8192
# A client gets this long for its TLS handshake, and then for each request it sends; one that sends nothing
# loses its own connection and never holds up anyone else's.
HANDSHAKE_SECONDS = 10
REQUEST_SECONDS = 30
# A client that sends one byte just inside each read's timeout would keep its connection (and its thread)
# for ever: a connection also ends REQUEST_DEADLINE seconds after it was accepted, whatever it is doing (one
# request per connection: HTTP/1.0). And no address holds more than MAX_PER_ADDRESS connections at once, nor
# all addresses together more than MAX_CONNECTIONS, so a flood of them cannot exhaust threads or memory.
REQUEST_DEADLINE = 40
MAX_PER_ADDRESS = 64
MAX_CONNECTIONS = 1024


class _Handler(BaseHTTPRequestHandler):
    issuer: TokenIssuer
    verified: VerifiedCache
    tokens: AccessTokens
    auth_log: AuthLog | None  # None: nobody reads this service's log (a classroom's)
    refresh_tokens: bool
    server_version = "tutor-practice-token/1"
    timeout = REQUEST_SECONDS  # socketserver applies it to each connection

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - no request log: it would hold usernames
        pass

    def _reply(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _too_many(self, admission: Admission) -> None:
        # Docker's CLI prints a 429's `details` as "toomanyrequests: ...".
        seconds = int(admission.retry_after)
        self._reply(429, {"details": f"too many failed logins; try again in {seconds} s"},
                    {"Retry-After": str(seconds)})

    def _check(self, username: str, password: str) -> Admission | bool:
        return self.verified.check(username, password, self.client_address[0])

    def _user(self, query: dict[str, list[str]]) -> tuple[Admission | bool | str, str | None]:
        """(verdict, username): True when the credentials are acceptable (none at all: anonymous, acceptable
        for pull), False when wrong, an Admission when refused unchecked, or the `details` of a refusal of an
        access token (revoked, or asking more than its scope). Each use of an account is written to the
        authentication log, without the secret."""
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
        wanted = {action for scope in _scopes(query) for action in scope.actions}
        if looks_like_token(password):
            return self._by_token(username, password, wanted, query)
        verdict = self._check(username, password)
        if not isinstance(verdict, Admission):
            self._log(username, query, wanted, "password", "ok" if verdict else "bad_credentials")
        return verdict, username if verdict is True else None

    def _by_token(self, username: str, secret: str, wanted: set[str],
                  query: dict[str, list[str]]) -> tuple[Admission | bool | str, str | None]:
        """An access token in place of the password: checked against the stored hashes (no bcrypt: it is 192
        random bits), under the same throttle as passwords, then held to its scope."""
        address = self.client_address[0]
        admission = self.verified.admit(username, address)
        if admission.refused:
            return admission, None
        if admission.delay:
            time.sleep(admission.delay)
        token = self.tokens.find(username, secret)
        if token is not None and username not in self.verified.accounts.load_for_service():
            token = None  # the account is gone: so are its tokens
        self.verified.throttle.settle(username, address, token is not None and token.active)
        if token is None:
            self._log(username, query, wanted, "token", "bad_credentials")
            return False, None
        if not token.active:
            self._log(username, query, wanted, "token", "revoked", token)
            return False, None
        if wanted - ACTIONS[token.scope]:
            self._log(username, query, wanted, "token", "insufficient_scope", token)
            return "access token has insufficient scopes", None  # Docker Hub's words; the CLI prints them
        self.tokens.used(token)
        self._log(username, query, wanted, "token", "ok", token)
        return True, username

    def _log(self, username: str, query: dict[str, list[str]], wanted: set[str], credential: str, outcome: str,
             token: AccessToken | None = None) -> None:
        if self.auth_log is None:
            return
        client = client_of(query.get("client_id", [None])[0], self.headers.get("User-Agent", ""))
        if client == "tutor":
            return  # the tutor's own checks asking: not what the learner did, and no check reads it
        if username not in self.verified.accounts.load_for_service():
            return  # nobody's log to write: a name that is no account is not recorded
        self.auth_log.add(username, AuthEntry(time.time(), client, credential, action_of(wanted), outcome,
                                              token.name if token else None, token.scope if token else None))

    def _wrong_service(self, fields: dict[str, list[str]]) -> bool:
        """A token for another service would be useless to this registry; asking for one is a client's error."""
        return any(service != self.issuer.service for service in fields.get("service", []))

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        url = urlsplit(self.path)
        if url.path != "/token" or len(url.query) > MAX_QUERY:
            self._reply(404, {"details": "not found"})
            return
        query = parse_qs(url.query)
        if self._wrong_service(query):
            self._reply(400, {"details": f"this token service serves {self.issuer.service} only"})
            return
        verdict, user = self._user(query)
        if isinstance(verdict, Admission):
            self._too_many(verdict)
            return
        if isinstance(verdict, str):
            self._reply(401, {"details": verdict})
            return
        if not verdict:
            # Docker Hub's own answer; the docker CLI prints "unauthorized: incorrect username or password".
            self._reply(401, {"details": "incorrect username or password"})
            return
        body = self.issuer.issue(user, _scopes(query))
        if user and self.refresh_tokens and query.get("offline_token") == ["true"]:
            body["refresh_token"] = self.issuer.issue_refresh(user)
        self._reply(200, body)

    def _form(self) -> dict[str, list[str]] | None:
        """The POST's form fields, sent with a Content-Length or chunked (as containers/image does: skopeo,
        podman, buildah), at most MAX_FORM bytes either way; None when it cannot be read within that."""
        encoding = self.headers.get("Transfer-Encoding", "").strip().lower()
        if encoding == "chunked":
            body = read_chunked(self.rfile, MAX_FORM)
        elif encoding:
            return None
        else:
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                return None
            body = self.rfile.read(length) if 0 <= length <= MAX_FORM else None
        return None if body is None else parse_qs(body.decode("utf-8", "replace"))

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        if urlsplit(self.path).path != "/token":
            self._reply(404, {"error": "invalid_request"})
            return
        form = self._form()
        if form is None or self._wrong_service(form):
            self._reply(400, {"error": "invalid_request"})
            return

        def field(name: str) -> str:
            return form.get(name, [""])[0]

        grant = field("grant_type")
        if grant == "refresh_token":
            refresh = field("refresh_token")
            user = self.issuer.refresh_user(refresh)
            if user is not None and user not in self.verified.accounts.load_for_service():
                user = None  # the account is gone: so is what its refresh tokens allowed
        elif grant == "password":
            name = field("username")
            verdict = self._check(name, field("password")) if name else False
            if isinstance(verdict, Admission):
                self._too_many(verdict)
                return
            user = name if verdict else None
            offline = field("access_type") == "offline" and self.refresh_tokens
            refresh = self.issuer.issue_refresh(name) if user and offline else None
        else:
            self._reply(400, {"error": "unsupported_grant_type"})
            return
        if user is None:
            self._reply(400, {"error": "invalid_grant"})  # OAuth's answer to a bad refresh token or password
            return
        scopes = _scopes(form)
        body = self.issuer.issue(user, scopes)
        body["scope"] = granted_scope(user, scopes)  # required in this answer by Docker's token spec (oauth.md)
        if refresh:
            body["refresh_token"] = refresh
        self._reply(200, body)


CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,6}")


def read_chunked(stream, limit: int) -> bytes | None:
    """A `Transfer-Encoding: chunked` body of at most `limit` bytes, or None when it is malformed or longer.
    http.server leaves this encoding to its handlers; the body here is one small form, so a bounded reader
    of the format (RFC 9112 section 7.1) is all that is needed."""
    body = bytearray()
    while True:
        line = stream.readline(256)
        size_text = line.split(b";", 1)[0].strip()  # a chunk extension after ";" is ignored, as allowed
        if not line.endswith(b"\n") or not CHUNK_SIZE.fullmatch(size_text):
            return None
        size = int(size_text, 16)
        if len(body) + size > limit:
            return None
        if size == 0:
            for _ in range(16):  # trailer fields, then the empty line
                trailer = stream.readline(256)
                if trailer in (b"\r\n", b"\n"):
                    return bytes(body)
                if not trailer.endswith(b"\n"):
                    return None
            return None
        chunk = stream.read(size)
        if len(chunk) != size or stream.readline(3) not in (b"\r\n", b"\n"):
            return None
        body += chunk


def _scopes(fields: dict[str, list[str]]) -> list[Scope]:
    """`scope` may come several times and each may hold several scopes, space-separated."""
    return [s for text in fields.get("scope", []) for part in text.split(" ") if (s := Scope.parse(part))]


class _Server(ThreadingHTTPServer):
    """One thread per connection. With TLS, the handshake happens in that connection's own thread, under a
    timeout: wrapping the listening socket instead would run every handshake inside accept(), on the one
    thread that accepts, so a single client that connects and sends nothing would stop every login."""

    daemon_threads = True
    tls = None  # an ssl.SSLContext for a classroom

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._per_address: Counter[str] = Counter()
        self._deadlines: dict[int, tuple[float, socket.socket]] = {}  # by connection thread
        threading.Thread(target=self._cut_overdue, daemon=True, name="deadlines").start()

    def process_request(self, request, client_address) -> None:  # on the accepting thread
        address = client_address[0]
        with self._lock:
            admitted = (self._per_address[address] < MAX_PER_ADDRESS
                        and sum(self._per_address.values()) < MAX_CONNECTIONS)
            if admitted:
                self._per_address[address] += 1
        if not admitted:  # closed at once: no thread, no read
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:  # the connection's own thread
        self._watch(request, since=time.monotonic())
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._deadlines.pop(threading.get_ident(), None)
                self._per_address[client_address[0]] -= 1
                if self._per_address[client_address[0]] <= 0:
                    del self._per_address[client_address[0]]

    def _watch(self, connection: socket.socket, since: float | None = None) -> None:
        """The socket to shut down when this connection's deadline passes (TLS replaces the plain one)."""
        with self._lock:
            key = threading.get_ident()
            deadline = since + REQUEST_DEADLINE if since is not None else self._deadlines[key][0]
            self._deadlines[key] = (deadline, connection)

    def _cut_overdue(self) -> None:
        """Once a second, shut down the connections past their deadline: the blocked read in their thread
        returns, and the thread ends as for any client that went away."""
        while True:
            time.sleep(1)
            now = time.monotonic()
            with self._lock:
                overdue = [connection for deadline, connection in self._deadlines.values() if deadline < now]
            for connection in overdue:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:  # already gone
                    pass

    def finish_request(self, request, client_address) -> None:  # runs in the connection's thread
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(HANDSHAKE_SECONDS)
        secured = None
        try:
            # The handshake, here, bounded by the read timeout and by the connection's deadline (the wrapped
            # socket takes over the plain one's descriptor, so it is the one the deadline shuts down).
            secured = self.tls.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
            self._watch(secured)
            secured.do_handshake()
        except OSError:  # timed out, not TLS, or gone: this client's problem only
            if secured is not None:
                secured.close()
            return
        try:
            super().finish_request(secured, client_address)
        finally:
            secured.close()


def make_server(directory: Path, port: int, host: str = "127.0.0.1", tls=None) -> ThreadingHTTPServer:
    key, cert = make_signing_material(directory)
    handler = type("Handler", (_Handler,), {"issuer": TokenIssuer(key, cert),
                                            "verified": VerifiedCache(Accounts(directory / "accounts.json")),
                                            "tokens": AccessTokens.in_directory(directory),
                                            # The checks read the learner's own practice registry's log
                                            # only: a classroom's (TLS) service keeps none.
                                            "auth_log": AuthLog.in_directory(directory) if tls is None else None,
                                            "refresh_tokens": os.environ.get("TUTOR_PRACTICE_REFRESH_TOKENS") == "1"})
    server = _Server((host, port), handler)
    server.tls = tls
    return server


def main(argv: list[str]) -> int:
    """DIRECTORY PORT [HOST [CERTIFICATE KEY]]: with a certificate, it speaks TLS (a classroom)."""
    directory, port = Path(argv[0]), int(argv[1])
    host = argv[2] if len(argv) > 2 else "127.0.0.1"
    tls = None
    if len(argv) > 4:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(argv[3], argv[4])
    server = make_server(directory, port, host, tls)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
