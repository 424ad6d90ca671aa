"""`tutor start`: preflight (engine, practice registry, account, image), then the lesson in the learner's
own shell (or, with --demo, typed by the tutor itself)."""

from __future__ import annotations

import errno
import getpass
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tutor import progress as progress_store
from tutor.checks.context import CheckContext, CommandRecord
from tutor.checks.differences import Produced
from tutor.checks.run import evaluate_step
from tutor.errors import TutorError
from tutor.i18n import for_mode, set_language, t
from tutor.lesson.model import Lesson, Step
from tutor.lesson.values import PRACTICE, lesson_values, profile_name
from tutor.session import (
    Finished,
    LanguageChanged,
    Notice,
    Nudge,
    Session,
    ShowHint,
    ShowNotQuite,
    ShowStep,
    ShowSteps,
    ShowVerdicts,
    StepPassed,
)
from tutor.shell import LearnerShell, Prompt, Taken, stdout_write, terminal_text

if TYPE_CHECKING:
    from tutor.classroom.learner import JoinedRoom
    from tutor.docker.engine import DockerEnv

@dataclass(frozen=True)
class Prepared:
    values: dict[str, str]
    registry: str
    user: str
    password: str | None  # a new practice password, to show once (and for --demo to type)
    room: JoinedRoom | None = None  # the classroom this lesson runs in, when `tutor join` made it the default


def prepare(docker: DockerEnv, lesson: Lesson, registry: str | None, user: str | None, demo: bool) -> Prepared:
    """Everything the lesson needs before it starts; `docker` already answered."""
    from tutor.classroom.learner import JoinedRoom
    from tutor.docker.config import login_for

    room = JoinedRoom.load() if registry is None else None
    if room is not None:
        registry, user = room.registry, user or room.user
    registry = registry or PRACTICE
    if registry != PRACTICE:
        values = lesson_values(lesson, registry, user)
        if not user:
            login = login_for(values["registry"], podman=docker.is_podman())
            if not login or not login.username:
                raise TutorError("session.need_user", registry=registry)
            values = lesson_values(lesson, registry, login.username)
        return Prepared(values, "docker.io" if profile_name(registry) else registry, values["user"], None, room)

    from tutor.paths import practice_dir
    from tutor.practice import launcher
    from tutor.practice.accounts import Accounts, InvalidUsername, generate_password, username_from, valid_username
    from tutor.practice.baseline import record_baseline
    from tutor.practice.image import ensure_practice_image
    from tutor.practice.topology import require_engine_reaches

    name = user or username_from(getpass.getuser())
    if not valid_username(name):
        raise InvalidUsername(name)
    up = launcher.up(launcher.practice_port(None), docker=docker)
    # Before the first step: the engine itself reaches the registry (and its token service), or one sentence.
    require_engine_reaches(docker, up.address)
    record_baseline(docker, up.address, [lesson.practice_image.name] if lesson.practice_image else [])
    ensure_practice_image(docker, lesson)
    login = login_for(up.address, podman=docker.is_podman())
    has_account = name in Accounts(practice_dir() / "accounts.json").load()
    password = None
    if demo or not has_account or not login or login.username != name:
        password = generate_password()
        launcher.add_user(name, password)
    values = lesson_values(lesson, PRACTICE, name, practice_address=up.address)
    return Prepared(values, up.address, name, password)


