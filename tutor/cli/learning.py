"""`tutor start`, `tutor check`, `tutor why`, `tutor progress`, `tutor reset`: a learner's lesson."""

# No `from __future__ import annotations`: typer reads these commands' annotations at every start (see
# tutor/cli/__init__.py).

from typing import Optional

import typer

from tutor.cli.options import Options, confirm, env_of
from tutor.cli.words import TutorCommand
from tutor.errors import ExitCode, TutorError
from tutor.i18n import t


def add(app: typer.Typer, options: Options) -> None:
    @app.command("start", cls=TutorCommand, help=t("cli.start.help"))
    def start_command(
        ctx: typer.Context,
        lesson: Optional[str] = typer.Argument(None, help=t("cli.arg.lesson_or_course"),
                                               metavar=f"[{t('cli.meta.lesson')}]"),
        registry: Optional[str] = options.registry,
        user: Optional[str] = options.user,
        demo: bool = typer.Option(False, "--demo", help=t("cli.opt.demo")),
        watch: bool = typer.Option(False, "--watch", help=t("cli.opt.watch")),
        pace: Optional[float] = typer.Option(None, "--pace", min=0, max=60, help=t("cli.opt.pace", default=2),
                                             metavar=t("cli.meta.seconds")),
    ) -> None:
        from tutor.app.course import lesson_to_go_on_with, missing_lessons
        from tutor.app.start import run
        from tutor.ui.console import Output
        from tutor.ui.live import LiveView

        env = env_of(ctx)
        output = Output(env)
        if lesson is None:  # the course goes on where the learner is
            lesson = lesson_to_go_on_with()
            if lesson is None:
                output.print(output.t("course.all_done"))
                return
            output.print(output.t("course.going_on", lesson=lesson))
        missing = missing_lessons(lesson)
        if missing:
            output.print(f"[yellow]![/] {output.t('course.needs', lessons=', '.join(missing))}")
        run(lesson, env, LiveView(env), registry, user, demo, watch, pace)

    @app.command("check", cls=TutorCommand, help=t("cli.check.help"))
    def check_command(
        ctx: typer.Context,
        lesson: str = options.lesson,
        step: Optional[str] = typer.Option(None, "--step", help=t("cli.opt.step"), metavar=t("cli.meta.step")),
        as_json: bool = options.json,
        registry: Optional[str] = options.registry,
        user: Optional[str] = options.user,
    ) -> None:
        from tutor.app.check import check
        from tutor.ui.console import Output
        from tutor.ui.verdicts import print_check_json, print_check_table

        run = check(lesson, registry, user, step)
        (print_check_json if as_json else print_check_table)(Output(env_of(ctx)), run)
        if not run.ok:
            raise typer.Exit(int(ExitCode.FAILED))

    @app.command("why", cls=TutorCommand, help=t("cli.why.help"))
    def why_command(ctx: typer.Context, lesson: str = options.lesson, registry: Optional[str] = options.registry,
                    user: Optional[str] = options.user) -> None:
        from tutor.app.check import why
        from tutor.ui.console import Output
        from tutor.ui.verdicts import print_why

        print_why(Output(env_of(ctx)), why(lesson, registry, user))

    @app.command("progress", cls=TutorCommand, help=t("cli.progress.help"))
    def progress_command(ctx: typer.Context) -> None:
        from tutor.app.progress import all_progress
        from tutor.ui.console import Output
        from tutor.ui.session import print_progress

        print_progress(Output(env_of(ctx)), all_progress())

    @app.command("reset", cls=TutorCommand, help=t("cli.reset.help"))
    def reset_command(
        ctx: typer.Context,
        lesson: str = options.lesson,
        cleanup: bool = typer.Option(False, "--cleanup", help=t("cli.opt.cleanup")),
        yes: bool = typer.Option(False, "--yes", "-y", help=t("cli.opt.yes")),
    ) -> None:
        from tutor.app import reset
        from tutor.ui.console import Output
        from tutor.ui.session import print_reset

        output = Output(env_of(ctx))
        result = reset.reset(lesson, cleanup, confirmed=yes)
        if result.history:  # finished attempts that would be forgotten: the learner says so first
            if not output.env.interactive:
                raise TutorError("reset.needs_yes", lesson=result.lesson_id, count=result.history)
            output.print(output.t("reset.history", lesson=result.lesson_id, count=result.history))
            if not confirm(output, "reset.confirm_history"):
                output.print(output.t("reset.cancelled"))
                raise typer.Exit(int(ExitCode.FAILED))
            result = reset.forget_history(result)
        print_reset(output, result)
        if result.plan is None or result.plan.empty:
            return
        if not yes and not confirm(output, "reset.confirm"):
            output.print(output.t("reset.cancelled"))
            raise typer.Exit(int(ExitCode.FAILED))
        lost = reset.carry_out(result.plan, result.lesson_id)
        output.print(f"[green]✓[/] {output.t('reset.cleaned')}")
        for registry in lost:
            helper = result.plan.config.creds_store_now if result.plan.config else ""
            output.print(output.t("reset.login_lost", registry=registry, helper=helper), soft_wrap=True)
