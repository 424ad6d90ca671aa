"""The service's front, in RSGI (granian's own interface): the classroom's hot path (`POST /api/events`, every
learner every few seconds) is answered here; every other request goes to the Starlette app through
tutor/classroom/asgi_bridge.py.

Why not ASGI for this route: under ASGI the server hands the app its request as a dict it builds, and each of
`receive` (the body) and `send` (twice: head, then body) is an await answered from granian's own threads. Each
such answer is one more time those threads and the event loop take the interpreter's lock from each other.
Here the body is one await and the answer one call, with the same checks, limits, bytes and security headers as
every other route (a room of 1,000 while 100 push: events p99 about a fifth lower, docs/classroom.md)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

import orjson
from granian.rsgi import ProtocolClosed
from starlette.requests import ClientDisconnect, Request

from tutor.classroom.asgi_bridge import AsgiApp, content_length, peer, serve_asgi

DRAIN_BYTES = 1024 * 1024  # of a body over the limit, read and dropped before the 413 (_drain)


class BodyTooLarge(Exception):
    """The body is over the route's limit (said by its Content-Length or found while reading it)."""


class ClientGone(Exception):
    """The client disconnected before its body was whole: there is nobody to answer."""


async def read_body(length: str | None, chunks: AsyncIterator[bytes], limit: int,
                    whole: Callable[[], Awaitable[bytes]] | None = None) -> bytes:
    """The whole body, at most `limit` bytes. `length`: its Content-Length header (None: none, the body comes
    in chunks); `chunks`: the body as it arrives; `whole`: the body read at once, when the server reads exactly
    the declared length (one await instead of one per chunk)."""
    declared = content_length(length)
    if length is not None and (declared is None or declared > limit):  # present but not a number: refused too
        if declared is not None and declared <= DRAIN_BYTES:
            await _drain(chunks)  # a longer one said so up front: nothing is read of it (no 100 Continue)
        raise BodyTooLarge
    if declared is not None and whole is not None:
        return await whole()
    body = b""
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            await _drain(chunks)
            raise BodyTooLarge
    return body


async def _drain(chunks: AsyncIterator[bytes]) -> None:
    """Reads and drops what is left of a body over the limit, up to DRAIN_BYTES, so that a client still sending
    it gets the 413 answer: the server (granian) closes a connection whose body was left unread as soon as it has
    answered, and a client in the middle of its upload then sees the connection reset, not the answer. A longer
    body is not read: its sender gets the reset."""
    drained = 0
    with contextlib.suppress(ClientGone):  # nobody left to answer: the 413 goes nowhere
        async for chunk in chunks:
            drained += len(chunk)
            if drained > DRAIN_BYTES:
                return


class HotRequest:
    """What the route's handler may read of a request (RSGI): its headers, the client's address, its body."""

    __slots__ = ("scope", "proto")

    def __init__(self, scope, proto) -> None:
        self.scope, self.proto = scope, proto

    def header(self, name: str, absent: str | None = "") -> str | None:
        """The header called `name` (lower case); `absent` if none."""
        return self.scope.headers.get(name, absent)

    @property
    def client_host(self) -> str | None:
        address = peer(self.scope.client)
        return address[0] if address else None

    async def body(self, limit: int) -> bytes:
        # Read whole only when the Content-Length is what frames the body: granian reads all of it at once. Its
        # HTTP parser (hyper) drops a Content-Length sent with `Transfer-Encoding: chunked`, as HTTP/1.1 asks;
        # were one kept, the chunks would still be counted against the limit as they arrive.
        whole = self._whole if self.header("transfer-encoding", absent=None) is None else None
        return await read_body(self.header("content-length", absent=None), self._chunks(), limit, whole)

    async def _whole(self) -> bytes:
        try:
            return await self.proto()
        except ProtocolClosed:  # the client went away before its body was whole
            raise ClientGone from None

    async def _chunks(self) -> AsyncIterator[bytes]:
        # granian ends the chunks early, without an error, when the client goes away in the middle of a chunked
        # body: what came is then parsed (and is refused, being cut short, unless it happens to be whole JSON).
        try:
            async for chunk in self.proto:
                yield chunk
        except ProtocolClosed:
            raise ClientGone from None


class StarletteBody:
    """The body of a request the Starlette app serves (the instructor's `say`), read by Starlette's own stream under
    the same limit and rules as the hot route's."""

    def __init__(self, request: Request) -> None:
        self.request = request

    async def body(self, limit: int) -> bytes:
        try:
            return await read_body(self.request.headers.get("content-length"), self.request.stream(), limit)
        except ClientDisconnect:
            raise ClientGone from None


@dataclass(frozen=True)
class Answer:
    status: int
    content: object  # encoded as JSON
    headers: dict[str, str] | None = None


def json_bytes(content: object) -> bytes:
    """JSON exactly as Starlette's JSONResponse renders it (compact, UTF-8), so that both paths answer the same
    bytes; by orjson, as the board is (0.4 µs an answer, where json.dumps took 10, on every post)."""
    return orjson.dumps(content)


Handler = Callable[[HotRequest], Awaitable[Answer]]
Headers = Sequence[tuple[bytes, bytes]]


class HotRoute:
    """The RSGI app: `method path` answered by `handler`; any other method on `path` is 405 (as Starlette's
    Route answers it); everything else goes to the ASGI `app`. `extra_headers` are added to each of this route's
    answers (the app's own middleware does that for the rest). `on_close` runs when the server stops the worker
    (RSGI has no lifespan: granian calls __rsgi_del__)."""

    def __init__(self, method: str, path: str, handler: Handler, app: AsgiApp, extra_headers: Headers = (),
                 on_close: Callable[[], None] = lambda: None) -> None:
        self.method, self.path, self.handler, self.app, self.on_close = method, path, handler, app, on_close
        self.extra_headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in extra_headers]

    async def __rsgi__(self, scope, proto) -> None:
        if scope.path != self.path:
            await serve_asgi(self.app, scope, proto)
            return
        if scope.method != self.method:
            self._answer(proto, 405, b"Method Not Allowed", "text/plain; charset=utf-8", [("allow", self.method)])
            return
        try:
            answer = await self.handler(HotRequest(scope, proto))
        except ClientGone:
            return
        except Exception:
            # As Starlette's ServerErrorMiddleware does: a plain 500, and the error goes on to the server's log.
            self._answer(proto, 500, b"Internal Server Error", "text/plain; charset=utf-8", [])
            raise
        headers = [(name.lower(), value) for name, value in (answer.headers or {}).items()]
        self._answer(proto, answer.status, json_bytes(answer.content), "application/json", headers)

    def _answer(self, proto, status: int, body: bytes, media_type: str, headers: list[tuple[str, str]]) -> None:
        # granian adds the Content-Length of a whole body.
        proto.response_bytes(status, [*headers, ("content-type", media_type), *self.extra_headers], body)

    def __rsgi_del__(self, loop) -> None:
        self.on_close()
