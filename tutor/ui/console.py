"""The consoles every command writes to: results on stdout, errors and notices on stderr."""

from __future__ import annotations

from rich.console import Console

from tutor.i18n import t

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    global _out
    if _out is None:
        _out = Console(highlight=False)
    return _out


def err() -> Console:
    global _err
    if _err is None:
        _err = Console(stderr=True, highlight=False)
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
