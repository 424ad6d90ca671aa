"""`tutor list`: one line per lesson (id, title in the learner's language, steps, languages), in plain
columns like `docker images`, so listing never imports rich's Console (see tutor/ui/columns.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tutor.environment import Environment
from tutor.i18n import t
from tutor.lesson.summary import Summary
from tutor.ui.columns import print_columns

TITLE_COLUMN, STEPS_COLUMN = 1, 2


def lesson_row(directory: Path, summary: Summary | None, lang: str) -> tuple[str, str, str, str]:
    if summary is None:
        return directory.name, t("cli.list.broken", lang, id=directory.name), "", ""
    title = summary.titles.get(lang) or next(iter(summary.titles.values()), "")
    return summary.id, title, str(summary.steps), ", ".join(summary.languages)


def print_lesson_list(env: Environment, summaries: Sequence[tuple[Path, Summary | None]]) -> None:
    if not summaries:
        env.stdout.write(t("cli.list.empty", env.lang) + "\n")
        return
    header = tuple(t(f"cli.list.col.{name}", env.lang) for name in ("id", "title", "steps", "languages"))
    rows = [lesson_row(directory, summary, env.lang) for directory, summary in summaries]
    print_columns(env.stdout, header, rows, right=frozenset({STEPS_COLUMN}), squeeze=TITLE_COLUMN)
