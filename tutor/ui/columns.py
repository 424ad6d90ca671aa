"""Plain aligned columns, the way `docker images` prints its table.

`tutor list` uses this instead of a rich Table: importing rich's Console and Table costs about 25 ms, which
alone breaks the start-up target of `tutor list` (at most 1.5x `python -c "import typer"`, measured by
benchmarks/bench_session.py). Cell widths still come from rich (`rich.cells` is cheap to import), so wide
characters in a lesson title line up like they do in rich's own tables.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import IO

from rich.cells import cell_len, set_cell_size

GAP = "   "  # docker's own gap between columns
ELLIPSIS = "…"
NARROWEST = 8  # a squeezed column keeps at least this many cells


def format_columns(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: frozenset[int] = frozenset(),
                   squeeze: int | None = None, width: int | None = None) -> list[str]:
    """The lines of the table. When `width` is given and the table is wider, column `squeeze` is cut short with
    an ellipsis (never below NARROWEST cells) so each line fits the terminal instead of wrapping."""
    table = [list(header), *(list(row) for row in rows)]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(header))]
    if width is not None and squeeze is not None:
        excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
        if excess > 0:
            widths[squeeze] = max(NARROWEST, widths[squeeze] - excess)
    lines = []
    for row in table:
        cells = []
        for i, text in enumerate(row):
            if cell_len(text) > widths[i]:
                text = set_cell_size(text, widths[i] - 1) + ELLIPSIS
            padding = " " * (widths[i] - cell_len(text))
            cells.append(padding + text if i in right else text + padding)
        lines.append(GAP.join(cells).rstrip())
    return lines


def print_columns(stream: IO[str], header: Sequence[str], rows: Sequence[Sequence[str]], *,
                  right: frozenset[int] = frozenset(), squeeze: int | None = None) -> None:
    """Prints the table; on a terminal it is fitted to the terminal's width, in a pipe it is printed whole."""
    width = shutil.get_terminal_size().columns if stream.isatty() else None
    stream.write("".join(line + "\n" for line in format_columns(header, rows, right=right, squeeze=squeeze,
                                                                    width=width)))
