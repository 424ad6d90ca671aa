"""`tutor start --watch`: for learners without a POSIX terminal (Windows) or who keep their own terminal.
No embedded shell: the step is shown, and Docker's image events (tag, untag, push) plus a short poll (a
login changes no Docker event) re-check it. Keys: h hint, c check, w why, n next, s skip, b back, l language,
a then an option to answer the step's question, q quit. Same session, same progress store as the embedded shell."""

from __future__ import annotations

import os
import queue
import sys
import threading
import time

from tutor.checks.context import CheckContext
from tutor.i18n import LANGUAGES
from tutor.shell import stdout_write

POLL_SECONDS = 2.0
KEYS = {"h": "hint", "c": "check", "w": "why", "n": "next", "s": "skip", "b": "back", "t": "steps"}


def _docker_events(changes: queue.Queue, stop: threading.Event) -> None:
    """Puts a tick in `changes` for each image tag, untag or push the engine reports. Its own connection
    to the engine: the stream holds one open for as long as the lesson runs."""
    from tutor.docker.engine import DockerEnv
    from tutor.errors import TutorError

    engine = DockerEnv()
    try:
        stream = engine.image_events()
    except TutorError:
        engine.close()
        return  # polling alone still works

    def stopper() -> None:
        stop.wait()
        stream.close()
        engine.close()

    threading.Thread(target=stopper, daemon=True).start()
    for action in stream:
        if action in ("tag", "untag", "push", "delete", "import", "load"):
            changes.put("docker")


class _Keys:
    """Single key presses without Enter: termios on POSIX, msvcrt on Windows; lines when stdin is not a tty."""

    def __init__(self) -> None:
        self._saved = None
        self.tty = sys.stdin.isatty()

    def __enter__(self) -> _Keys:
        if self.tty and os.name == "posix":
            try:
                import termios
                import tty
            except ImportError:  # a POSIX system without terminal control: keys arrive line by line
                return self
            self._saved = termios.tcgetattr(sys.stdin.fileno())
            tty.setcbreak(sys.stdin.fileno())
        return self

    def __exit__(self, *exc) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str | None:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if msvcrt.kbhit():
                    return msvcrt.getwch()
                time.sleep(0.05)
            return None
        import select

        ready, _, _ = select.select([sys.stdin], [], [], timeout)
        if not ready:
            return None
        char = os.read(sys.stdin.fileno(), 1).decode(errors="ignore")
        return char or "q"  # end of input: quit


def run_watch(live_lesson) -> None:
    """Drives `live_lesson` (a start.LiveLesson) from Docker's state instead of a shell."""
    from tutor.i18n import t
    from tutor.ui import live

    session = live_lesson.session
    # No commands to see: state only (and answers to questions, which come from keys).
    live_lesson.ctx = CheckContext(live=False, session=True, tls=live_lesson.ctx.tls)
    changes: queue.Queue = queue.Queue()
    stop = threading.Event()
    threading.Thread(target=_docker_events, args=(changes, stop), daemon=True).start()
    stdout_write((live.render(t("session.watch_keys"))).encode())
    last_poll = 0.0
    last_poll_said = b""  # a poll that fails the same way every 2 s says so once, not every time
    try:
        with _Keys() as keys:
            while not session.finished:
                key = keys.read(0.2)
                if key in ("q", "\x04", "\x03"):
                    break
                if key == "a":  # answer the step's question: the next key is the option
                    stdout_write(live.render(t("session.answer_prompt")).encode())
                    option = keys.read(60.0)
                    if option and option.isalnum():
                        stdout_write(live_lesson.handle(lambda option=option: session.word("answer", (option,))))
                elif key == "l":
                    other = LANGUAGES[(LANGUAGES.index(session.lang) + 1) % len(LANGUAGES)]
                    stdout_write(live_lesson.handle(lambda other=other: session.word("lang", (other,))))
                elif key in KEYS:
                    stdout_write(live_lesson.handle(lambda word=KEYS[key]: session.word(word)))
                changed = False
                while not changes.empty():
                    changes.get_nowait()
                    changed = True
                if changed or time.monotonic() - last_poll > POLL_SECONDS:
                    last_poll = time.monotonic()
                    live_lesson.ctx.refresh(None)
                    said = live_lesson.handle(session.on_state_change)  # also shows `say` messages
                    if said != last_poll_said:
                        stdout_write(said)
                    last_poll_said = said
    finally:
        stop.set()
