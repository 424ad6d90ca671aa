"""typer's own words in the learner's language: the help page's headings and the usage errors.

typer (0.26-0.28, pinned in pyproject.toml) carries its own copy of click, whose help headings ("Usage:",
"Options") and usage errors ("No such option: --x") are English only and not open to gettext. So the
tutor translates them where they leave typer: a help formatter for the help page, and one renderer for
usage errors. Click's messages about a bad value are matched by their fixed English wording; a test runs
each case in Indonesian, so a typer upgrade that changes a wording fails loudly instead of leaving English.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

import typer
import typer.core
from typer._click import exceptions as click_errors

from tutor.i18n import t

_HEADINGS = {"Options": "cli.words.options", "Commands": "cli.words.commands", "Arguments": "cli.words.arguments"}
_HELP_OPTION_TEXT = "Show this message and exit."
# The bracket typer puts after an option's help, parts joined by "; ": "[default: 5.0; x>=0.1]", "[required]".
_EXTRAS = re.compile(r"\[([^\[\]]*)\]$")
_EXTRA_WORDS = {"default": "cli.words.default", "env var": "cli.words.env_var"}

# click's fixed wordings for a value it refused, and what each becomes.
_VALUE_PROBLEMS = (
    (re.compile(r"^'(?P<value>.*)' is not a valid (?:int|integer|float)(?: range)?\.$"),
     "cli.error.not_a_number"),
    (re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$"), "cli.error.out_of_range"),
    (re.compile(r"^(?:File|Path|Directory) '(?P<value>.*)' does not exist\.$"), "cli.error.no_such_path"),
    (re.compile(r"^(?:File|Path) '(?P<value>.*)' is a directory\.$"), "cli.error.is_a_directory"),
)
_EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$")


class TranslatedHelpFormatter(typer.Context.formatter_class):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else f"{t('cli.words.usage')} ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(t(_HEADINGS[heading]) if heading in _HEADINGS else heading)

    def write_dl(self, rows, *args, **kwargs) -> None:
        super().write_dl([(term, _translated_help(text)) for term, text in rows], *args, **kwargs)


def _translated_help(text: str) -> str:
    if text == _HELP_OPTION_TEXT:
        return t("cli.words.help_option")
    found = _EXTRAS.search(text)
    if not found:
        return text
    return f"{text[:found.start()]}[{'; '.join(_translated_extra(part) for part in found.group(1).split('; '))}]"


def _translated_extra(part: str) -> str:
    if part == "required":
        return t("cli.words.required")
    name, _, value = part.partition(": ")
    return t(_EXTRA_WORDS[name], value=value) if name in _EXTRA_WORDS and value else part  # e.g. x>=0.1


class TranslatedContext(typer.Context):
    formatter_class = TranslatedHelpFormatter


class TutorCommand(typer.core.TyperCommand):
    context_class = TranslatedContext

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = t("cli.words.options_metavar")


def translate_group(group: typer.core.TyperGroup) -> None:
    """The usage line's placeholders of a command group, in the learner's language."""
    group.options_metavar = t("cli.words.options_metavar")
    group.subcommand_metavar = t("cli.words.subcommand_metavar")


def resolve_known_command(group: typer.core.TyperGroup, ctx, args: list[str]) -> None:
    """Fails with a translated sentence (and a suggestion) when the first argument names no command."""
    name = args[0] if args else ""
    if not name or name.startswith("-") or ctx.resilient_parsing or group.get_command(ctx, name) is not None:
        return
    message = t("cli.error.no_such_command", name=name)
    matches = get_close_matches(name, sorted(group.commands))
    if matches:
        message = f"{message} {t('cli.error.did_you_mean', names=', '.join(matches))}"
    ctx.fail(message)


def usage_error_text(problem: click_errors.UsageError) -> str:
    """The whole usage error as the learner reads it: the usage line, where help is, and what went wrong."""
    lines = []
    ctx = problem.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(t("cli.error.try", command=f"{ctx.command_path} {ctx.help_option_names[0]}"))
    lines.append(t("cli.error.prefix", message=_problem_sentence(problem)))
    return "\n".join(lines)


def _problem_sentence(problem: click_errors.UsageError) -> str:
    if isinstance(problem, click_errors.MissingParameter):
        name = _parameter_name(problem)
        kind = problem.param_type or (problem.param.param_type_name if problem.param is not None else "parameter")
        return t("cli.error.missing_option" if kind == "option" else "cli.error.missing_argument", name=name)
    if isinstance(problem, click_errors.NoSuchOption):
        sentence = t("cli.error.no_such_option", name=problem.option_name)
        if problem.possibilities:
            sentence = f"{sentence} {t('cli.error.did_you_mean', names=', '.join(sorted(problem.possibilities)))}"
        return sentence
    if isinstance(problem, click_errors.BadParameter):
        return t("cli.error.bad_value", name=_parameter_name(problem), problem=_value_problem(problem.message))
    extra = _EXTRA_ARGUMENTS.match(problem.message)
    if extra:
        return t("cli.error.extra_arguments", args=extra.group("args"))
    return problem.message  # already ours (ctx.fail with a translated sentence) or a wording we do not know


def _parameter_name(problem: click_errors.BadParameter) -> str:
    if problem.param_hint is not None:
        hint = problem.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if problem.param is not None:
        return problem.param.get_error_hint(problem.ctx)
    return ""


def _value_problem(message: str) -> str:
    for pattern, key in _VALUE_PROBLEMS:
        found = pattern.match(message)
        if found:
            return t(key, **found.groupdict())
    return message
