"""Rendering of lessons: a step as a panel, the whole lesson (`tutor show`), and validation problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rich.console import Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.rule import Rule
from rich.syntax import Syntax
from rich.text import Text

from tutor.app.lessons import Shown, Validated
from tutor.i18n import for_mode, language_name, t
from tutor.lesson.model import Lesson, Problem
from tutor.lesson.template import fill, fill_markdown
from tutor.ui.console import Output

if TYPE_CHECKING:
    from tutor.lessontest.runner import Failed


def problem_line(problem: Problem | Failed, lang: str | None = None) -> str:
    """`path:line: message`, the line an editor or CI jumps to: a lesson's problem, or a lesson test's failure."""
    return f"{problem.path}:{problem.line}: {t(problem.key, lang, **problem.values)}"


def plain_title(title: str, values: Mapping[str, str]) -> str:
    """A title (one line of Markdown) with the learner's values, as plain text for where Markdown is not
    rendered (a panel's title, a rule, a table cell): its `code` marks would show literally."""
    return fill(title, values).replace("`", "")


def print_problems(output: Output, problems: Iterable[Problem]) -> None:
    for problem in problems:
        text = problem_line(problem, output.env.lang)
        if not problem.fatal:
            text = f"{text} ({output.t('cli.warning')})"
        output.print(Text(text), soft_wrap=True)


def print_validated(output: Output, validated: Validated) -> None:
    print_problems(output, validated.problems)
    if validated.ok:
        output.print(output.t("cli.validate.ok", lessons=validated.lessons))
    else:
        output.print(output.t("cli.validate.failed", problems=len(validated.problems), lessons=validated.lessons))


def step_panel(lesson: Lesson, step_id: str, lang: str, values: Mapping[str, str], number: int,
               with_hints: bool = False, watch: bool = False) -> Panel:
    """One step as a panel: prose rendered from Markdown with the learner's values filled in; a step that asks
    a question ends with how to answer it, in the words of the learner's mode (typed, or keys in --watch)."""
    text, shown_lang = lesson.step_text(step_id, lang)
    parts: list = []
    if shown_lang != lang:
        parts.append(Text(t("cli.show.fallback", lang, wanted=language_name(lang), shown=language_name(shown_lang)),
                          style="yellow italic"))
    parts.append(Markdown(fill_markdown(text.body, values)))
    step = lesson.step(step_id)
    if any(check.kind == "answer" for check in step.checks):
        parts.append(Text(t(for_mode("session.how_to_answer", watch), lang), style="bold"))
    if with_hints and text.hints:
        parts.append(Rule(t("cli.show.hints", lang), style="dim"))
        parts.append(Markdown("\n".join(f"{i}. {fill_markdown(h, values)}" for i, h in enumerate(text.hints, 1))))
    if with_hints and text.commands:
        parts.append(Rule(t("cli.show.commands", lang), style="dim"))
        parts.append(Syntax("\n".join(fill(c, values) for c in text.commands), "bash", word_wrap=True))
    if with_hints and step.checks:
        checks = ", ".join(f"{c.kind}({', '.join(fill(str(v), values) for v in c.args.values())})" for c in step.checks)
        parts.append(Text(f"{t('cli.show.checks', lang)}: {checks}", style="dim"))
    title = f"{t('cli.show.step', lang, number=number, total=len(lesson.steps))} · {plain_title(text.title, values)}"
    return Panel(Group(*parts), title=title, title_align="left", border_style="cyan")


def print_lesson(output: Output, shown: Shown) -> None:
    lesson, values, lang, console = shown.lesson, shown.values, output.env.lang, output.out
    lesson_text = lesson.text(lang)
    console.print(Rule(Text(plain_title(lesson_text.title, values), style="bold")))
    if lesson_text.summary:
        console.print(Text(fill(lesson_text.summary, values), style="italic"), justify="center")
    if lesson_text.intro:
        console.print(Markdown(fill_markdown(lesson_text.intro, values)))
    if lesson.platform and lesson.platforms:
        console.print(Text(t("cli.show.platform", lang, platform=lesson.platform,
                             platforms=", ".join(lesson.platforms)), style="bold"))
    for number, step in enumerate(lesson.steps, start=1):
        console.print(step_panel(lesson, step.id, lang, values, number, with_hints=True))
