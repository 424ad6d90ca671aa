"""The classroom service (granian, TLS; the events route in RSGI, the others Starlette): learners post progress
events with their practice credentials; the instructor's key (only ever in an Authorization header) opens the
board, `say` and the export; the projector's view key opens the board page and nothing else.

    python -m tutor.classroom.service ROOM_DIRECTORY
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import gc
import hashlib
import hmac
import json
import os
import re
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tutor.classroom import board_page
from tutor.classroom.board import KINDS, Settled, board_data, lesson_info
from tutor.classroom.board_keeper import Board, BoardKeeper
from tutor.classroom.hot_route import Answer, BodyTooLarge, ClientGone, HotRequest, HotRoute, StarletteBody
from tutor.classroom.room import WORKER_RECORD, RoomConfig
from tutor.classroom.store import Event, LearnerFull, Store
from tutor.files import write_json
from tutor.lesson.platforms import PLATFORMS
from tutor.practice import processes
from tutor.practice.accounts import VerifiedCache

MAX_BODY = 16 * 1024
MAX_EVENTS = 100
# An event's time: after this tutor existed (2020-01-01) and at most a day ahead of the service's clock (a
# learner's clock may be off a little; Infinity, NaN and the year 33658 are not times).
EARLIEST_AT = 1_577_836_800.0
FUTURE_SLACK = 86_400.0
TOKEN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
EVENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}\Z")
DIGEST = re.compile(r"sha256:[a-f0-9]{64}\Z")

MESSAGE_CURSOR = re.compile(r"[0-9]{1,19}", re.ASCII)


class BadRequest(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        self.status, self.detail, self.headers = status, detail, headers


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(body: bytes) -> object:
    """Strict JSON: Python's parser would accept NaN and Infinity (not JSON) and overflow its stack on a deeply
    nested body; both are the sender's error."""
    try:
        return json.loads(body, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise BadRequest(400, "not JSON") from None


def _event(raw: object, learner: str, lessons: tuple[str, ...]) -> Event:
    """`lessons`: the room's; an event names one of them, or none (a tutor older than rooms of several lessons:
    the first)."""
    if not isinstance(raw, dict):
        raise BadRequest(422, "an event must be an object")
    kind, step, category, digest = raw.get("kind"), raw.get("step"), raw.get("category"), raw.get("digest")
    event_id, at = raw.get("id"), raw.get("at")
    if kind not in KINDS or not isinstance(event_id, str) or not EVENT_ID.match(event_id):
        raise BadRequest(422, "bad kind or id")
    # The range check alone refuses NaN (every comparison with it is false), the infinities and huge integers.
    if not isinstance(at, (int, float)) or isinstance(at, bool) or not EARLIEST_AT <= at <= time.time() + FUTURE_SLACK:
        raise BadRequest(422, "bad time")
    for value in (step, category):
        if value is not None and (not isinstance(value, str) or not TOKEN.match(value)):
            raise BadRequest(422, "bad step or category")
    if digest is not None and (not isinstance(digest, str) or not DIGEST.match(digest)):
        raise BadRequest(422, "bad digest")
    lesson = raw.get("lesson", lessons[0])
    if lesson is None:
        lesson = lessons[0]
    if lesson not in lessons:
        raise BadRequest(422, "not a lesson of this room")
    # Absent from an older tutor's events. A platform this service does not know (a newer tutor's) is dropped,
    # not refused: a refused batch is set aside for good by the learner's outbox, and the board can still place
    # the learner by the steps they passed (board.RoomLesson.steps_for).
    platform = raw.get("platform")
    if platform not in PLATFORMS:
        platform = None
    # The learner is whoever authenticated, never a field of the event: one can write only one's own progress.
    return Event(f"{learner}:{event_id}", learner, kind, step, category, digest, float(at), lesson, platform)


def create_app(room_dir: Path) -> HotRoute:
    room = RoomConfig.load(room_dir)
    store = Store(room_dir / "classroom.db", lesson_of_older_events=room.lesson)
    accounts = room.place.accounts  # one object: it keeps the parsed file until the file changes
    verified = VerifiedCache(accounts)
    bcrypt_pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="bcrypt")
    lessons = room.load_lessons()

    async def learner_of(request: Request) -> str:
        return await learner_by(request.headers.get("authorization", ""),
                                request.client.host if request.client else None)

    async def learner_by(authorization: str, address: str | None) -> str:
        """The learner an Authorization header proves, from `address`: both paths (Starlette's and the hot
        route's) ask here."""
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(value, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                raise BadRequest(401, "bad credentials") from None
            # A learner seen lately is checked inline (an HMAC). A first contact checks the stored hash: for
            # the room's one-time passwords another HMAC (microseconds, so 200 learners joining at once wait
            # for nobody); for a bcrypt hash (~50 ms: a chosen password, or a room made before issue 16) in
            # its own small pool, so that it neither blocks the event loop nor queues ahead of the cheap
            # requests of learners already known. Repeated failures are slowed down here, on the loop's
            # clock, then refused unchecked (tutor/practice/throttle.py).
            if verified.cached(user, password):
                return user
            admission = verified.admit(user, address)
            if admission.refused:
                seconds = int(admission.retry_after)
                raise BadRequest(429, f"too many failed logins; try again in {seconds} s",
                                 {"Retry-After": str(seconds)})
            if admission.delay:
                await asyncio.sleep(admission.delay)
            loop = asyncio.get_running_loop()
            if await loop.run_in_executor(bcrypt_pool, verified.verify, user, password, address):
                return user
        raise BadRequest(401, "learner credentials needed")

    def instructor(request: Request) -> None:
        """The instructor's key, from the Authorization header only: a key in a URL ends up on screens, in
        browser history and in Referer headers."""
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        given = value if scheme.lower() == "bearer" else ""
        if not hmac.compare_digest(given.encode(), room.instructor_key.encode()):
            raise BadRequest(403, "the instructor's key is needed")

    def viewer(request: Request) -> None:
        """The board page: the projector's view-only key in its URL, or the instructor's key in the header."""
        given = request.query_params.get("view", "")
        if not (room.view_key and hmac.compare_digest(given.encode(), room.view_key.encode())):
            instructor(request)

    async def json_body(request: HotRequest | StarletteBody) -> object:
        """The JSON body, at most MAX_BODY bytes (also without a Content-Length), for both paths: one limit."""
        try:
            return parse_json(await request.body(MAX_BODY))
        except BodyTooLarge:
            raise BadRequest(413, f"at most {MAX_BODY} bytes") from None

    def guarded(handler):
        async def wrapper(request: Request) -> Response:
            try:
                return await handler(request)
            except BadRequest as problem:
                return JSONResponse({"error": problem.detail}, status_code=problem.status, headers=problem.headers)
            except ClientGone:  # it went away in the middle of its body: nobody reads the answer, nothing is done
                return Response(status_code=400)
        return wrapper

    async def ca(request: Request) -> Response:
        return PlainTextResponse(room.ca_pem(), media_type="application/x-pem-file")

    async def room_info(request: Request) -> Response:
        return JSONResponse(room.public())

    async def post_events(request: HotRequest) -> Answer:
        """The hot path (tutor/classroom/hot_route.py): the same checks, limits and answers as the other routes,
        without Starlette's per-request machinery."""
        try:
            learner = await learner_by(request.header("authorization"), request.client_host)
            payload = await json_body(request)
            if not isinstance(payload, list) or len(payload) > MAX_EVENTS:
                raise BadRequest(422, f"a list of at most {MAX_EVENTS} events")
            events = [_event(raw, learner, room.lessons) for raw in payload]  # all valid, or nothing is stored
            try:
                # The store's writer thread commits it with the other batches that arrive meanwhile (group
                # commit) and answers once it is on disk: the loop never waits for the disk.
                stored = await store.submit_from_loop(events)
            except LearnerFull:
                raise BadRequest(422, "this learner has stored as many events as one learner may") from None
        except BadRequest as problem:
            return Answer(problem.status, {"error": problem.detail}, problem.headers)
        return Answer(200, {"stored": stored, "received": len(events)})

    async def get_messages(request: Request) -> Response:
        await learner_of(request)
        after = request.query_params.get("after", "0")
        # ASCII digits only, and short: str.isdigit() also accepts '²' or '٣', which int() then refuses.
        if not MESSAGE_CURSOR.fullmatch(after):
            raise BadRequest(400, "after: the id of the last message seen, a whole number")
        rows = store.messages(int(after))
        return JSONResponse([{"id": i, "text": text, "at": at} for i, text, at in rows])

    from tutor.i18n import LANGUAGES, t

    shown = {lang: [lesson_info(lesson, room.registry, lang, t("classroom.board.user_placeholder", lang))
                    for lesson in lessons] for lang in LANGUAGES}

    def language(request: Request) -> str:
        lang = request.query_params.get("lang", "en")
        return lang if lang in LANGUAGES else "en"

    def board_now(lang: str, now: float, learners: Mapping[str, str]) -> dict:
        """The board from the learners' summaries: its cost grows with the number of learners, not with their
        history, and it is computed in a worker thread, never on the event loop."""
        return board_data(learners, store.summaries(), shown[lang], now,
                          stuck_seconds=room.stuck_minutes * 60, last_say=store.last_message(),
                          started_at=store.started_at, settled=settled)

    settled: dict[str, Settled] = {}  # by learner: what each row takes from their summary (board.Settled)
    # The latest board per language (tutor/classroom/board_keeper.py): an ask waits for a computation only while
    # one is cheap; a costly one (a room of 1,000) is kept fresh in a thread of its own and answered at once.
    boards = BoardKeeper(board_now, lambda: store.version, accounts.load_for_service)

    async def latest_board(lang: str) -> Board:
        return boards.kept(lang) or await run_in_threadpool(boards.current, lang)

    async def get_board(request: Request) -> Response:
        instructor(request)
        latest = await latest_board(language(request))
        return Response(latest.json, media_type="application/json")

    async def board_page_route(request: Request) -> Response:
        viewer(request)
        lang = language(request)
        latest = await latest_board(lang)
        return HTMLResponse(await run_in_threadpool(board_page.render, latest.data, lang, latest.at))

    async def say(request: Request) -> Response:
        instructor(request)
        payload = await json_body(StarletteBody(request))
        text = payload.get("text") if isinstance(payload, dict) else None
        if not isinstance(text, str) or not text.strip() or len(text) > 500:
            raise BadRequest(422, "text: 1 to 500 characters")
        return JSONResponse({"id": await run_in_threadpool(store.say, text.strip())})

    async def export(request: Request) -> Response:
        instructor(request)
        from tutor.classroom.verify import verified_export

        # The registry may be slow or paused: its calls run in a worker thread, never on the event loop.
        return JSONResponse(await run_in_threadpool(lambda: verified_export(room, store.summaries(), lessons)))

    routes = [
        Route("/ca.crt", guarded(ca)), Route("/api/room", guarded(room_info)),
        Route("/api/messages", guarded(get_messages)), Route("/api/board", guarded(get_board)),
        Route("/board", guarded(board_page_route)), Route("/api/say", guarded(say), methods=["POST"]),
        Route("/api/export", guarded(export)),
    ]
    def close() -> None:
        boards.close()
        store.close()
        bcrypt_pool.shutdown(wait=False)

    app = SecurityHeaders(Starlette(routes=routes))
    return HotRoute("POST", "/api/events", post_events, app, SECURITY_HEADERS, on_close=close)


# Nothing runs on the board page but its own style: no script, no frame, no form, no image from elsewhere;
# the URL (with the view key) is sent to no other site; nothing the service answers is kept in a cache.
_STYLE_HASH = base64.b64encode(hashlib.sha256(board_page.BOARD_STYLE.encode()).digest()).decode()
SECURITY_HEADERS = [
    (b"content-security-policy", f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
                                 f"form-action 'none'; frame-ancestors 'none'".encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
]
_SECURITY_HEADER_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every answer of the service."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [h for h in message.get("headers", [])
                                                   if h[0] not in _SECURITY_HEADER_NAMES] + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# The room's folder, for the server's worker process: granian starts the app in a process of its own, by name.
ROOM_VARIABLE = "TUTOR_CLASSROOM_ROOM"


def app_of_the_room() -> HotRoute:
    """The app for the room in ROOM_VARIABLE (granian's factory: called once, in its worker process)."""
    room_dir = Path(os.environ[ROOM_VARIABLE])
    app = create_app(room_dir)
    worker = processes.identify(os.getpid())
    write_json(room_dir / WORKER_RECORD, {"pid": worker.pid, "started": worker.started}, mode=0o600)
    # What the service holds for as long as it runs (modules, the lessons, the store's summaries as loaded) is
    # set aside from the garbage collector's full collections: each one walked all of it while every request
    # waited (up to 115 ms, six times a minute, in a room of 1,000 while 100 push; 52 ms after this).
    gc.collect()
    gc.freeze()
    # The event loop takes the interpreter's lock back from the board's thread and the store's writer within
    # 1 ms rather than 5 (Python's default), so that a post waits less behind a board being computed.
    sys.setswitchinterval(0.001)
    return app


def main(argv: list[str]) -> int:
    # granian (Rust: hyper and rustls) rather than uvicorn: the TLS and HTTP of each request are done in its own
    # threads, outside the interpreter, so the event loop that stores the events and the thread that computes the
    # board share the interpreter with nothing else. A room of 1,000 posting every 2 s while 100 push: events
    # p99 190 -> 100-120 ms and the board's slowest 380 -> 210 ms on this project's 2-core machine
    # (benchmarks/bench_classroom.py, docs/classroom.md). Its event loop is uvloop when installed.
    from granian import Granian
    from granian.constants import Interfaces, SSLProtocols

    room_dir = Path(argv[0])
    room = RoomConfig.load(room_dir)
    os.environ[ROOM_VARIABLE] = str(room_dir.resolve())
    Granian("tutor.classroom.service:app_of_the_room", factory=True, interface=Interfaces.RSGI, websockets=False,
            address=room.host, port=room.service_port, workers=1,
            # TLS and HTTP on up to two threads of their own; a learner's tutor speaks TLS 1.2 or 1.3.
            runtime_threads=min(2, os.cpu_count() or 1), ssl_protocol_min=SSLProtocols.tls12,
            ssl_cert=room.place.tls[0], ssl_key=room.place.tls[1],
            # A worker that dies (killed for memory, a crash) is started again, once its last start is over 5 s
            # old (granian's crash-loop guard), rather than the room's board going dark until `classroom up`.
            # At most 4 s for the worker to finish at a stop: within the 5 s `classroom down` gives the server.
            respawn_failed_workers=True, workers_kill_timeout=4,
            log_level="warning", log_access=False).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
