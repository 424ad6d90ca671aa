"""What the tutor shows during a live lesson, rendered to terminal text (the session inserts it into the
learner's shell output at a prompt mark)."""

from __future__ import annotations

import io
import unicodedata

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.checks.differences import NotQuite
from tutor.checks.verdict import Status, StepReport
from tutor.i18n import current_language, for_mode, t
from tutor.lesson.template import fill
from tutor.session import Session
from tutor.shell import terminal_size
from tutor.ui.lessons import step_panel
from tutor.ui.plain import is_plain, simplify
from tutor.words import spelled


def render(*renderables) -> str:
    width = min(terminal_size().columns, 110)  # the window as it is now, also after the learner resized it
    buffer = io.StringIO()
    # NO_COLOR is honoured by rich itself; plain mode has no styling at all, and no boxes (tutor/ui/plain.py).
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False,
                      color_system=None if is_plain() else "standard")
    for item in renderables:
        console.print(simplify(item))
    return buffer.getvalue()


def step_view(session: Session, step_id: str, watch: bool = False):
    number = session.lesson.step_ids.index(step_id) + 1
    panel = step_panel(session.lesson, step_id, session.lang, session.values, number, watch=watch)
    step = session.lesson.step(step_id)
    footer = t(for_mode("session.footer.read" if not step.checks else "session.footer.do", watch))
    return Group(panel, Text(footer, style="dim"))


def passed_view(session: Session, step_id: str):
    title = fill(session.lesson.step_text(step_id, session.lang)[0].title, session.values).replace("`", "")
    return Text(f"✓ {t('session.passed', title=title)}", style="bold green")


def hint_view(markdown: str, number: int | None, total: int | None, solution: bool, category: str | None = None,
              answer: str | None = None, watch: bool = False):
    if solution and answer:
        # The right option, as this learner gives it: typed in the shell (in their language), keyed in --watch.
        typed = t("session.solution_answer.watch", option=answer) if watch else \
            f"```bash\n{spelled('answer', current_language())} {answer}\n```"
        markdown = f"{markdown}\n\n{typed}" if markdown else typed
    if solution:
        title = t("session.solution")
    elif number:
        title = t("session.hint_n", number=number, total=total)
    elif category and category.startswith("answer-"):
        title = t("session.hint_wrong_answer", answer=category.removeprefix("answer-"))
    else:
        title = t("session.hint_triggered")
    return Panel(Markdown(markdown), title=title, title_align="left", border_style="yellow")


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


def not_quite_view(finding: NotQuite):
    """What the command made against what the step expects, part by part."""
    key = "session.not_quite.pushed" if finding.pushed else "session.not_quite.made"
    lines = Text(t(key, made=finding.made, expected=finding.expected) + "\n")
    for difference in finding.differences:
        lines.append(f"• {difference.text()}\n")
    return Panel(lines, title=t("session.not_quite.title"), title_align="left", border_style="yellow")


def nudge_view(watch: bool = False):
    return Text(t(for_mode("session.nudge", watch)), style="yellow")


def verdicts_view(report: StepReport | None):
    """Expected vs found, one check after another (a table would squeeze both into narrow columns)."""
    if not report or not report.verdicts:
        return Text(t("session.nothing_to_check"), style="dim")
    lines = Text()
    for verdict in report.verdicts:
        style = {Status.PASS: "green", Status.FAIL: "red", Status.NOT_APPLICABLE: "dim"}[verdict.status]
        mark = {Status.PASS: "✓", Status.FAIL: "✗", Status.NOT_APPLICABLE: "–"}[verdict.status]
        lines.append(f"{mark} {verdict.kind}: {t('check.status.' + verdict.status.value)}\n", style=style)
        lines.append(f"  {t('check.col.expected')}: {verdict.expected.text()}\n")
        lines.append(f"  {t('check.col.found')}: {verdict.found.text()}\n")
    return lines


def journey_view(session: Session):
    """The lesson's journey picture (its `journey` in lesson.yaml): each part lights up once its step passed."""
    line = Text()
    for index, part in enumerate(session.lesson.journey):
        done = part.step in session.progress.done
        line.append(fill(part.label, session.values), style="bold green" if done else "dim")
        if index < len(session.lesson.journey) - 1:
            line.append(" ")
    return line


def steps_view(session: Session):
    table = Table(show_header=False, box=None)
    for number, step_id in enumerate(session.lesson.step_ids, start=1):
        title = fill(session.lesson.step_text(step_id, session.lang)[0].title, session.values).replace("`", "")
        if step_id in session.progress.done:
            mark, style = "✓", "green"
        elif step_id == session.progress.current:
            mark, style = "▶", "bold"
        else:
            mark, style = "·", "dim"
        table.add_row(Text(f"{mark} {number}.", style=style), Text(title, style=style))
    return Group(table, journey_view(session))


def summary_view(session: Session):
    minutes, seconds = divmod(int(session.elapsed()), 60)
    rows = [
        (t("session.summary.steps"), f"{len(session.progress.done)}/{len(session.lesson.steps)}"),
        (t("session.summary.time"), t("session.duration", minutes=minutes, seconds=seconds)),
        (t("session.summary.hints"), str(session.progress.hints_used)),
    ]
    declared = session.lesson.summary  # the lesson's own rows (lesson.yaml `summary`), in the card's order
    if "pushed" in declared:
        rows.append((t("session.summary.pushed"), fill(declared["pushed"], session.values)))
    if session.last_digest:
        rows.append((t("session.summary.digest"), session.last_digest))
    if "lives" in declared:
        rows.append((t("session.summary.lives"), fill(declared["lives"], session.values)))
    table = Table(show_header=False, box=None)
    for label, value in rows:
        table.add_row(Text(label, style="bold"), value)
    return Panel(Group(table, Text(""), journey_view(session)), title=t("session.summary.title"),
                 border_style="green", title_align="left")
