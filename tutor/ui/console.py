"""Where a command's output goes: results on stdout, errors and notices on stderr, both made from the
Environment (plain or rich, the learner's language). Every view is handed one Output; tests make their own
from an Environment of their streams."""

from __future__ import annotations

from functools import cached_property

from rich.console import Console
from rich.markup import escape

from tutor.environment import Environment
from tutor.i18n import t
from tutor.ui.plain import simplify


class _Console(Console):
    """rich's Console, each renderable first made plain in plain mode (tutor/ui/plain.py)."""

    def __init__(self, plain: bool, **options) -> None:
        super().__init__(highlight=False, color_system=None if plain else "auto", **options)
        self.plain = plain

    def print(self, *objects, **kwargs) -> None:
        super().print(*(simplify(item, self.plain) for item in objects), **kwargs)


class Output:
    def __init__(self, env: Environment) -> None:
        self.env = env

    @cached_property
    def out(self) -> Console:
        return _Console(self.env.plain, file=self.env.stdout)

    @cached_property
    def err(self) -> Console:
        return _Console(self.env.plain, file=self.env.stderr)

    def t(self, key: str, **values) -> str:
        """The UI string `key` in the learner's language."""
        return t(key, self.env.lang, **values)

    def print(self, *objects, **options) -> None:
        self.out.print(*objects, **options)

    def say(self, key: str, **values) -> str:
        """The UI string `key` to print as markup: its values are text, never markup. A path, an error's own
        words, a token's name or an instructor's message may hold brackets ("[/]" once turned the
        internal-error sentence itself into a crash)."""
        return self.t(key, **escaped(values))

    def error(self, key: str, **values) -> None:
        self.err.print(f"[bold red]✗[/] {self.say(key, **values)}", soft_wrap=True)


def escaped(values: dict) -> dict[str, str]:
    """Values to fill into a markup string, as text."""
    return {name: escape(str(value)) for name, value in values.items()}

