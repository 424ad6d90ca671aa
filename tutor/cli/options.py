"""Options several commands share, with their help in the learner's language (made after it is known)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from tutor.environment import Environment
from tutor.i18n import t

if TYPE_CHECKING:  # rich's consoles: imported by the commands that print, not by `tutor --help`
    from tutor.ui.console import Output


class Options:
    def __init__(self) -> None:
        self.lesson = typer.Argument(..., help=t("cli.arg.lesson"), metavar=t("cli.meta.lesson"))
        self.registry = typer.Option(None, "--registry", help=t("cli.opt.registry"), metavar=t("cli.meta.registry"))
        self.user = typer.Option(None, "--user", help=t("cli.opt.user"), metavar=t("cli.meta.name"))
        self.port = typer.Option(None, "--port", help=t("cli.opt.port"), min=1, max=65535, metavar=t("cli.meta.port"))
        self.json = typer.Option(False, "--json", help=t("cli.opt.json"))
        self.purge = typer.Option(False, "--purge", help=t("cli.opt.purge"))
        self.password_stdin = typer.Option(False, "--password-stdin", help=t("cli.opt.password_stdin"))


def env_of(ctx: typer.Context) -> Environment:
    """This run's Environment, made by the root command's callback."""
    return ctx.find_object(Environment) or Environment.detect()


def confirm(output: Output, question_key: str) -> bool:
    """Yes/no, default no. No answer at all (end of input, Ctrl-D) means no."""
    try:
        return typer.confirm(output.t(question_key), default=False)
    except (typer.Abort, EOFError):
        output.err.print()
        return False
