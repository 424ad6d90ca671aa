"""`tutor list`: one line per lesson (id, title in the learner's language, steps and where this learner
stands in them, languages), the course's lessons first in their order, in plain columns like `docker images`, so
listing never imports rich's Console (see tutor/ui/columns.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from tutor.environment import Environment
from tutor.i18n import t
from tutor.lesson.course import Standing
from tutor.lesson.summary import Summary
from tutor.ui.columns import print_columns

TITLE_COLUMN, STEPS_COLUMN = 1, 2


def lesson_row(directory: Path, summary: Summary | None, lang: str,
               standing: Standing | None = None) -> tuple[str, str, str, str]:
    """STEPS says where this learner is: `9` (not started), `5/9` (on step 5), `9 ✓` (done); a lesson whose
    required lessons are not done says after which, beside its title (the column that narrows on a small
    terminal)."""
    if summary is None:
        return directory.name, t("cli.list.broken", lang, id=directory.name), "", ""
    title = summary.titles.get(lang) or next(iter(summary.titles.values()), "")
    total = standing.steps if standing is not None else summary.steps  # the learner's platform's steps
    steps = str(total)
    if standing is not None and standing.done:
        steps = f"{total} ✓"
    elif standing is not None and standing.started:
        steps = f"{standing.step}/{total}"
    if standing is not None and standing.missing and not standing.done:
        title += " " + t("cli.list.state.needs", lang, lessons=", ".join(standing.missing))
    return summary.id, title, steps, ", ".join(summary.languages)


def print_lesson_list(env: Environment, summaries: Sequence[tuple[Path, Summary | None]],
                      standings: Mapping[str, Standing] | None = None) -> None:
    if not summaries:
        env.stdout.write(t("cli.list.empty", env.lang) + "\n")
        return
    header = tuple(t(f"cli.list.col.{name}", env.lang) for name in ("id", "title", "steps", "languages"))
    rows = [lesson_row(directory, summary, env.lang, (standings or {}).get(summary.id) if summary else None)
            for directory, summary in summaries]
    print_columns(env.stdout, header, rows, right=frozenset({STEPS_COLUMN}), squeeze=TITLE_COLUMN)
