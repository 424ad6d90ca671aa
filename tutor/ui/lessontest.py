"""What `tutor test` says: per language a line and its failures as `path:line: message`, the coverage, the
engine's state; or the same as JSON for CI (`--json`). Passwords never appear: commands are shown as the
tests write them, unfilled."""

from __future__ import annotations

import json

from rich.text import Text

from tutor.app.lessontest import TestRun
from tutor.ui.console import Output
from tutor.ui.lessons import print_problems, problem_line

JSON_FORMAT = 1


def _gap_line(output: Output, gap) -> str:
    said = output.t(f"lessontest.gap.{gap.kind}", name=gap.name)
    if gap.network:
        said = f"{said}: {output.t('lessontest.needs_network', reason=gap.network)}"
    return f"{gap.path}:{gap.line}: {said}"


def print_test_run(output: Output, result: TestRun) -> None:
    console, t = output, output.t
    print_problems(output, result.problems)
    for position, run in enumerate(result.runs):
        last_of_language = all(later.lang != run.lang for later in result.runs[position + 1:])
        failures = run.failures + (result.gap_failures(run.lang) if last_of_language else [])
        verdict = t("lessontest.ok") if not failures else t("lessontest.failed", count=len(failures))
        console.print(Text(t("lessontest.language", lesson=result.lesson.id, language=run.label,
                             steps=run.steps_passed, total=run.steps, mistakes=run.mistakes,
                             verdict=verdict), style="bold green" if not failures else "bold red"))
        for failure in failures:
            console.print(Text(f"  {problem_line(failure, output.env.lang)}"), soft_wrap=True)
        reported = [gap for gap in result.gaps.get(run.lang, []) if not gap.fails] if last_of_language else []
        if reported:
            console.print(Text(t("lessontest.coverage", language=run.lang)))
            for gap in reported:
                console.print(Text(f"  {_gap_line(output, gap)}", style="dim"), soft_wrap=True)
    if result.runs:
        if result.engine_changes:
            console.print(Text(t("lessontest.engine_changed", changes=", ".join(result.engine_changes)),
                               style="bold red"), soft_wrap=True)
        else:
            console.print(t("lessontest.engine_ok"))
    seconds = f"{result.seconds:.1f}"
    if result.ok:
        console.print(t("lessontest.summary_ok", lesson=result.lesson.id,
                        languages=", ".join(r.label for r in result.runs), seconds=seconds))
    else:
        console.print(t("lessontest.summary_failed", lesson=result.lesson.id, count=result.count, seconds=seconds))


def test_run_json(output: Output, result: TestRun) -> dict:
    t = output.t

    def failure(item) -> dict:
        return {"path": item.path, "line": item.line, "key": item.key, "values": dict(item.values),
                "message": t(item.key, **item.values)}

    return {
        "format": JSON_FORMAT,
        "lesson": result.lesson.id,
        "ok": result.ok,
        "seconds": round(result.seconds, 2),
        "problems": [{"path": p.path, "line": p.line, "key": p.key, "message": t(p.key, **p.values)}
                     for p in result.problems],
        "languages": {
            lang: {
                "steps_passed": sum(run.steps_passed for run in runs),
                "steps": sum(run.steps for run in runs),
                "mistakes_played": sum(run.mistakes for run in runs),
                "failures": [failure(item) for item in result.failures(lang)],
                "coverage": [{"kind": gap.kind, "name": gap.name, "path": gap.path, "line": gap.line,
                              "status": "fails" if gap.fails else ("needs_network" if gap.network else "reported"),
                              "reason": gap.network}
                             for gap in result.gaps.get(lang, [])],
                # A lesson with steps for some platforms only: each platform's run of this language.
                "platforms": {run.platform: {"steps_passed": run.steps_passed, "steps": run.steps,
                                             "mistakes_played": run.mistakes,
                                             "failures": [failure(item) for item in run.failures]}
                              for run in runs if run.platform},
            }
            for lang, runs in _by_language(result).items()
        },
        "engine": {"left_as_found": not result.engine_changes, "changes": result.engine_changes},
    }


def _by_language(result: TestRun) -> dict[str, list]:
    runs: dict[str, list] = {}
    for run in result.runs:
        runs.setdefault(run.lang, []).append(run)
    return runs


def print_test_json(output: Output, result: TestRun) -> None:
    output.out.print_json(json.dumps(test_run_json(output, result), ensure_ascii=False))
