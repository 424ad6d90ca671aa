"""The options of a step's question, as the language files write them: list items that start `**a.**`."""

from __future__ import annotations

import re

OPTION = re.compile(r"^[ \t]*[-*+][ \t]+\*\*([a-z])\.\*\*", re.MULTILINE)


def question_options(body: str) -> tuple[str, ...]:
    """`("a", "b", "c")` for a step whose body lists `- **a.** ...`, `- **b.** ...`, `- **c.** ...`."""
    return tuple(OPTION.findall(body))
