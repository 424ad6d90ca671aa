"""Serving an ASGI app (the service's Starlette routes: the board, `say`, the export, ...) from granian's RSGI
interface, on which the service's hot route is answered (tutor/classroom/hot_route.py). Granian serves one
interface per server, and these routes are few and light (the board asked once a second, a page, an export).

Written here rather than taken from a library: the one adapter published (rsgiadapter) is an alpha that spools
every answer to a temporary file and, when the app fails, answers nothing at all. This one does only what the
service's routes need: a request and one whole answer (none of them streams; a streamed answer is gathered and
sent whole). A failing app's error goes on to granian, which logs it and answers 500 if nothing was sent."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

AsgiApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]

ASGI_VERSION = {"version": "3.0", "spec_version": "2.3"}


def content_length(value: str | None) -> int | None:
    """A Content-Length header's value as a number; None when absent or not a plain number. (isascii: "²".isdigit()
    is true and int() refuses it.)"""
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


def peer(address: str) -> tuple[str, int] | None:
    """An RSGI address ("127.0.0.1:50506", "[::1]:51178") as ASGI has it: (host, port)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        return None
    return host.removeprefix("[").removesuffix("]"), int(port)


def asgi_scope(scope) -> dict:
    """The ASGI request for an RSGI scope. granian gives the path decoded (as ASGI's `path` is), the query string
    as sent, and header names in lower case."""
    return {
        "type": "http", "asgi": ASGI_VERSION, "http_version": scope.http_version, "scheme": scope.scheme,
        "method": scope.method, "path": scope.path, "root_path": "",
        "query_string": scope.query_string.encode("latin-1"),
        "headers": [(name.encode("latin-1"), value.encode("latin-1")) for name, value in scope.headers.items()],
        "client": peer(scope.client), "server": peer(scope.server),
    }


async def serve_asgi(app: AsgiApp, scope, proto) -> None:
    """One request of `app`, answered on `proto` once the app has sent the whole of its answer."""
    declared = content_length(scope.headers.get("content-length"))

    async def messages() -> AsyncIterator[dict]:
        # `async for` over granian's body: the builtin anext() with a default crashed the interpreter on it.
        received = 0
        async for chunk in proto:
            received += len(chunk)
            yield {"type": "http.request", "body": chunk, "more_body": True}
        # granian ends the body without an error when the client goes away in the middle of it: a body shorter
        # than its Content-Length is a disconnect, not a whole body. (A chunked one cut short cannot be told.)
        if declared is not None and received < declared and "transfer-encoding" not in scope.headers:
            while True:
                yield {"type": "http.disconnect"}
        yield {"type": "http.request", "body": b"", "more_body": False}
        # Asked again once the body is read (no route of the service does: none streams its answer), it waits
        # for the client to go.
        while True:
            await proto.client_disconnect()
            yield {"type": "http.disconnect"}

    receive = messages().__anext__

    head: dict | None = None
    parts: list[bytes] = []

    async def send(message: dict) -> None:
        nonlocal head
        if message["type"] == "http.response.start":
            head = message
        elif message["type"] == "http.response.body" and head is not None:
            parts.append(message.get("body", b""))
            if not message.get("more_body", False):
                headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in head["headers"]]
                proto.response_bytes(head["status"], headers, b"".join(parts))

    await app(asgi_scope(scope), receive, send)
