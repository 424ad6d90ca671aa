"""The command line: typer's binding only. Each command turns its options into one call of a use case
(tutor/app/) and hands the result to one renderer (tutor/ui/); errors become one sentence in the learner's
language and an exit code here, and nowhere else.

The language (`--lang`, anywhere on the line) and plain output (`--plain`) are read before typer parses
anything, since the help text itself is translated: the Environment made from them is every command's
context object (`ctx.obj`), and the process's default language is set once, here, for typer's own words.

The commands' modules (and through them the use cases, the Docker SDK, rich) are imported only when the
command runs: importing them all costs `tutor --help` about 400 ms, while its target is 1.5x
`python -c "import typer"` (benchmarks/bench_session.py).
"""

# No `from __future__ import annotations`: typer reads these commands' annotations at every start (see
# tutor/cli/__init__.py).

import errno
import os
import sys
from typing import Optional

import typer
import typer.core

from tutor import __version__
from tutor.cli import classroom, learning, lessons, practice, tokens
from tutor.cli.options import Options, env_of
from tutor.cli.words import (
    TranslatedContext,
    click_errors,
    resolve_known_command,
    translate_group,
    usage_error_text,
)
from tutor.environment import Environment
from tutor.errors import ExitCode, LessonError, TutorError
from tutor.i18n import LANGUAGES, detect_language, set_language, t


class _TutorGroup(typer.core.TyperGroup):
    """Turns the tutor's errors, Ctrl-C and a full disk into one sentence and an exit code, and speaks
    typer's own words (help headings, usage errors) in the learner's language (tutor/cli/words.py)."""

    context_class = TranslatedContext

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_group(self)

    def main(self, args=None, prog_name=None, **extra):
        # typer's standalone mode would print its usage errors in English; handle them here instead.
        extra["standalone_mode"] = False
        try:
            result = super().main(args, prog_name, **extra)
        except click_errors.NoArgsIsHelpError as problem:  # `tutor` alone (or `tutor practice`): the help page
            problem.show()
            sys.exit(problem.exit_code)
        except click_errors.UsageError as problem:
            typer.echo(usage_error_text(problem), err=True)
            sys.exit(problem.exit_code)
        except click_errors.ClickException as problem:
            problem.show()
            sys.exit(problem.exit_code)
        except typer.Abort:
            typer.echo(t("cli.aborted"), err=True)
            sys.exit(1)
        # Without standalone mode typer returns an exit code for typer.Exit, and the command's value otherwise
        # (None for every command of ours; a bool is not an exit code).
        sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)

    def resolve_command(self, ctx, args):
        resolve_known_command(self, ctx, args)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TutorError as problem:
            output = _output(ctx)
            output.error(problem.key, **problem.values)
            if isinstance(problem, LessonError):
                from tutor.ui.lessons import print_problems  # rich and the reader: only when there is one

                print_problems(output, problem.problems)
            raise typer.Exit(int(problem.exit_code)) from None
        except KeyboardInterrupt:
            _output(ctx).error("cli.interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except OSError as problem:
            if problem.errno == errno.ENOSPC:
                _output(ctx).error("error.disk_full", path=problem.filename or "-")
                raise typer.Exit(int(ExitCode.DISK_FULL)) from None
            _internal(ctx, problem)
        except Exception as problem:  # a bug of ours: still one sentence, not a traceback
            _internal(ctx, problem)


def _output(ctx):
    """The consoles of this run (rich's Console, ~20 ms to import: only when there is something to say)."""
    from tutor.ui.console import Output

    return Output(env_of(ctx))


def _internal(ctx, problem: Exception) -> None:
    if os.environ.get("TUTOR_DEBUG"):
        raise problem
    _output(ctx).error("error.internal", error=f"{type(problem).__name__}: {problem}")
    raise typer.Exit(int(ExitCode.INTERNAL)) from None


def split_language(argv: list[str]) -> tuple[Optional[str], list[str]]:
    """Takes `--lang X` out of the arguments wherever it stands (`tutor --lang id show x` and `tutor show x
    --lang id` alike): it is needed before typer parses anything, since the help text itself is translated."""
    lang, rest, index = None, [], 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--lang" and index + 1 < len(argv):
            lang, index = argv[index + 1], index + 2
            continue
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        index += 1
    return lang, rest


def split_plain(argv: list[str]) -> tuple[bool, list[str]]:
    """Takes `--plain` out of the arguments wherever it stands, like --lang: output is plain from the start."""
    rest = [arg for arg in argv if arg != "--plain"]
    return len(rest) != len(argv), rest


def _lang_option(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r}: id | en")
    return value


def _version_option(value: bool) -> None:
    if value:
        typer.echo(t("cli.version", version=__version__))
        raise typer.Exit()


def build_app(lang: Optional[str] = None, plain: bool = False) -> typer.Typer:
    """The typer app with help texts in `lang` (default: detected from the environment)."""
    language = detect_language(lang)
    set_language(language)  # once, here: typer's own words (help, usage errors) are said in it
    app = typer.Typer(
        cls=_TutorGroup,
        help=t("cli.help"),
        no_args_is_help=True,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        # Plain help: typer's rich help pulls in rich.markdown and markdown-it, doubling `tutor --help`'s
        # start-up (benchmarks/bench_session.py).
        rich_markup_mode=None,
    )

    @app.callback()
    def _global(
        ctx: typer.Context,
        lang: Optional[str] = typer.Option(None, "--lang", help=t("cli.opt.lang"), callback=_lang_option,
                                           is_eager=True, metavar="id|en"),
        version: bool = typer.Option(False, "--version", help=t("cli.opt.version"), callback=_version_option,
                                     is_eager=True),
        plain_option: bool = typer.Option(False, "--plain", help=t("cli.opt.plain"), is_eager=True),
    ) -> None:
        # Made here, inside the run, so that its streams are this run's (a test runner's, in a test).
        ctx.obj = Environment.detect(lang or language, plain or plain_option)

    options = Options()
    for commands in (lessons, learning):
        commands.add(app, options)
    practice_app = typer.Typer(cls=_TutorGroup, help=t("cli.practice.help"), no_args_is_help=True,
                               rich_markup_mode=None)
    practice.add(practice_app, options)
    token_app = typer.Typer(cls=_TutorGroup, help=t("cli.token.help"), no_args_is_help=True, rich_markup_mode=None)
    tokens.add(token_app, options)
    practice_app.add_typer(token_app, name="token")
    app.add_typer(practice_app, name="practice")
    classroom_app = typer.Typer(cls=_TutorGroup, help=t("cli.classroom.help"), no_args_is_help=True,
                                rich_markup_mode=None)
    classroom.add(classroom_app, app, options)
    app.add_typer(classroom_app, name="classroom")
    return app


def main(argv: Optional[list[str]] = None) -> None:
    lang, args = split_language(sys.argv[1:] if argv is None else argv)
    plain, args = split_plain(args)
    if lang is not None and lang not in LANGUAGES:
        sys.stderr.write(f"--lang {lang}: id | en\n")
        sys.exit(int(ExitCode.USAGE))
    # Typer itself turns bad options into exit 2 and Ctrl-C into 130; _TutorGroup handles our own errors.
    build_app(lang, plain)(args=args, prog_name="tutor")
