"""Rendering for `tutor progress` and `tutor reset`."""

from __future__ import annotations

from rich.table import Table

from tutor.app.progress import Progress
from tutor.app.reset import CleanupPlan, Reset
from tutor.docker.config_restore import ConfigRestore
from tutor.i18n import t
from tutor.progress import LessonProgress
from tutor.ui.console import Output
from tutor.ui.dates import when


def print_progress(output: Output, shown: Progress) -> None:
    records, t = shown.records, output.t
    if not records:
        output.print(t("progress.none", lesson=shown.first_lesson))
        return
    table = Table(title=t("progress.title"))
    for key in ("progress.col.lesson", "progress.col.step", "progress.col.done", "progress.col.hints",
                "progress.col.started", "progress.col.completed"):
        table.add_column(t(key))
    for record in records:
        state = t("progress.finished") if record.finished else (record.current or "-")
        table.add_row(record.lesson, state, ", ".join(record.done) or "-", str(record.hints_used),
                      when(record.started), completed_text(record, output.env.lang))
    output.print(table)


def completed_text(record: LessonProgress, lang: str) -> str:
    """How often the lesson was finished, and the last time: `2× · last 2026-11-27 10:02, 12 min, 3 hint(s)`."""
    if not record.completions:
        return "-"
    last = record.completions[-1]
    return t("progress.completed", lang, count=len(record.completions), date=when(last.at),
             minutes=round(last.seconds / 60), hints=last.hints)


def print_reset(output: Output, reset: Reset) -> None:
    """Where a damaged progress file was kept aside, then what was forgotten, or what --cleanup would do."""
    if reset.set_aside:
        output.print(output.t("progress.set_aside", path=str(reset.set_aside)), soft_wrap=True)
    if reset.plan is None:
        output.print(output.t("reset.done" if reset.forgotten else "reset.nothing", lesson=reset.lesson_id))
    else:
        print_cleanup_plan(output, reset.plan, reset.lesson_id)


def print_config_restore(output: Output, restore: ConfigRestore) -> None:
    console, t = output.out, output.t
    for registry in restore.moved:
        console.print(f"  - {t('reset.item.login_back', registry=registry, helper=restore.creds_store_now)}")
    if restore.creds_store != restore.creds_store_now:
        key = "reset.item.creds_store_removed" if restore.creds_store is None else "reset.item.creds_store_back"
        console.print(f"  - {t(key, now=restore.creds_store_now or '', before=restore.creds_store or '')}")


def print_cleanup_plan(output: Output, plan: CleanupPlan, lesson_id: str) -> None:
    console, t = output.out, output.t
    if plan.empty:
        console.print(t("reset.nothing_to_clean", lesson=lesson_id))
    else:
        console.print(t("reset.will_remove"))
        for tag in plan.tags:
            console.print(f"  - {t('reset.item.tag', tag=tag)}")
        for tag, image_id in plan.retag:
            console.print(f"  - {t('reset.item.retag', tag=tag, id=image_id.removeprefix('sha256:')[:12])}")
        if plan.tokens:
            console.print(f"  - {t('reset.item.tokens', count=len(plan.tokens))}")
        for registry in plan.logouts:
            console.print(f"  - {t('reset.item.logout', registry=registry)}")
            if plan.log_in_again:
                console.print(f"    {t('reset.item.log_in_again', registry=registry)}")
        if plan.config:
            print_config_restore(output, plan.config)
        if plan.progress:
            console.print(f"  - {t('reset.item.progress', lesson=lesson_id)}")
        if plan.finished:
            console.print(f"  - {t('reset.item.finished', lesson=lesson_id, count=plan.finished)}")
    if plan.kept:
        console.print(t("reset.will_keep", items=", ".join(plan.kept)))
