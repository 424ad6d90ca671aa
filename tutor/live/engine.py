"""The live engine: one lesson, one learner, the pure step rules (session.py) over the real state.

It takes a lesson, a language and the prepared values (registry, user), and answers each thing that happens
with events: a command that ran (its record, as an argument), an in-shell word or key, a change in Docker, the
words the learner's shell keeps for itself. Every driver calls the same methods: the embedded shell
(embedded.py), watch mode (watch.py), --demo (demo.py) and the headless player (headless.py). Rendering is
the UI's; reporting to a classroom is a subscriber's (tutor/classroom/reporting.py). Progress is saved after
every step.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Protocol

from tutor import progress as progress_store
from tutor.checks.context import CheckContext
from tutor.checks.diagnoses import diagnose
from tutor.checks.differences import Produced
from tutor.checks.run import evaluate_step
from tutor.checks.turn import Turn
from tutor.checks.verdict import StepReport
from tutor.docker.engine import DockerEnv
from tutor.errors import TutorError
from tutor.lesson.course import continue_with
from tutor.lesson.model import Lesson, Step
from tutor.lesson.schema import KINDS
from tutor.lesson.summary import readable_summaries
from tutor.live.events import Failure, Finished, Notice, Opening, WordsTaken
from tutor.live.marks import Prompt, Taken
from tutor.live.record import CommandRecord
from tutor.live.session import Session
from tutor.live.words import other_spellings, usable, word_of
from tutor.practice.state import is_practice_registry
from tutor.reference import ImageRef, InvalidReference


class Subscriber(Protocol):
    """Something that follows the lesson's events (the classroom's outbox) and may have news to show."""

    def seen(self, event: object, current: str | None) -> None: ...

    def news(self) -> list[object]: ...

    def close(self) -> None: ...


class LiveEngine:
    def __init__(self, lesson: Lesson, lang: str, values: Mapping[str, str], registry: str, user: str, *,
                 password: str | None = None, password_replaced: bool = False, watch: bool = False,
                 no_shell: bool = False, demo: bool = False, in_room: bool = False,
                 tls: dict[str, str] | None = None, docker: DockerEnv | None = None,
                 subscribers: Iterable[Subscriber] = (),
                 next_lesson: Callable[[str], str | None] | None = None) -> None:
        """`watch`: no commands are seen (state and answers only). `password`: a new practice password, shown
        once at the opening and typed by --demo; `password_replaced`: it replaced one the account had. `in_room`:
        `registry` is the classroom's the learner joined, not one they named."""
        self.lesson, self.values, self.registry, self.user = lesson, values, registry, user
        self.password, self.watch, self.no_shell = password, watch, no_shell
        self.password_replaced, self.demo, self.in_room = password_replaced, demo, in_room
        self.ctx = CheckContext(docker, live=not watch, session=True, tls=tls)
        self.subscribers = list(subscribers)
        # In a classroom the room's lessons are the course: (this lesson) -> the room's next, for the card.
        self._room_next_lesson = next_lesson
        self.set_aside = progress_store.recover()  # a damaged progress file is kept aside, and the opening says so
        saved = progress_store.load(lesson.id)
        # A lesson begun for another registry or user, or already finished, starts a new attempt; the completions
        # of earlier attempts are kept.
        same = (saved and saved.registry == registry and saved.user == user and not saved.finished
                and saved.platform in (None, lesson.platform))  # another platform's steps: a new attempt
        self.resumed = bool(same and saved.current)
        self.finished_before = saved.completions[-1] if saved and saved.finished and saved.completions else None
        start = saved if same else progress_store.new_attempt(saved, lesson.id, registry, user, lesson.platform)
        start = replace(start, platform=lesson.platform)
        self.ctx.since = start.started  # checks of the engine's event log look at this attempt only
        self._names: tuple[frozenset[str], frozenset[str]] | None = None  # Docker's names at the last look
        # Docker's names are compared only for a lesson with checks that name images (the "not quite"): a
        # lesson without any never asks the engine after a command.
        self._compares_names = any(KINDS[check.kind].image_args or KINDS[check.kind].registry_args
                                   for step in lesson.steps for check in step.checks)
        # On a registry other than the practice one, the steps with checks only the practice registry can judge
        # (its tokens, its record of logins): the opening names them, so the learner knows before reaching them.
        self.practice_only = () if is_practice_registry(registry) else tuple(
            step.id for step in lesson.steps if any(KINDS[check.kind].practice_only for check in step.checks))
        self.taken: frozenset[str] = frozenset()  # in-shell words the learner's shell keeps as its own commands
        self.session = Session(lesson, values, lang, start, self._evaluate, progress_store.save, self._diagnose,
                               self._produced)
        progress_store.save(self.session.progress)

    # --- what happened --------------------------------------------------------------------------------------
    def opening(self) -> Opening:
        opening = Opening(self.lesson, self.values, self.session.lang, self.registry, self.user, self.password,
                          str(self.set_aside) if self.set_aside else None, self.finished_before, self.resumed,
                          self.session.progress.current, self.watch, self.no_shell, self.password_replaced,
                          self.demo, self.practice_only, self.in_room)
        self._tell([opening])
        return opening

    def command(self, record: CommandRecord) -> list:
        """A command finished in the learner's shell."""
        return self._handle(lambda: self.session.on_command(record), look_again=True)

    def word(self, name: str, args: tuple[str, ...] = ()) -> list:
        """An in-shell word (or its key in --watch): `hint`, `check`, `answer b`, `lang id`, ..."""
        return self._handle(lambda: self.session.word(name, args), look_again=True)

    def state_changed(self) -> list:
        """Docker changed (or time passed, in --watch): the step passes when its checks do."""
        return self._handle(self.session.on_state_change, look_again=True)

    def words_taken(self, words: tuple[str, ...]) -> list:
        """The learner's shell has commands of its own under some in-shell words: say which word to type
        instead, or that the word is not available in this shell."""

        def said() -> list:
            self.taken = frozenset(words)
            notices: list = [WordsTaken(tuple(words))]
            for word in words:
                # Another spelling the shell left free, else (`check` and `periksa` both the shell's) the tutor's
                # own command for it; else the word itself, taken: not available. Each word is one of the
                # tutor's spellings (marks.py passes on no other), so it names one of the tutor's words.
                name = word_of(word)
                assert name is not None, word
                other = usable(name, self.session.lang, self.taken, self.lesson.id)
                if other in self.taken:
                    notices.append(Notice("session.word_unavailable", {"word": word}))
                else:
                    notices.append(Notice("session.word_taken", {"word": word, "other": other}))
            return notices

        return self._handle(said)

    def prompt(self, prompt: Prompt | Taken) -> list:
        """What the shell's marks reported at a prompt, passed on as a command, a word, or taken words."""
        if isinstance(prompt, Taken):
            return self.words_taken(prompt.words)
        if prompt.command is None:
            return []
        if prompt.word:
            return self.word(prompt.word.name, prompt.word.args)
        return self.command(prompt.command)

    # --- for drivers ------------------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.session.finished

    def evaluate_now(self) -> StepReport:
        """The current step's checks against the state as it is now (what --demo looks at before typing)."""
        return self._evaluate(self.session.step, self.session.last_command, self.session.answer)

    def typed(self, command: str) -> str:
        """`command` as a driver types it into the learner's shell: an in-shell word the shell keeps for itself
        is typed in another spelling (`answer b` as `jawab b`)."""
        word, _, rest = command.partition(" ")
        if word in self.taken:
            others = [other for other in other_spellings(word) if other not in self.taken]
            if others:
                return f"{others[0]} {rest}".strip()
        return command

    def restart_step(self, step_id: str) -> None:
        """Lesson tests: `step_id` again from its start, with Docker's names looked at afresh (a mistake's
        names were put away), so that each mistake is judged as the step's first command."""
        self.session.restart_step(step_id)
        self._names = None
        self._produced()

    def save(self) -> None:
        """Saves the time spent so far (on leaving, or when the terminal closes)."""
        self.session.progress = replace(self.session.progress, seconds=self.session.elapsed())
        self.session.restart_clock()
        progress_store.save(self.session.progress)

    def close(self) -> None:
        self.ctx.close()
        for subscriber in self.subscribers:
            subscriber.close()

    # --- inside -------------------------------------------------------------------------------------------------
    def _handle(self, happened: Callable[[], list], look_again: bool = False) -> list:
        """Runs what happened through the session. Whatever fails is one Failure event and the lesson goes on:
        the learner's shell stays. `look_again`: the checks may run, so config.json is read afresh (a login made
        here, in another terminal or by Docker Desktop)."""
        try:
            if look_again:
                self.ctx.refresh()
            events = list(happened())
        except TutorError as error:
            events = [Failure(error.key, {k: str(v) for k, v in error.values.items()})]
        except OSError as error:  # e.g. a full disk while saving progress: say so, keep the shell
            key = "error.disk_full" if error.errno == errno.ENOSPC else "error.internal"
            events = [Failure(key, {"path": error.filename or "-", "error": type(error).__name__})]
        except Exception as error:  # never let a bug of ours take the learner's shell away
            events = [Failure("error.internal", {"error": type(error).__name__})]
        events = [self._with_next(event) if isinstance(event, Finished) else event for event in events]
        self._tell(events)
        return events + [news for subscriber in self.subscribers for news in subscriber.news()]

    def _with_next(self, finished: Finished) -> Finished:
        """The card at the end names the course's next lesson for this learner (in a classroom, the room's)."""
        if self._room_next_lesson is not None:
            return replace(finished, in_course=True, next_lesson=self._room_next_lesson(self.lesson.id))
        if self.lesson.course is None:
            return finished
        summaries = readable_summaries()
        saved = {record.lesson: record for record in progress_store.all_progress()}
        return replace(finished, in_course=True, next_lesson=continue_with(summaries, saved, self.lesson.id))

    def _tell(self, events: list) -> None:
        for event in events:
            for subscriber in self.subscribers:
                subscriber.seen(event, self.session.progress.current)

    def _evaluate(self, step: Step, record: CommandRecord | None, answer: str | None) -> StepReport:
        return evaluate_step(step, self.values, self.ctx, Turn(record, answer))

    def _diagnose(self, name: str, record: CommandRecord) -> Mapping[str, str] | None:
        return diagnose(name, self.ctx, record)

    def _produced(self) -> Produced:
        """What Docker gained since the last look: new names (tags) and new pushed digests. The first look
        only remembers; a failing look says nothing (the step's checks report the engine themselves)."""
        if not self._compares_names:
            return Produced()
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


def _repository(name: str) -> str:
    """`127.0.0.1:5000/budi/app:latest` -> `127.0.0.1:5000/budi/app`, as Docker prints it."""
    try:
        return ImageRef.parse(name).familiar_name
    except InvalidReference:
        return name
