"""Rendering for progress, reset and (later) the live session."""

from __future__ import annotations

import datetime as dt

from rich.table import Table

from tutor.cleanup import CleanupPlan
from tutor.i18n import t
from tutor.progress import LessonProgress
from tutor.ui.console import out


def print_progress(records: list[LessonProgress]) -> None:
    if not records:
        from tutor.lesson.summary import default_lesson_id

        out().print(t("progress.none", lesson=default_lesson_id()))
        return
    table = Table(title=t("progress.title"))
    for key in ("progress.col.lesson", "progress.col.step", "progress.col.done", "progress.col.hints",
                "progress.col.started", "progress.col.completed"):
        table.add_column(t(key))
    for record in records:
        state = t("progress.finished") if record.finished else (record.current or "-")
        table.add_row(record.lesson, state, ", ".join(record.done) or "-", str(record.hints_used),
                      when(record.started), completed_text(record))
    out().print(table)


def when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def completed_text(record: LessonProgress) -> str:
    """How often the lesson was finished, and the last time: `2× · last 2026-11-27 10:02, 12 min, 3 hint(s)`."""
    if not record.completions:
        return "-"
    last = record.completions[-1]
    return t("progress.completed", count=len(record.completions), date=when(last.at),
             minutes=round(last.seconds / 60), hints=last.hints)


def print_cleanup_plan(plan: CleanupPlan, lesson_id: str) -> None:
    console = out()
    if plan.empty:
        console.print(t("reset.nothing_to_clean", lesson=lesson_id))
    else:
        console.print(t("reset.will_remove"))
        for tag in plan.tags:
            console.print(f"  - {t('reset.item.tag', tag=tag)}")
        if plan.logout:
            console.print(f"  - {t('reset.item.logout', registry=plan.logout)}")
        if plan.progress:
            console.print(f"  - {t('reset.item.progress', lesson=lesson_id)}")
    if plan.kept:
        console.print(t("reset.will_keep", items=", ".join(plan.kept)))