class LiveLesson:
    def __init__(self, lesson: Lesson, prepared: Prepared, lang: str, watch: bool = False) -> None:
        self.lesson, self.prepared, self.watch = lesson, prepared, watch
        self.room = prepared.room
        self.ctx = CheckContext(live=True, tls={self.room.registry: self.room.ca} if self.room else None)
        self.outbox = None
        if self.room:
            from tutor.classroom.learner import EventOutbox
            from tutor.docker.config import basic_auth_for

            self.outbox = EventOutbox(self.room, lambda: basic_auth_for(self.room.registry)).start()
        self.last_command: CommandRecord | None = None
        self.set_aside = progress_store.recover()  # a damaged progress file is kept aside, and the opening says so
        saved = progress_store.load(lesson.id)
        # A lesson begun for another registry or user, or already finished, starts a new attempt; the completions
        # of earlier attempts are kept.
        same = saved and saved.registry == prepared.registry and saved.user == prepared.user and not saved.finished
        self.resumed = bool(same and saved.current)
        self.finished_before = saved.completions[-1] if saved and saved.finished and saved.completions else None
        start = saved if same else progress_store.new_attempt(saved, lesson.id, prepared.registry, prepared.user)
        self._names: tuple[frozenset[str], frozenset[str]] | None = None  # Docker's names at the last look
        self.taken: set[str] = set()  # in-shell words the learner's shell keeps as its own commands
        self.session = Session(lesson, prepared.values, lang, start, self._evaluate, progress_store.save,
                               self._diagnose, self._produced)
        progress_store.save(self.session.progress)
        if self.outbox:
            self.outbox.record("started", self.session.progress.current)

    def _report(self, event) -> None:
        """Progress events for the classroom: step ids, hint use, error categories; nothing else."""
        if not self.outbox:
            return
        if isinstance(event, StepPassed):
            self.outbox.record("step_passed", event.step_id, digest=event.digest)
        elif isinstance(event, ShowHint):
            if event.category:
                self.outbox.record("error", self.session.progress.current, category=event.category[:32])
            else:
                self.outbox.record("hint_used", self.session.progress.current)
        elif isinstance(event, ShowNotQuite):
            self.outbox.record("error", self.session.progress.current, category="not-quite")
        elif isinstance(event, Finished):
            self.outbox.record("finished")

    def evaluate_now(self, step: Step):
        """The step's checks against the state as it is now (what --demo looks at before typing)."""
        return self._evaluate(step, None, self.session.answer)

    def _evaluate(self, step: Step, record: CommandRecord | None, answer: str | None) -> object:
        self.ctx.last_command = record or self.last_command
        self.ctx.answer = answer
        return evaluate_step(step, self.prepared.values, self.ctx)

    def _produced(self) -> Produced:
        """What Docker gained since the last look: new names (tags) and new pushed digests. The first look
        only remembers; a failing look says nothing (the step's checks report the engine themselves)."""
        try:
            tags, digests = self.ctx.docker.names()
        except TutorError:
            return Produced()
        before, self._names = self._names, (tags, digests)
        if before is None:
            return Produced(present=tags)
        new_tags = tags - before[0]
        pushed = {d.split("@", 1)[0] for d in digests - before[1]}
        if self.ctx.podman:  # Podman records a digest for every new name at once: only one without it is a push
            pushed -= {_repository(tag) for tag in new_tags}
        return Produced(new_tags, frozenset(pushed), tags)

    def _diagnose(self, name: str, record: CommandRecord):
        from tutor.checks.diagnoses import diagnose

        return diagnose(name, self.ctx, record)

    # --- rendering --------------------------------------------------------------------------------------
    def views(self, events: list) -> list:
        from tutor.ui import live

        shown = []
        for event in events:
            self._report(event)
            if isinstance(event, StepPassed):
                shown.append(live.passed_view(self.session, event.step_id))
            elif isinstance(event, ShowStep):
                shown.append(live.step_view(self.session, event.step_id, self.watch))
            elif isinstance(event, ShowHint):
                shown.append(live.hint_view(event.markdown, event.number, event.total, event.solution,
                                            event.category, event.answer, self.watch))
            elif isinstance(event, ShowNotQuite):
                shown.append(live.not_quite_view(event.finding))
            elif isinstance(event, Nudge):
                shown.append(live.nudge_view(self.watch))
            elif isinstance(event, ShowVerdicts):
                shown.append(live.verdicts_view(event.report))
            elif isinstance(event, ShowSteps):
                shown.append(live.steps_view(self.session))
            elif isinstance(event, LanguageChanged):
                set_language(event.lang)
            elif isinstance(event, Notice):
                shown.append(t(for_mode(event.key, self.watch), **event.values))
            elif isinstance(event, Finished):
                shown.append(live.summary_view(self.session))
                shown.append(t(for_mode("session.finished_exit", self.watch)))
        return shown

    def opening(self) -> str:
        from rich.markdown import Markdown
        from rich.panel import Panel

        from tutor.lesson.template import fill, fill_markdown
        from tutor.ui import live

        text = self.lesson.text(self.session.lang)
        parts: list = [Panel(t("session.welcome", title=fill(text.title, self.prepared.values),
                                 registry=self.prepared.registry, user=self.prepared.user), border_style="cyan")]
        if self.prepared.password:
            parts.append(Panel(t("session.password", user=self.prepared.user, password=self.prepared.password),
                               border_style="yellow", title=t("session.password_title"), title_align="left"))
        if self.set_aside:
            parts.append(t("progress.set_aside", path=str(self.set_aside)))
        if self.finished_before:
            from tutor.ui.session import when

            last = self.finished_before
            parts.append(t("progress.new_attempt", date=when(last.at), minutes=round(last.seconds / 60),
                           hints=last.hints))
        if self.resumed:
            parts.append(t("session.resumed", number=self.session.number))
        elif text.intro:
            parts.append(Markdown(fill_markdown(text.intro, self.prepared.values)))
        if self.watch:
            parts.append(t("session.watch_intro"))
        else:
            from tutor.words import help_words

            parts.append(t("session.words", words=help_words(self.session.lang)))
        if self.session.step:
            parts.append(live.step_view(self.session, self.session.progress.current, self.watch))
        return live.render(*parts)

    def on_prompt(self, prompt: Prompt | Taken) -> bytes:
        if isinstance(prompt, Taken):
            return self.handle(lambda: self._taken(prompt.words))
        if prompt.command is None:
            return b""
        if prompt.word:
            return self.handle(lambda: self.session.word(prompt.word.name, prompt.word.args))

        def command() -> list:
            self.last_command = prompt.command
            self.ctx.refresh(prompt.command)
            return self.session.on_command(prompt.command)

        return self.handle(command)

    def _taken(self, words: tuple[str, ...]) -> list:
        """The learner's shell has commands of its own under some in-shell words: say which word to type
        instead, or that the word is not available in this shell."""
        from tutor.words import other_spellings

        self.taken = set(words)
        said = []
        for word in words:
            others = [other for other in other_spellings(word) if other not in self.taken]
            if others:
                said.append(Notice("session.word_taken", {"word": word, "other": others[0]}))
            else:
                said.append(Notice("session.word_unavailable", {"word": word}))
        return said

    def typed(self, command: str) -> str:
        """`command` as --demo types it: an in-shell word the learner's shell keeps for itself is typed in
        another spelling (`answer b` as `jawab b`)."""
        from tutor.words import other_spellings

        word, _, rest = command.partition(" ")
        if word in self.taken:
            others = [other for other in other_spellings(word) if other not in self.taken]
            if others:
                return f"{others[0]} {rest}".strip()
        return command

    def handle(self, happened: Callable[[], list]) -> bytes:
        """Runs what happened (a command, a word, a key, a change in Docker) through the session and renders
        the result. Whatever fails says one sentence and the lesson goes on: the learner's shell stays."""
        from tutor.ui import live

        try:
            shown = self.views(happened())
        except TutorError as error:
            shown = [f"[red]✗[/] {t(error.key, **error.values)}"]
        except OSError as error:  # e.g. a full disk while saving progress: say so, keep the shell
            key = "error.disk_full" if error.errno == errno.ENOSPC else "error.internal"
            shown = [f"[red]✗[/] {t(key, path=error.filename or '-', error=type(error).__name__)}"]
        except Exception as error:  # never let a bug of ours take the learner's shell away
            shown = [f"[red]✗[/] {t('error.internal', error=type(error).__name__)}"]
        if self.outbox:  # the instructor's words, as text: never markup, never terminal control characters
            shown += [live.message_view(message) for message in self.outbox.take_messages()]
        return terminal_text(live.render(*shown)) if shown else b""

    def save(self) -> None:
        self.session.progress = replace(self.session.progress, seconds=self.session.elapsed())
        self.session.started = time.monotonic()
        progress_store.save(self.session.progress)

    def close(self) -> None:
        self.ctx.close()
        if self.outbox:
            self.outbox.close()


