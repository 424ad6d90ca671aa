"""One route answered in raw ASGI, ahead of the Starlette app: the classroom's hot path (`POST /api/events`,
every learner every few seconds). Starlette's middleware stack, router and Request objects were about half of
the event loop's time per event at 1,000 learners; this path reads the two headers it needs and the body, and
writes its JSON answer with the same bytes (and the service's security headers) as a JSONResponse would.
Every other method and path goes to the app unchanged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import orjson

Headers = Sequence[tuple[bytes, bytes]]


DRAIN_BYTES = 1024 * 1024  # of a body over the limit, read and dropped before the 413 (HotRequest._drain)


class BodyTooLarge(Exception):
    """The body is over the route's limit (said by its Content-Length or found while reading it)."""


class ClientGone(Exception):
    """The client disconnected before its body was whole: there is nobody to answer."""


@dataclass(frozen=True)
class HotRequest:
    """What the route's handler may read of a request: its headers, the client's address, its body."""

    scope: dict
    receive: Callable[[], Awaitable[dict]]

    def header(self, name: bytes, absent: str | None = "") -> str | None:
        """The first header called `name` (lower case), decoded as Starlette does (latin-1); `absent` if none."""
        for key, value in self.scope["headers"]:
            if key == name:
                return value.decode("latin-1")
        return absent

    @property
    def client_host(self) -> str | None:
        client = self.scope.get("client")
        return client[0] if client else None

    async def body(self, limit: int) -> bytes:
        """The whole body, at most `limit` bytes, also without a Content-Length (chunked)."""
        length = self.header(b"content-length", absent=None)
        # isascii: "²".isdigit() is true and int() refuses it. A Content-Length present but empty is refused too.
        declared = int(length) if length is not None and length.isascii() and length.isdigit() else None
        if length is not None and (declared is None or declared > limit):
            if declared is not None and declared <= DRAIN_BYTES:
                await self._drain()  # a longer one said so up front: nothing is read of it (no 100 Continue)
            raise BodyTooLarge
        body = b""
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                raise ClientGone
            body += message.get("body", b"")
            if len(body) > limit:
                if message.get("more_body", False):
                    await self._drain()
                raise BodyTooLarge
            if not message.get("more_body", False):
                return body

    async def _drain(self) -> None:
        """Reads and drops what is left of a body over the limit, up to DRAIN_BYTES, so that a client still
        sending it gets the 413 answer: the server (granian) closes a connection whose body was left unread as
        soon as it has answered, and a client in the middle of its upload then sees the connection reset, not
        the answer. A longer body is not read: its sender gets the reset."""
        drained = 0
        while drained <= DRAIN_BYTES:
            message = await self.receive()
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                return
            drained += len(message.get("body", b""))


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
App = Callable[[dict, Callable, Callable], Awaitable[None]]


class HotRoute:
    """ASGI: `method path` answered by `handler`; any other method on `path` is 405 (as Starlette's Route
    answers it); everything else goes to `app`. `extra_headers` are added to each of this route's answers (the
    app's own middleware does that for the rest)."""

    def __init__(self, method: str, path: str, handler: Handler, app: App, extra_headers: Headers = ()) -> None:
        self.method, self.path, self.handler, self.app = method, path, handler, app
        self.extra_headers = list(extra_headers)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] != self.method:
            await self._send(send, 405, b"Method Not Allowed", b"text/plain; charset=utf-8",
                             [(b"allow", self.method.encode())])
            return
        try:
            answer = await self.handler(HotRequest(scope, receive))
        except ClientGone:
            return
        except Exception:
            # As Starlette's ServerErrorMiddleware does: a plain 500, and the error goes on to the server's log.
            await self._send(send, 500, b"Internal Server Error", b"text/plain; charset=utf-8", [])
            raise
        headers = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                   for name, value in (answer.headers or {}).items()]
        await self._send(send, answer.status, json_bytes(answer.content), b"application/json", headers)

    async def _send(self, send, status: int, body: bytes, media_type: bytes, headers: list) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [*headers, (b"content-length", str(len(body)).encode()),
                                (b"content-type", media_type), *self.extra_headers]})
        await send({"type": "http.response.body", "body": body})
