"""Rendering of check results: the human table, the stable JSON (docs/check-json.md), and `why`."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from tutor.app.check import CheckRun, Why
from tutor.checks.verdict import Status, Verdict
from tutor.i18n import t
from tutor.ui.console import Output
from tutor.ui.lessons import plain_title

JSON_FORMAT = 1
_STYLE = {Status.PASS: "green", Status.FAIL: "red", Status.NOT_APPLICABLE: "dim"}
_MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.NOT_APPLICABLE: "–"}


def verdict_text(verdict: Verdict, lang: str, with_status: bool = False) -> Text:
    """One check, as `why` and the live lesson's `check` say it: its mark and kind (and status), then what it
    expected and what it found, each on a line of its own (a table would squeeze both into narrow columns)."""
    head = f"{_MARK[verdict.status]} {verdict.kind}"
    if with_status:
        head += f": {t('check.status.' + verdict.status.value, lang)}"
    text = Text()
    text.append(head + "\n", style=_STYLE[verdict.status])
    text.append(f"  {t('check.col.expected', lang)}: {verdict.expected.text(lang)}\n")
    text.append(f"  {t('check.col.found', lang)}: {verdict.found.text(lang)}")
    return text


def _step_title(run: CheckRun, step_id: str, lang: str) -> str:
    return plain_title(run.lesson.step_text(step_id, lang)[0].title, run.values)


def print_check_table(output: Output, run: CheckRun) -> None:
    t, lang = output.t, output.env.lang
    table = Table(show_lines=False)
    for key in ("check.col.step", "check.col.check", "check.col.status", "check.col.expected", "check.col.found"):
        table.add_column(t(key), overflow="fold")
    for report in run.reports:
        first = True
        for verdict in report.verdicts or ():
            table.add_row(
                _step_title(run, report.step_id, lang) if first else "",
                verdict.kind,
                Text(f"{_MARK[verdict.status]} {t('check.status.' + verdict.status.value)}",
                     style=_STYLE[verdict.status]),
                verdict.expected.text(lang),
                verdict.found.text(lang),
            )
            first = False
        if not report.verdicts:
            not_applicable = Text(f"– {t('check.status.not_applicable')}", style="dim")
            table.add_row(_step_title(run, report.step_id, lang), "", not_applicable, "", "")
    output.print(table)
    output.print(t("check.summary", passed=run.count(Status.PASS), failed=run.count(Status.FAIL),
                  not_applicable=run.count(Status.NOT_APPLICABLE), registry=run.registry, user=run.user))


def check_json(run: CheckRun) -> dict:
    return {
        "format": JSON_FORMAT,
        "lesson": run.lesson.id,
        "registry": run.registry,
        "user": run.user,
        "steps": [
            {
                "id": report.step_id,
                "status": report.status.value,
                "verdicts": [
                    {
                        "check": v.kind,
                        "args": v.args,
                        "status": v.status.value,
                        "expected": v.expected.both(),
                        "found": v.found.both(),
                    }
                    for v in report.verdicts
                ],
            }
            for report in run.reports
        ],
        "summary": {
            "steps": len(run.reports),
            "passed": run.count(Status.PASS),
            "failed": run.count(Status.FAIL),
            "not_applicable": run.count(Status.NOT_APPLICABLE),
            "ok": run.ok,
        },
    }


def print_check_json(output: Output, run: CheckRun) -> None:
    output.out.print_json(json.dumps(check_json(run), ensure_ascii=False))


def print_why(output: Output, why: Why) -> None:
    console, t, lang = output.out, output.t, output.env.lang
    run, report = why.run, why.report
    if report is None:
        console.print(t("check.why.all_done", lesson=run.lesson.id))
        return
    console.print(Text(t("check.why.current", title=_step_title(run, report.step_id, lang)), style="bold"))
    if report.status is not Status.FAIL:
        console.print(t("check.why.step_ok"))
    for verdict in report.verdicts:
        if verdict.status is not Status.PASS:
            console.print(verdict_text(verdict, lang), soft_wrap=True)
