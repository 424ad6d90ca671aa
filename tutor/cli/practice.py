"""`tutor practice up|status|add-user|down`."""

# No `from __future__ import annotations`: typer reads these commands' annotations at every start (see
# tutor/cli/__init__.py).

from typing import Optional

import typer

from tutor.cli.options import Options, env_of
from tutor.cli.words import TutorCommand
from tutor.errors import ExitCode
from tutor.i18n import t


def add(practice: typer.Typer, options: Options) -> None:
    @practice.command("up", cls=TutorCommand, help=t("cli.practice.up.help"))
    def practice_up(ctx: typer.Context, port: Optional[int] = options.port,
                    real_app: bool = typer.Option(False, "--real-app", help=t("cli.opt.real_app"))) -> None:
        from tutor.app import practice as use
        from tutor.ui.console import Output
        from tutor.ui.practice import print_up_events

        print_up_events(Output(env_of(ctx)), use.up(port, real_app))

    @practice.command("status", cls=TutorCommand, help=t("cli.practice.status.help"))
    def practice_status(ctx: typer.Context, as_json: bool = options.json) -> None:
        from tutor.app import practice as use
        from tutor.ui.console import Output
        from tutor.ui.practice import print_status

        status = use.status()
        print_status(Output(env_of(ctx)), status, as_json)
        if status.damage:
            raise status.damage.error()
        if status.crashed:
            raise typer.Exit(int(ExitCode.PRACTICE))

    @practice.command("add-user", cls=TutorCommand, help=t("cli.practice.add_user.help"))
    def practice_add_user(
        ctx: typer.Context,
        name: str = typer.Argument(..., help=t("cli.arg.username"), metavar=t("cli.meta.name")),
        password_stdin: bool = options.password_stdin,
    ) -> None:
        from tutor.app import practice as use
        from tutor.ui.console import Output
        from tutor.ui.practice import print_user_added

        env = env_of(ctx)
        print_user_added(Output(env), use.add_user(env, name, password_stdin))

    @practice.command("down", cls=TutorCommand, help=t("cli.practice.down.help"))
    def practice_down(ctx: typer.Context, purge: bool = options.purge) -> None:
        from tutor.app import practice as use
        from tutor.ui.console import Output
        from tutor.ui.practice import print_down

        result = use.down(purge)
        print_down(Output(env_of(ctx)), result, purge)
        if result.damage:
            raise result.damage.error()
