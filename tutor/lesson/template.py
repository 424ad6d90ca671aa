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
