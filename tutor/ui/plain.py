"""Plain output, for screen readers, logs and dumb terminals: no colour, no box drawing; every panel becomes
its label on a line of its own followed by its content, every table plain columns.

On with `--plain` (anywhere on the command line) or `TERM=dumb` (the Environment says which). `NO_COLOR` alone
turns colour off and keeps the layout, as no-color.org asks. Everything the tutor shows goes through `simplify`
on its way to a console, so a view is written once and read either way.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import Text


def _plain_markdown(markup: str) -> RenderableType:
    """rich's Markdown with block quotes indented by spaces instead of its `▌` bar. (Imported here: rich's
    Markdown pulls in markdown-it, about 100 ms of imports here, which the commands that never show lesson
    prose need not pay for.)"""
    from rich.markdown import BlockQuote, Markdown

    class QuoteWithoutBar(BlockQuote):
        def __rich_console__(self, console, options):
            for line in console.render_lines(self.elements, options.update(width=options.max_width - 2)):
                yield Segment("  ")
                yield from line
                yield Segment("\n")

    class PlainMarkdown(Markdown):
        elements = {**Markdown.elements, "blockquote_open": QuoteWithoutBar}

    return PlainMarkdown(markup)


# Box drawing and arrows a lesson may write in its own text (the journey picture's `── docker tag ──▶`), as
# ASCII of the same length, so that a Text's styles keep their places.
_DRAWN = str.maketrans({"─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "▶": ">", "►": ">", "◀": "<", "→": ">",
                        "←": "<"})


def simplify(renderable: RenderableType, plain: bool) -> RenderableType:
    """The same content without colour-dependent or box-drawn parts (only in plain mode; else unchanged)."""
    return _simplified(renderable) if plain else renderable


def _simplified(item: RenderableType) -> RenderableType:
    if isinstance(item, Panel):
        body = _simplified(item.renderable)
        title = item.title.plain if isinstance(item.title, Text) else item.title
        return Group(Text(""), Text(str(title)), body) if title else Group(Text(""), body)
    if isinstance(item, Group):
        return Group(*(_simplified(part) for part in item.renderables))
    if isinstance(item, Table):
        item.box, item.show_edge, item.show_lines = None, False, False
        return item
    if isinstance(item, Rule):
        title = item.title.plain if isinstance(item.title, Text) else item.title
        return Text(str(title or ""))
    kind = type(item).__name__
    if kind == "Markdown":  # rich.markdown's, not imported unless some view made one
        return _plain_markdown(item.markup)
    if kind == "Syntax":
        return Text(item.code)
    if isinstance(item, Text):
        item.plain = item.plain.translate(_DRAWN)
        return item
    return item
