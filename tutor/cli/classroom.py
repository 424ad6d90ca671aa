"""`tutor classroom up|board|say|export|down` (the instructor) and `tutor join` (a learner)."""

# No `from __future__ import annotations`: typer reads these commands' annotations at every start (see
# tutor/cli/__init__.py).

from pathlib import Path
from typing import Optional

import typer

from tutor.cli.options import Options, env_of
from tutor.cli.words import TutorCommand
from tutor.i18n import t


def add(classroom: typer.Typer, app: typer.Typer, options: Options) -> None:
    @classroom.command("up", cls=TutorCommand, help=t("cli.classroom.up.help"))
    def classroom_up(
        ctx: typer.Context,
        listen: str = typer.Option("127.0.0.1", "--listen", help=t("cli.opt.listen"), metavar=t("cli.meta.address")),
        port: Optional[int] = options.port,
        roster: Optional[Path] = typer.Option(None, "--roster", help=t("cli.opt.roster"), exists=True, dir_okay=False,
                                              metavar=t("cli.meta.file")),
        count: Optional[int] = typer.Option(None, "--count", help=t("cli.opt.count"), min=1, max=2000, metavar="N"),
        stuck_minutes: float = typer.Option(5.0, "--stuck-minutes", help=t("cli.opt.stuck"), min=0.1,
                                           metavar=t("cli.meta.minutes")),
        lessons: Optional[str] = typer.Option(None, "--lesson", help=t("cli.opt.room_lessons"),
                                              metavar=t("cli.meta.room_lessons")),
        course: bool = typer.Option(False, "--course", help=t("cli.opt.room_course")),
    ) -> None:
        from tutor.app import classroom as use
        from tutor.ui.console import Output
        from tutor.ui.room import print_room

        print_room(Output(env_of(ctx)), *use.up(listen, port, roster, count, stuck_minutes, lessons, course))

    @classroom.command("board", cls=TutorCommand, help=t("cli.classroom.board.help"))
    def classroom_board(ctx: typer.Context, once: bool = typer.Option(False, "--once", help=t("cli.opt.once"))) -> None:
        from tutor.app import classroom as use
        from tutor.ui.classroom import live_board
        from tutor.ui.console import Output

        env = env_of(ctx)
        live_board(Output(env), use.board(env.lang), once)

    @classroom.command("say", cls=TutorCommand, help=t("cli.classroom.say.help"))
    def classroom_say(ctx: typer.Context,
                      text: str = typer.Argument(..., help=t("cli.arg.text"), metavar=t("cli.meta.text"))) -> None:
        from tutor.app import classroom as use
        from tutor.ui.console import Output

        use.say(text)
        output = Output(env_of(ctx))
        output.print(f"[green]✓[/] {output.t('classroom.said')}")

    @classroom.command("export", cls=TutorCommand, help=t("cli.classroom.export.help"))
    def classroom_export(ctx: typer.Context,
                         as_csv: bool = typer.Option(False, "--csv", help=t("cli.opt.csv"))) -> None:
        from tutor.app import classroom as use
        from tutor.ui.classroom import print_export
        from tutor.ui.console import Output

        print_export(Output(env_of(ctx)), use.export(), as_csv)

    @classroom.command("down", cls=TutorCommand, help=t("cli.classroom.down.help"))
    def classroom_down(ctx: typer.Context, purge: bool = options.purge) -> None:
        from tutor.app import classroom as use
        from tutor.ui.console import Output

        output = Output(env_of(ctx))
        output.print(output.t("classroom.down" if use.down(purge) else "classroom.no_room"))

    @app.command("join", cls=TutorCommand, help=t("cli.join.help"))
    def join_command(
        ctx: typer.Context,
        url: str = typer.Argument(..., help=t("cli.arg.url"), metavar="URL"),
        user: str = typer.Option(..., "--user", help=t("cli.opt.user"), metavar=t("cli.meta.name")),
        password_stdin: bool = options.password_stdin,
    ) -> None:
        from tutor.app import classroom as use
        from tutor.ui.console import Output
        from tutor.ui.room import print_joined

        env = env_of(ctx)
        print_joined(Output(env), use.join(env, url, user, password_stdin))
