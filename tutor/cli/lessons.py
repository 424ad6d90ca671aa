"""`tutor list`, `tutor show`, `tutor validate`, `tutor new`, `tutor test`."""

# No `from __future__ import annotations`: typer reads these commands' annotations at every start (see
# tutor/cli/__init__.py).

from typing import Optional

import typer

from tutor.cli.options import Options, env_of
from tutor.cli.words import TutorCommand
from tutor.errors import ExitCode
from tutor.i18n import t


def add(app: typer.Typer, options: Options) -> None:
    @app.command("list", cls=TutorCommand, help=t("cli.list.help"))
    def list_command(ctx: typer.Context) -> None:
        # Only the listing's own modules: no rich Console, no lesson reader (its start-up target).
        from tutor.app.listing import listing
        from tutor.ui.lesson_list import print_lesson_list

        print_lesson_list(env_of(ctx), *listing())

    @app.command("show", cls=TutorCommand, help=t("cli.show.help"))
    def show_command(ctx: typer.Context, lesson: str = options.lesson, registry: Optional[str] = options.registry,
                     user: Optional[str] = options.user) -> None:
        from tutor.app.lessons import show
        from tutor.ui.console import Output
        from tutor.ui.lessons import print_lesson

        print_lesson(Output(env_of(ctx)), show(lesson, registry, user))

    @app.command("validate", cls=TutorCommand, help=t("cli.validate.help"))
    def validate_command(
        ctx: typer.Context,
        lessons: Optional[list[str]] = typer.Argument(None, help=t("cli.arg.lesson"),
                                                      metavar=f"[{t('cli.meta.lesson')}]..."),
    ) -> None:
        from tutor.app.lessons import validate
        from tutor.ui.console import Output
        from tutor.ui.lessons import print_validated

        validated = validate(lessons or [])
        print_validated(Output(env_of(ctx)), validated)
        if not validated.ok:
            raise typer.Exit(int(ExitCode.FAILED))

    @app.command("new", cls=TutorCommand, help=t("cli.new.help"))
    def new_command(ctx: typer.Context, folder: str = typer.Argument(..., metavar=t("cli.meta.lesson"))) -> None:
        from tutor.app.lessons import new
        from tutor.ui.console import Output

        output = Output(env_of(ctx))
        output.print(output.t("cli.new.made", path=str(new(folder))), soft_wrap=True)

    @app.command("test", cls=TutorCommand, help=t("cli.test.help"))
    def test_command(ctx: typer.Context, lesson: str = options.lesson,
                     as_json: bool = typer.Option(False, "--json", help=t("cli.test.opt.json")),
                     only: Optional[str] = typer.Option(None, "--only-lang", help=t("cli.test.opt.only_lang"),
                                                        metavar="id|en")) -> None:
        from tutor.app.lessontest import run_tests
        from tutor.ui.console import Output
        from tutor.ui.lessontest import print_test_json, print_test_run

        result = run_tests(lesson, [only] if only else None)
        (print_test_json if as_json else print_test_run)(Output(env_of(ctx)), result)
        if not result.ok:
            raise typer.Exit(int(ExitCode.FAILED))
