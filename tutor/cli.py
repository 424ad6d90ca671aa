"""The command line. Each command parses, calls one core function and renders; errors become one sentence
in the learner's language and an exit code here, and nowhere else.

Heavy modules (the Docker SDK, pexpect, Markdown parsing) are imported inside the commands that need them,
so `tutor --help` and `tutor list` start fast.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Optional

import typer
import typer.core

from tutor import __version__
from tutor.cli_words import (
    TranslatedContext,
    TutorCommand,
    click_errors,
    resolve_known_command,
    translate_group,
    usage_error_text,
)
from tutor.errors import ExitCode, TutorError
from tutor.i18n import LANGUAGES, current_language, detect_language, set_language, t


class _TutorGroup(typer.core.TyperGroup):
    """Turns the tutor's errors, Ctrl-C and a full disk into one sentence and an exit code, and speaks
    typer's own words (help headings, usage errors) in the learner's language (tutor/cli_words.py)."""

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
        # tutor.ui.console (rich's Console, ~20 ms) is imported only when there is an error to show, so that
        # `tutor list` never pays for it.
        try:
            return super().invoke(ctx)
        except TutorError as problem:
            from tutor.ui.console import error

            error(problem.key, **problem.values)
            _print_lesson_problems(problem)
            raise typer.Exit(int(problem.exit_code)) from None
        except KeyboardInterrupt:
            from tutor.ui.console import error

            error("cli.interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except OSError as problem:
            if problem.errno == errno.ENOSPC:
                from tutor.ui.console import error

                error("error.disk_full", path=problem.filename or "-")
                raise typer.Exit(int(ExitCode.DISK_FULL)) from None
            _internal(problem)
        except Exception as problem:  # a bug of ours: still one sentence, not a traceback
            _internal(problem)


def _internal(problem: Exception) -> None:
    import os

    from tutor.ui.console import error

    if os.environ.get("TUTOR_DEBUG"):
        raise problem
    error("error.internal", error=f"{type(problem).__name__}: {problem}")
    raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _print_lesson_problems(problem: TutorError) -> None:
    from tutor.errors import LessonError

    if isinstance(problem, LessonError):
        from tutor.ui.lessons import print_problems

        print_problems(problem.problems)


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


def _plain_option(value: bool) -> bool:
    if value:
        from tutor.ui.plain import set_plain

        set_plain(True)
    return value


def _lang_option(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r}: id | en")
    set_language(value)
    return value


def _version_option(value: bool) -> None:
    if value:
        typer.echo(t("cli.version", version=__version__))
        raise typer.Exit()


def build_app(lang: Optional[str] = None) -> typer.Typer:
    """The typer app with help texts in `lang` (default: detected from the environment)."""
    set_language(detect_language(lang))
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
        lang: Optional[str] = typer.Option(None, "--lang", help=t("cli.opt.lang"), callback=_lang_option,
                                           is_eager=True, metavar="id|en"),
        version: bool = typer.Option(False, "--version", help=t("cli.opt.version"), callback=_version_option,
                                     is_eager=True),
        plain: bool = typer.Option(False, "--plain", help=t("cli.opt.plain"), callback=_plain_option, is_eager=True),
    ) -> None:
        pass

    lesson_arg = typer.Argument(..., help=t("cli.arg.lesson"), metavar=t("cli.meta.lesson"))
    registry_option = typer.Option(None, "--registry", help=t("cli.opt.registry"), metavar=t("cli.meta.registry"))
    user_option = typer.Option(None, "--user", help=t("cli.opt.user"), metavar=t("cli.meta.name"))
    port_option = typer.Option(None, "--port", help=t("cli.opt.port"), min=1, max=65535, metavar=t("cli.meta.port"))

    @app.command("list", cls=TutorCommand, help=t("cli.list.help"))
    def list_command() -> None:
        from tutor.lesson.catalog import list_lessons
        from tutor.lesson.summary import lesson_summaries
        from tutor.ui.lesson_list import print_lesson_list

        print_lesson_list(lesson_summaries(list_lessons()), current_language())

    @app.command("show", cls=TutorCommand, help=t("cli.show.help"))
    def show_command(
        lesson: str = lesson_arg,
        registry: Optional[str] = registry_option,
        user: Optional[str] = user_option,
    ) -> None:
        from tutor.lesson.loader import load_named
        from tutor.lesson.values import lesson_values
        from tutor.ui.lessons import print_lesson

        loaded = load_named(lesson)
        print_lesson(loaded, current_language(), lesson_values(loaded, registry, user))

    @app.command("validate", cls=TutorCommand, help=t("cli.validate.help"))
    def validate_command(
        lessons: Optional[list[str]] = typer.Argument(None, help=t("cli.arg.lesson"),
                                                      metavar=f"[{t('cli.meta.lesson')}]..."),
    ) -> None:
        from tutor.lesson.catalog import find_lesson, list_lessons
        from tutor.lesson.loader import validate_lesson
        from tutor.ui.console import out
        from tutor.ui.lessons import print_problems

        directories = [find_lesson(name) for name in lessons] if lessons else list_lessons()
        problems = [p for directory in directories for p in validate_lesson(Path(directory))]
        print_problems(problems)
        if problems:
            out().print(t("cli.validate.failed", problems=len(problems), lessons=len(directories)))
            raise typer.Exit(int(ExitCode.FAILED))
        out().print(t("cli.validate.ok", lessons=len(directories)))

    @app.command("start", cls=TutorCommand, help=t("cli.start.help"))
    def start_command(
        lesson: str = lesson_arg,
        registry: Optional[str] = registry_option,
        user: Optional[str] = user_option,
        demo: bool = typer.Option(False, "--demo", help=t("cli.opt.demo")),
        watch: bool = typer.Option(False, "--watch", help=t("cli.opt.watch")),
    ) -> None:
        from tutor.app import start
        from tutor.environment import Environment
        from tutor.lesson.loader import load_named
        from tutor.ui.live import LiveView
        from tutor.ui.plain import is_plain

        env = Environment(current_language(), is_plain())
        start.run(load_named(lesson), env, LiveView(env), registry, user, demo, watch)

    @app.command("check", cls=TutorCommand, help=t("cli.check.help"))
    def check_command(
        lesson: str = lesson_arg,
        step: Optional[str] = typer.Option(None, "--step", help=t("cli.opt.step"), metavar=t("cli.meta.step")),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt.json")),
        registry: Optional[str] = registry_option,
        user: Optional[str] = user_option,
    ) -> None:
        from tutor.checking import run_checks
        from tutor.lesson.loader import load_named
        from tutor.ui.verdicts import print_check_json, print_check_table

        run = run_checks(load_named(lesson), registry, user, step)
        (print_check_json if as_json else print_check_table)(run)
        if not run.ok:
            raise typer.Exit(int(ExitCode.FAILED))

    @app.command("why", cls=TutorCommand, help=t("cli.why.help"))
    def why_command(
        lesson: str = lesson_arg,
        registry: Optional[str] = registry_option,
        user: Optional[str] = user_option,
    ) -> None:
        from tutor import progress
        from tutor.checking import run_checks
        from tutor.lesson.loader import load_named
        from tutor.lesson.values import PRACTICE
        from tutor.practice.state import running_address as running_practice
        from tutor.ui.verdicts import print_why

        loaded = load_named(lesson)
        saved = progress.load(loaded.id)
        if saved and saved.current in loaded.step_ids and not saved.finished:
            # The learner's own session says which step is current, and for which registry and user.
            registry = registry or (PRACTICE if saved.registry == running_practice() else saved.registry)
            run = run_checks(loaded, registry, user or saved.user, step=saved.current)
            print_why(run, run.reports[0] if run.reports else None)
        else:
            run = run_checks(loaded, registry, user, until_failure=True)
            print_why(run, run.current())

    @app.command("progress", cls=TutorCommand, help=t("cli.progress.help"))
    def progress_command() -> None:
        from tutor import progress
        from tutor.ui.session import print_progress

        print_progress(progress.all_progress())

    @app.command("reset", cls=TutorCommand, help=t("cli.reset.help"))
    def reset_command(
        lesson: str = lesson_arg,
        cleanup: bool = typer.Option(False, "--cleanup", help=t("cli.opt.cleanup")),
        yes: bool = typer.Option(False, "--yes", "-y", help=t("cli.opt.yes")),
    ) -> None:
        from tutor import progress
        from tutor.lesson.loader import load_named
        from tutor.ui.console import out

        loaded = load_named(lesson)
        lesson_id = loaded.id
        set_aside = progress.recover()  # starting over from a damaged file: keep it aside and say so
        if set_aside:
            out().print(t("progress.set_aside", path=str(set_aside)), soft_wrap=True)
        if not cleanup:
            out().print(t("reset.done" if progress.forget(lesson_id) else "reset.nothing", lesson=lesson_id))
            return
        from tutor.cleanup import carry_out, plan_cleanup
        from tutor.docker.engine import DockerEnv
        from tutor.ui.session import print_cleanup_plan

        docker = DockerEnv()
        plan = plan_cleanup(lesson_id, docker, loaded.practice_image.name if loaded.practice_image else None)
        print_cleanup_plan(plan, lesson_id)
        if plan.empty:
            return
        from tutor.ui.console import confirm

        if not yes and not confirm(t("reset.confirm")):
            out().print(t("reset.cancelled"))
            raise typer.Exit(int(ExitCode.FAILED))
        carry_out(plan, lesson_id, docker)
        out().print(f"[green]✓[/] {t('reset.cleaned')}")

    practice = typer.Typer(cls=_TutorGroup, help=t("cli.practice.help"), no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(practice, name="practice")

    @practice.command("up", cls=TutorCommand, help=t("cli.practice.up.help"))
    def practice_up(
        port: Optional[int] = port_option,
        real_app: bool = typer.Option(False, "--real-app", help=t("cli.opt.real_app")),
    ) -> None:
        from tutor.docker.engine import DockerEnv
        from tutor.lesson.loader import bundled_lessons
        from tutor.practice import launcher
        from tutor.practice.baseline import record_baseline
        from tutor.practice.image import build_real_app, ensure_practice_image
        from tutor.practice.topology import require_engine_reaches
        from tutor.ui.console import out
        from tutor.ui.practice import print_up

        docker = DockerEnv()
        docker.ping()  # no engine: one sentence before anything starts
        result = launcher.up(launcher.practice_port(port), docker=docker)
        print_up(result)
        require_engine_reaches(docker, result.address)  # what `docker login` and `docker push` will need
        lessons = [lesson for lesson in bundled_lessons() if lesson.practice_image]
        # Before the tutor makes anything: cleanup's reference.
        record_baseline(docker, result.address, [lesson.practice_image.name for lesson in lessons])
        for lesson in lessons:
            with out().status(t("practice.image_making")):
                made = build_real_app(docker, lesson) if real_app else ensure_practice_image(docker, lesson)
            if made:
                out().print(f"[green]✓[/] {t('practice.image_made', image=lesson.practice_image.name + ':latest')}")
        if result.damage:
            raise result.damage.error()

    @practice.command("status", cls=TutorCommand, help=t("cli.practice.status.help"))
    def practice_status(as_json: bool = typer.Option(False, "--json", help=t("cli.opt.json"))) -> None:
        from tutor.practice import launcher
        from tutor.ui.practice import print_status

        status = launcher.status()
        print_status(status, as_json)
        if status.damage:
            raise status.damage.error()
        if status.crashed:
            raise typer.Exit(int(ExitCode.PRACTICE))

    @practice.command("add-user", cls=TutorCommand, help=t("cli.practice.add_user.help"))
    def practice_add_user(
        name: str = typer.Argument(..., help=t("cli.arg.username"), metavar=t("cli.meta.name")),
        password_stdin: bool = typer.Option(False, "--password-stdin", help=t("cli.opt.password_stdin")),
    ) -> None:
        from tutor.practice import launcher
        from tutor.practice.accounts import InvalidUsername, generate_password, valid_username
        from tutor.ui.console import out

        if not valid_username(name):
            raise InvalidUsername(name)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise TutorError("practice.no_password")
        else:
            password = generate_password()
        reset = launcher.add_user(name, password)
        out().print(f"[green]✓[/] {t('practice.password_reset' if reset else 'practice.user_added', name=name)}")
        if not password_stdin:
            out().print(t("practice.password_once", name=name, password=password), soft_wrap=True)

    @practice.command("down", cls=TutorCommand, help=t("cli.practice.down.help"))
    def practice_down(purge: bool = typer.Option(False, "--purge", help=t("cli.opt.purge"))) -> None:
        from tutor.practice import launcher
        from tutor.ui.console import out

        result = launcher.down(purge)
        out().print(t("practice.down" if result.was_running else "practice.not_running"))
        if purge:
            out().print(t("practice.purged"))
        if result.damage:
            raise result.damage.error()

    classroom = typer.Typer(cls=_TutorGroup, help=t("cli.classroom.help"), no_args_is_help=True,
                            rich_markup_mode=None)
    app.add_typer(classroom, name="classroom")

    @classroom.command("up", cls=TutorCommand, help=t("cli.classroom.up.help"))
    def classroom_up(
        listen: str = typer.Option("127.0.0.1", "--listen", help=t("cli.opt.listen"), metavar=t("cli.meta.address")),
        port: Optional[int] = port_option,
        roster: Optional[Path] = typer.Option(None, "--roster", help=t("cli.opt.roster"), exists=True, dir_okay=False,
                                              metavar=t("cli.meta.file")),
        count: Optional[int] = typer.Option(None, "--count", help=t("cli.opt.count"), min=1, max=500, metavar="N"),
        stuck_minutes: float = typer.Option(5.0, "--stuck-minutes", help=t("cli.opt.stuck"), min=0.1,
                                           metavar=t("cli.meta.minutes")),
    ) -> None:
        from tutor.classroom import instructor
        from tutor.ui.console import out

        room, handout = instructor.up(listen, port, instructor.roster_names(roster, count), stuck_minutes)
        out().print(f"[green]✓[/] {t('classroom.up', registry=room.registry, service=room.service_url)}")
        if handout.markdown:
            out().print(t("classroom.handout", markdown=str(handout.markdown), csv=str(handout.csv),
                          count=handout.new_accounts))
        else:
            out().print(t("classroom.handout_kept", directory=str(handout.directory)))
        out().print(t("classroom.board_url", url=room.board_url), soft_wrap=True)

    @classroom.command("board", cls=TutorCommand, help=t("cli.classroom.board.help"))
    def classroom_board(once: bool = typer.Option(False, "--once", help=t("cli.opt.once"))) -> None:
        from tutor.classroom import instructor
        from tutor.ui.classroom import live_board

        live_board(instructor.board_data, once)

    @classroom.command("say", cls=TutorCommand, help=t("cli.classroom.say.help"))
    def classroom_say(text: str = typer.Argument(..., help=t("cli.arg.text"), metavar=t("cli.meta.text"))) -> None:
        from tutor.classroom import instructor
        from tutor.ui.console import out

        instructor.say(text)
        out().print(f"[green]✓[/] {t('classroom.said')}")

    @classroom.command("export", cls=TutorCommand, help=t("cli.classroom.export.help"))
    def classroom_export(as_csv: bool = typer.Option(False, "--csv", help=t("cli.opt.csv"))) -> None:
        from tutor.classroom import instructor
        from tutor.ui.classroom import print_export

        print_export(instructor.export(), as_csv)

    @classroom.command("down", cls=TutorCommand, help=t("cli.classroom.down.help"))
    def classroom_down(purge: bool = typer.Option(False, "--purge", help=t("cli.opt.purge"))) -> None:
        from tutor.classroom import instructor
        from tutor.ui.console import out

        out().print(t("classroom.down" if instructor.down(purge) else "classroom.no_room"))

    @app.command("join", cls=TutorCommand, help=t("cli.join.help"))
    def join_command(
        url: str = typer.Argument(..., help=t("cli.arg.url"), metavar="URL"),
        user: str = typer.Option(..., "--user", help=t("cli.opt.user"), metavar=t("cli.meta.name")),
        password_stdin: bool = typer.Option(False, "--password-stdin", help=t("cli.opt.password_stdin")),
    ) -> None:
        import getpass

        from tutor.classroom.learner import join
        from tutor.ui.console import out

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass(t("classroom.password_prompt"))
        if not password:
            raise TutorError("practice.no_password")
        result = join(url, user, password)
        if result.ca_installed:
            key = "classroom.ca_installed_desktop" if result.desktop else "classroom.ca_installed"
            out().print(f"[green]✓[/] {t(key, path=str(result.ca_installed))}")
        else:
            out().print(t("classroom.ca_manual", ca=result.room.ca, registry=result.room.registry), soft_wrap=True)
        joined = t("classroom.joined", registry=result.room.registry, user=user, lesson=result.room.lesson)
        out().print(f"[green]✓[/] {joined}")

    return app


def main(argv: Optional[list[str]] = None) -> None:
    lang, args = split_language(sys.argv[1:] if argv is None else argv)
    plain, args = split_plain(args)
    if plain:
        _plain_option(True)
    if lang is not None and lang not in LANGUAGES:
        sys.stderr.write(f"--lang {lang}: id | en\n")
        sys.exit(int(ExitCode.USAGE))
    # Typer itself turns bad options into exit 2 and Ctrl-C into 130; _TutorGroup handles our own errors.
    build_app(lang)(args=args, prog_name="tutor")
