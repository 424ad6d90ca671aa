"""What the tutor shows during a live lesson: the opening panels and each event of the live engine, rendered to
terminal text (the embedded shell inserts it into the learner's shell output at a prompt mark; --watch and
--demo write it out). Views take data (the events, the lesson, the learner's values) and a width; nothing here
knows the session or the shell.

The live lesson's language may change mid-lesson (`lang id`): the view follows it from the LanguageChanged
event; the process's own language is left as it was."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Mapping

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.checks.differences import NotQuite
from tutor.checks.verdict import StepReport
from tutor.environment import Environment
from tutor.i18n import for_mode, t
from tutor.lesson.model import Lesson
from tutor.lesson.template import fill, fill_markdown
from tutor.live.events import (
    Failure,
    Finished,
    InstructorSaid,
    LanguageChanged,
    Notice,
    Nudge,
    Opening,
    ShowHint,
    ShowNotQuite,
    ShowStep,
    ShowSteps,
    ShowVerdicts,
    Standing,
    StepPassed,
    WordsTaken,
)
from tutor.live.words import help_words, said_words, usable
from tutor.ui.console import escaped
from tutor.ui.dates import when
from tutor.ui.lessons import plain_title, step_panel
from tutor.ui.plain import simplify
from tutor.ui.verdicts import verdict_text

WIDEST = 110  # columns: wider panels are hard to read, whatever the window


def render(env: Environment, *renderables) -> str:
    width = min(env.width(), WIDEST)  # the window as it is now, also after the learner resized it
    buffer = io.StringIO()
    # NO_COLOR is honoured by rich itself; plain mode has no styling at all, and no boxes (tutor/ui/plain.py).
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False,
                      color_system=None if env.plain else "standard")
    for item in renderables:
        console.print(simplify(item, env.plain))
    return buffer.getvalue()


# Unicode's bidirectional overrides and isolates: they would make a message read differently than it is.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def printable(text: str) -> str:
    """`text` without control characters (ESC, BEL, ... would reach the learner's terminal as commands): line
    breaks and tabs become spaces, the rest is removed."""
    text = text.translate(_BIDI_CONTROLS)
    return "".join(" " if c in "\n\r\t" else c for c in text if c in "\n\r\t" or unicodedata.category(c) != "Cc")


def message_view(text: str) -> Text:
    """An instructor's message exactly as typed (a Text: brackets are not rich markup), safe for a terminal."""
    return Text.assemble(("📢 ", "bold magenta"), (printable(text), "bold magenta"))


def not_quite_view(finding: NotQuite, lang: str):
    """What the command made against what the step expects, part by part."""
    key = "session.not_quite.pushed" if finding.pushed else "session.not_quite.made"
    lines = Text(t(key, lang, made=finding.made, expected=finding.expected) + "\n")
    for difference in finding.differences:
        lines.append(f"• {difference.text(lang)}\n")
    return Panel(lines, title=t("session.not_quite.title", lang), title_align="left", border_style="yellow")


def verdicts_view(report: StepReport | None, lang: str):
    """Expected vs found, one check after another, each with its status."""
    if not report or not report.verdicts:
        return Text(t("session.nothing_to_check", lang), style="dim")
    lines = Text()
    for verdict in report.verdicts:
        lines.append(verdict_text(verdict, lang, with_status=True))
        lines.append("\n")
    return lines


def journey_view(lesson: Lesson, values: Mapping[str, str], done: Iterable[str]) -> Text:
    """The lesson's journey picture (its `journey` in lesson.yaml): each part lights up once its step passed."""
    done = set(done)
    line = Text()
    for index, part in enumerate(lesson.journey):
        line.append(fill(part.label, values), style="bold green" if part.step in done else "dim")
        if index < len(lesson.journey) - 1:
            line.append(" ")
    return line


class LiveView:
    """Renders one live lesson: first its Opening (which says what lesson, values, language and mode), then
    each batch of events the engine returns, then whatever the driver has to say itself."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.lang = env.lang
        self.lesson: Lesson | None = None
        self.values: Mapping[str, str] = {}
        self.watch = False
        self.demo = False
        self.taken: frozenset[str] = frozenset()  # in-shell spellings the learner's shell keeps (WordsTaken)

    def _t(self, key: str, **values) -> str:
        """The UI string, the words to type in it ({w_hint}...) being ones the learner's shell left free (for the
        lesson: `tutor check LESSON`)."""
        said = said_words(self.lang, self.taken, self.lesson.id if self.lesson else "")
        return t(key, self.lang, **{**said, **values})

    def _mode(self, key: str) -> str:
        return for_mode(key, self.watch, self.demo)

    # --- what the driver writes ------------------------------------------------------------------------------
    def opening(self, opening: Opening) -> str:
        self.lesson, self.values, self.lang, self.watch = opening.lesson, opening.values, opening.lang, opening.watch
        self.demo = opening.demo
        text = opening.lesson.text(self.lang)
        parts: list = []
        if opening.no_shell:
            parts.append(Panel(self._t("session.no_pty", lesson=opening.lesson.id), border_style="yellow"))
        parts.append(Panel(self._t("session.welcome", title=plain_title(text.title, self.values),
                                   registry=opening.registry, user=opening.user), border_style="cyan"))
        if opening.password:
            said = self._t(self._mode("session.password"), user=opening.user, password=opening.password)
            if opening.password_replaced:
                said += "\n" + self._t("session.password_replaced", user=opening.user)
            parts.append(Panel(said,
                               border_style="yellow", title=self._t("session.password_title"), title_align="left"))
        if opening.practice_only:
            titles = ", ".join(self._title(step) for step in opening.practice_only)
            key = "session.practice_only.room" if opening.in_room else "session.practice_only"
            parts.append(Panel(self._t(key, registry=opening.registry, steps=titles,
                                       lesson=opening.lesson.id), border_style="yellow"))
        if opening.set_aside:
            parts.append(self._t("progress.set_aside", path=opening.set_aside))
        if opening.finished_before:
            last = opening.finished_before
            parts.append(self._t("progress.new_attempt", date=when(last.at), minutes=round(last.seconds / 60),
                                 hints=last.hints))
        if opening.resumed:
            ids = opening.lesson.step_ids
            parts.append(self._t("session.resumed", number=ids.index(opening.current) + 1 if opening.current
                                 else len(ids)))
        elif text.intro:
            parts.append(Markdown(fill_markdown(text.intro, self.values)))
        if self.watch:
            parts.append(self._t("session.watch_intro"))
        elif self.demo:
            parts.append(self._t("session.words.demo"))
        else:
            parts.append(self._t("session.words", words=help_words(self.lang, self.taken, opening.lesson.id)))
        if opening.current:
            parts.append(self.step_view(opening.current))
        return render(self.env, *parts)

    def events(self, events: Iterable[object]) -> str:
        shown = [view for event in events for view in self._views(event)]
        return render(self.env, *shown) if shown else ""

    def say(self, key: str, **values: str) -> str:
        """A line of the driver's own (the keys of --watch, the demo's notes), in the lesson's language."""
        return render(self.env, self._t(key, **values))

    # --- one event --------------------------------------------------------------------------------------------
    def _views(self, event: object) -> list:
        if isinstance(event, StepPassed):
            return [self.passed_view(event.step_id)]
        if isinstance(event, ShowStep):
            return [self.step_view(event.step_id)]
        if isinstance(event, ShowHint):
            return [self.hint_view(event)]
        if isinstance(event, ShowNotQuite):
            return [not_quite_view(event.finding, self.lang)]
        if isinstance(event, Nudge):
            return [Text(self._t(self._mode("session.nudge")), style="yellow")]
        if isinstance(event, ShowVerdicts):
            return [verdicts_view(event.report, self.lang)]
        if isinstance(event, ShowSteps):
            return [self.steps_view(event.standing)]
        if isinstance(event, WordsTaken):
            self.taken = frozenset(event.words)
            return []
        if isinstance(event, LanguageChanged):
            self.lang = event.lang
            return []
        if isinstance(event, Notice):
            return [self._t(self._mode(event.key), **escaped(event.values))]  # a word or answer as typed
        if isinstance(event, Finished):
            return [self.summary_view(event.standing, event), self._t(self._mode("session.finished_exit"))]
        if isinstance(event, Failure):
            return [f"[red]✗[/] {self._t(event.key, **escaped(event.values))}"]
        if isinstance(event, InstructorSaid):  # as text: never markup, never terminal control characters
            return [message_view(event.text)]
        return []

    def _title(self, step_id: str) -> str:
        return plain_title(self.lesson.step_text(step_id, self.lang)[0].title, self.values)

    def step_view(self, step_id: str):
        number = self.lesson.step_ids.index(step_id) + 1
        panel = step_panel(self.lesson, step_id, self.lang, self.values, number, watch=self.watch)
        step = self.lesson.step(step_id)
        footer = self._t(self._mode("session.footer.read" if not step.checks else "session.footer.do"))
        return Group(panel, Text(footer, style="dim"))

    def passed_view(self, step_id: str):
        return Text(f"✓ {self._t('session.passed', title=self._title(step_id))}", style="bold green")

    def hint_view(self, hint: ShowHint):
        markdown = hint.markdown
        if hint.solution and hint.answer:
            # The right option, as this learner gives it: typed in the shell (in their language), keyed in --watch.
            typed = self._t("session.solution_answer.watch", option=hint.answer) if self.watch else \
                f"```bash\n{usable('answer', self.lang, self.taken)} {hint.answer}\n```"
            markdown = f"{markdown}\n\n{typed}" if markdown else typed
        if hint.solution:
            title = self._t("session.solution")
        elif hint.number:
            title = self._t("session.hint_n", number=hint.number, total=hint.total)
        elif hint.category and hint.category.startswith("answer-"):
            title = self._t("session.hint_wrong_answer", answer=hint.category.removeprefix("answer-"))
        else:
            title = self._t("session.hint_triggered")
        return Panel(Markdown(markdown), title=title, title_align="left", border_style="yellow")

    def steps_view(self, standing: Standing):
        table = Table(show_header=False, box=None)
        for number, step_id in enumerate(self.lesson.step_ids, start=1):
            if step_id in standing.done:
                mark, style = "✓", "green"
            elif step_id == standing.current:
                mark, style = ">" if self.env.plain else "▶", "bold"  # a screen reader says ">" shorter
            else:
                mark, style = "·", "dim"
            table.add_row(Text(f"{mark} {number}.", style=style), Text(self._title(step_id), style=style))
        return Group(table, journey_view(self.lesson, self.values, standing.done))

    def summary_view(self, standing: Standing, finished: Finished | None = None):
        minutes, seconds = divmod(int(standing.seconds), 60)
        rows = [
            (self._t("session.summary.steps"), f"{len(standing.done)}/{len(self.lesson.steps)}"),
            (self._t("session.summary.time"), self._t("session.duration", minutes=minutes, seconds=seconds)),
            (self._t("session.summary.hints"), str(standing.hints_used)),
        ]
        declared = self.lesson.summary  # the lesson's own rows (lesson.yaml `summary`), in the card's order
        if "pushed" in declared:
            rows.append((self._t("session.summary.pushed"), fill(declared["pushed"], self.values)))
        if standing.digest:
            rows.append((self._t("session.summary.digest"), standing.digest))
        if "lives" in declared:
            rows.append((self._t("session.summary.lives"), fill(declared["lives"], self.values)))
        if finished is not None and finished.in_course:  # where the course goes on
            rows.append((self._t("session.summary.next"),
                         self._t("session.summary.next_lesson", lesson=finished.next_lesson)
                         if finished.next_lesson else self._t("session.summary.course_done")))
        table = Table(show_header=False, box=None)
        for label, value in rows:
            table.add_row(Text(label, style="bold"), value)
        return Panel(Group(table, Text(""), journey_view(self.lesson, self.values, standing.done)),
                     title=self._t("session.summary.title"), border_style="green", title_align="left")