def _repository(name: str) -> str:
    """`127.0.0.1:5000/budi/app:latest` -> `127.0.0.1:5000/budi/app`, as Docker prints it."""
    from tutor.reference import ImageRef, InvalidReference

    try:
        return ImageRef.parse(name).familiar_name
    except InvalidReference:
        return name


def _install_hangup(shell: LearnerShell, lesson: LiveLesson) -> None:
    """Closing the terminal (SIGHUP) or being told to stop (SIGTERM): save, end the shell, leave nothing."""

    def stop(signum, frame):
        try:
            lesson.save()
        finally:
            shell.close()
            os._exit(128 + signum)

    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGTERM, stop)


def posix_terminal() -> bool:
    """Whether the embedded shell can run: it needs a POSIX pseudo-terminal (pty, termios, fcntl), which
    Windows has not (outside WSL)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("pty", "termios", "fcntl"))


def run(lesson: Lesson, lang: str, registry: str | None, user: str | None, demo: bool,
        watch: bool = False) -> bool:
    """Runs the lesson; True when it was finished."""
    from tutor.docker.engine import DockerEnv

    docker = DockerEnv()
    docker.ping()  # before anything else: no engine is one sentence and exit 4
    if not demo and not watch and not sys.stdin.isatty():
        raise TutorError("session.needs_terminal")  # the embedded shell relays a real terminal
    no_pty = not watch and not posix_terminal()
    if no_pty and demo:
        raise TutorError("session.no_shell", shell="pty")
    watch = watch or no_pty  # no embedded shell here (Windows): the tutor follows Docker instead, and says so
    prepared = prepare(docker, lesson, registry, user, demo)
    live_lesson = LiveLesson(lesson, prepared, lang, watch=watch)
    if no_pty:
        from rich.panel import Panel

        from tutor.ui import live

        stdout_write(live.render(Panel(t("session.no_pty", lesson=lesson.id), border_style="yellow")).encode())
    stdout_write(live_lesson.opening().encode())
    if live_lesson.session.finished:
        return True
    if watch:
        from tutor.watch import run_watch

        try:
            run_watch(live_lesson)
        finally:
            live_lesson.save()
            live_lesson.close()
        return live_lesson.session.finished
    env = {"TUTOR_LESSON": lesson.id}
    shell = LearnerShell(env)
    _install_hangup(shell, live_lesson)
    try:
        if demo:
            from tutor.demo import run_demo

            run_demo(shell, live_lesson)
        else:
            shell.interact(live_lesson.on_prompt)
    finally:
        live_lesson.save()
        shell.close()
        live_lesson.close()
    return live_lesson.session.finished
