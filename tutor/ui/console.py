"""The consoles every command writes to: results on stdout, errors and notices on stderr."""

from __future__ import annotations

from rich.console import Console

from tutor.i18n import t
from tutor.ui.plain import is_plain, simplify


class _Console(Console):
    """rich's Console, each renderable first made plain in plain mode (tutor/ui/plain.py)."""

    def print(self, *objects, **kwargs) -> None:
        super().print(*(simplify(item) for item in objects), **kwargs)


def _console(**options) -> Console:
    return _Console(highlight=False, color_system=None if is_plain() else "auto", **options)


_out: Console | None = None
_err: Console | None = None
_made_plain: bool | None = None  # the mode the consoles above were made in


def _fresh() -> None:
    global _out, _err, _made_plain
    if _made_plain is not None and _made_plain != is_plain():
        _out = _err = None  # the mode changed (--plain is known only once the command line is read)
    _made_plain = is_plain()


def out() -> Console:
    global _out
    _fresh()
    if _out is None:
        _out = _console()
    return _out


def err() -> Console:
    global _err
    _fresh()
    if _err is None:
        _err = _console(stderr=True)
    return _err


def use_consoles(stdout: Console, stderr: Console) -> None:
    """Tests swap in recording consoles."""
    global _out, _err
    _out, _err = stdout, stderr


def error(key: str, **values) -> None:
    # The values are text, never markup: a path, an error's own words or an instructor's message may hold
    # brackets ("[/]" once turned the internal-error sentence itself into a crash).
    from rich.markup import escape

    err().print(f"[bold red]✗[/] {t(key, **{k: escape(str(v)) for k, v in values.items()})}", soft_wrap=True)


def confirm(question: str) -> bool:
    """Yes/no, default no. No answer at all (end of input, Ctrl-D) means no."""
    import typer

    try:
        return typer.confirm(question, default=False)
    except (typer.Abort, EOFError):
        err().print()
        return False
