"""`{{ variable }}` substitution for lesson text, commands and check arguments.

Deliberately not Jinja2: lessons need plain substitution only, and Jinja's `{# ... #}` comment syntax would
swallow the `{#hint-name}` heading attributes of the lesson format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def variables_in(text: str) -> list[str]:
    return VARIABLE.findall(text)


def fill(text: str, values: Mapping[str, str], escape: Callable[[str], str] | None = None) -> str:
    """Replace each `{{ name }}` by its value (escaped by `escape`, e.g. re.escape for regex arguments).
    Unknown names stay as they are: the validator reports them, and the learner still sees the placeholder."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        return escape(values[name]) if escape else values[name]

    return VARIABLE.sub(replace, text)


class CycleError(ValueError):
    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(", ".join(sorted(names)))
        self.names = sorted(names)


def resolve(raw: Mapping[str, str], overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Resolve variables whose values use other variables. `overrides` replace raw values before resolving,
    so a profile or the learner's own username flows into every derived variable."""
    pending = {**raw, **(overrides or {})}
    done: dict[str, str] = {}
    while pending:
        progressed = False
        for name, value in list(pending.items()):
            uses = [n for n in variables_in(value) if n in pending and n != name]
            if name in variables_in(value):
                raise CycleError([name])
            if not uses:
                done[name] = fill(value, done)
                del pending[name]
                progressed = True
        if not progressed:
            raise CycleError(pending)
    return done


# --- sample output: columns that stay aligned after substitution -----------------------------------------
# Fenced blocks holding what the learner types: a POSIX shell's, or PowerShell's (a Windows learner's steps).
COMMAND_LANGUAGES = {"bash", "sh", "shell", "zsh", "powershell", "pwsh"}
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w.+-]*)")
TABLE_GAP = 3
_GAP = re.compile(r" {2,}")  # columns of sample output (`docker images`) are separated by two or more spaces


def fill_markdown(text: str, values: Mapping[str, str]) -> str:
    """`fill` for lesson prose: also keeps sample tables in example blocks (```console, ```text) aligned when a
    value is longer or shorter than the placeholder it replaces. Command blocks (```bash) are only filled:
    spaces inside a command may matter."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] | None = None
    fence = ""
    for line in lines:
        opening = _FENCE.match(line)
        if block is None:
            out.append(fill(line, values))
            if opening:
                fence = opening.group(1)
                block = [] if opening.group(2).lower() not in COMMAND_LANGUAGES else None
                if block is None:
                    fence = ""
            continue
        if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            out.extend(_aligned(block, values))
            out.append(line)
            block, fence = None, ""
            continue
        block.append(line)
    if block is not None:
        out.extend(_aligned(block, values))
    return "\n".join(out)


def _cells(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each cell of a sample-table line."""
    cells, position = [], len(line) - len(line.lstrip(" "))
    for part in _GAP.split(line.strip(" ")):
        start = line.index(part, position)
        cells.append((start, part))
        position = start + len(part)
    return cells


def _width(text: str) -> int:
    """Terminal cells `text` takes (a wide character two); a control character, which a lesson's text has no
    business holding, counts as one."""
    # Imported here: wcwidth (0.9, with its tables) takes about 70 ms to import, and only a lesson block whose
    # columns the author aligned needs it (`show`, `start`); `check` and `why` read lessons without it.
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _aligned(template: list[str], values: Mapping[str, str]) -> list[str]:
    """Fills a block; rows whose cells the author aligned (same start columns) are aligned again, a column
    widened where a filled cell no longer fits in it."""
    rows = [_cells(line) for line in template]
    table = [i for i, cells in enumerate(rows) if len(cells) >= 2]
    starts = {tuple(start for start, _ in rows[i]) for i in table}
    if len(table) < 2 or len(starts) != 1 or len({len(rows[i]) for i in table}) != 1:
        return [fill(line, values) for line in template]  # not a table the author aligned: only filled
    (columns,) = starts
    filled = {i: [fill(text, values) for _, text in rows[i]] for i in table}
    new_starts = [columns[0]]
    for k in range(len(columns) - 1):
        # As wide as the author made it, or wider when a filled cell needs it (Docker's own gap: 3 spaces).
        widest = max(_width(filled[i][k]) for i in table)
        new_starts.append(new_starts[k] + max(columns[k + 1] - columns[k], widest + TABLE_GAP))
    result = []
    for index, line in enumerate(template):
        if index not in filled:
            result.append(fill(line, values))
            continue
        text = ""
        for start, cell in zip(new_starts, filled[index], strict=True):
            text += " " * max(start - _width(text), 2 if text else start) + cell
        result.append(text)
    return result
