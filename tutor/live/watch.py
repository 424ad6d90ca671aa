"""`tutor start --watch`: for learners without a POSIX terminal (Windows) or who keep their own terminal.
No embedded shell: the step is shown, and the live engine is driven by three sources: Docker's image events
(tag, untag, push), a short poll (a login changes no Docker event), and the learner's keys (keys.py): h hint,
c check, w why, n next, s skip, b back, t steps, l language, a then an option to answer the step's question,
q quit. Same engine, same progress store as the embedded shell."""

from __future__ import annotations

import queue
import threading
import time

from tutor.docker.engine import DockerEnv
from tutor.environment import Environment
from tutor.errors import TutorError
from tutor.i18n import LANGUAGES
from tutor.live.engine import LiveEngine
from tutor.live.keys import KeyReader, key_reader
from tutor.live.screen import Screen
from tutor.terminal import terminal_text

POLL_SECONDS = 2.0
KEYS = {"h": "hint", "c": "check", "w": "why", "n": "next", "s": "skip", "b": "back", "t": "steps"}
IMAGE_CHANGES = ("tag", "untag", "push", "delete", "import", "load")


def _docker_events(changes: queue.Queue, stop: threading.Event) -> None:
    """Puts a tick in `changes` for each image tag, untag or push the engine reports. Its own connection
    to the engine: the stream holds one open for as long as the lesson runs."""
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
        if action in IMAGE_CHANGES:
            changes.put("docker")


def run_watch(engine: LiveEngine, screen: Screen, env: Environment, keys: KeyReader | None = None) -> None:
    """Drives `engine` from Docker's state and the learner's keys until the lesson ends or they quit."""

    def show(text: str) -> None:
        env.write(terminal_text(text))

    changes: queue.Queue = queue.Queue()
    stop = threading.Event()
    threading.Thread(target=_docker_events, args=(changes, stop), daemon=True).start()
    show(screen.say("session.watch_keys"))
    last_poll = 0.0
    last_poll_said = ""  # a poll that fails the same way every 2 s says so once, not every time
    try:
        with keys or key_reader(env.stdin) as reader:
            while not engine.finished:
                key = reader.read(0.2)
                if key in ("q", "\x04", "\x03"):
                    break
                if key == "a":  # answer the step's question: the next key is the option
                    show(screen.say("session.answer_prompt"))
                    option = reader.read(60.0)
                    if option and option.isalnum():
                        show(screen.events(engine.word("answer", (option,))))
                elif key == "l":
                    lang = engine.session.lang
                    show(screen.events(engine.word("lang", (LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)],))))
                elif key in KEYS:
                    show(screen.events(engine.word(KEYS[key])))
                changed = False
                while not changes.empty():
                    changes.get_nowait()
                    changed = True
                if changed or time.monotonic() - last_poll > POLL_SECONDS:
                    last_poll = time.monotonic()
                    said = screen.events(engine.state_changed())  # also shows the instructor's messages
                    if said != last_poll_said:
                        show(said)
                    last_poll_said = said
    finally:
        stop.set()
