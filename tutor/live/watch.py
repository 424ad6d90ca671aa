"""`tutor start --watch`: for learners without a POSIX terminal (Windows) or who keep their own terminal.
No embedded shell: the step is shown, and the live engine is driven by four sources: Docker's image events
(tag, untag, push, pull), the files the learner's other actions write (a login writes Docker's config.json; a
token made or revoked, and every login, pull or push through the practice registry's token service, write its
records: see FileStamps), a slow poll for what has neither (another registry's state, the classroom's news),
and the learner's keys (keys.py): h hint, c check, w why, n next, s skip, b back, t steps, l language, a then
an option to answer the step's question, q quit. Same engine, same progress store as the embedded shell."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from tutor.checks.practice_auth import record_files
from tutor.docker.config import config_path
from tutor.docker.engine import DockerEnv
from tutor.environment import Environment
from tutor.errors import TutorError
from tutor.i18n import LANGUAGES
from tutor.live.engine import LiveEngine
from tutor.live.keys import KeyReader, key_reader
from tutor.live.screen import Screen
from tutor.terminal import terminal_text

# What has no signal of its own is looked at this often: a registry other than the practice one changed by
# another client, the classroom's news. Everything else is noticed within a tick.
POLL_SECONDS = 2.0
TICK_SECONDS = 0.05  # keys, Docker's events and the files' stamps: a verdict within 50 ms of its cause
KEYS = {"h": "hint", "c": "check", "w": "why", "n": "next", "s": "skip", "b": "back", "t": "steps"}
IMAGE_CHANGES = ("tag", "untag", "push", "pull", "delete", "import", "load")


class FileStamps:
    """Notices a change to any of a few files by its stat (size, modification time, inode; or its absence). A
    stat costs microseconds where the checks cost milliseconds and may ask a registry: so the checks run when a
    file changed, not on every tick."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = tuple(paths)
        self._seen = self._stamps()

    def _stamps(self) -> tuple:
        return tuple(_stamp(path) for path in self.paths)

    def changed(self) -> bool:
        now = self._stamps()
        changed, self._seen = now != self._seen, now
        return changed

    def absorb(self) -> None:
        """Takes what the files are now as seen: called after the checks ran, which read the newest state and
        may have written themselves (the tutor's own registry requests are recorded by the practice token
        service too; noticing them would run the checks again, for nothing)."""
        self._seen = self._stamps()


def _stamp(path: Path) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def evidence_files(registry: str, user: str) -> tuple[Path, ...]:
    """Files whose change is this learner's action that Docker reports no event for: Docker's config (a login),
    and on the practice registry its tokens and the learner's own record of logins."""
    return (config_path(), *record_files(registry, user))


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
    files = FileStamps(evidence_files(engine.registry, engine.user))
    show(screen.say("session.watch_keys"))
    last_poll = 0.0
    # What the last look said, and at which step: a look that finds the same as the one before says nothing (a
    # poll failing the same way every 2 s says so once), unless the step changed in between.
    last_said: tuple[str | None, str] = (None, "")
    try:
        with keys or key_reader(env.stdin) as reader:
            while not engine.finished:
                key = reader.read(TICK_SECONDS)
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
                changed = files.changed() or changed
                if changed or time.monotonic() - last_poll > POLL_SECONDS:
                    last_poll = time.monotonic()
                    step = engine.session.progress.current
                    said = screen.events(engine.state_changed())  # also shows the instructor's messages
                    files.absorb()
                    if (step, said) != last_said:
                        show(said)
                    last_said = (step, said)
    finally:
        stop.set()
