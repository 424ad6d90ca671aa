"""Rendering for the classroom: the live board and the export."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable

from rich.columns import Columns
from rich.console import Group
from rich.table import Table
from rich.text import Text

from tutor.classroom.board import BarPart, bar_parts, counts, funnel_rows, minutes, mistake_text, where_text
from tutor.i18n import t
from tutor.ui.console import Output

# The same colours as the projector's page (tutor/classroom/board_page.py), by state.
STATE_STYLES = {"waiting": "grey50", "moving": "#3b82f6", "stuck": "bold #ef4444", "finished": "#22c55e"}


def _bar(parts: list[BarPart], state: str) -> Text:
    """One block per step of each lesson, the done ones in the state's colour, a space between lessons: the web
    board's bar."""
    colour = STATE_STYLES[state].replace("bold ", "")
    bar = Text()
    for number, part in enumerate(parts):
        bar += Text(" " if number else "") + Text("█" * part.done, style=colour) + \
            Text("░" * (part.steps - part.done), style="grey37")
    return bar


def board_view(data: dict, lang: str) -> Group:
    """The board in the terminal: the same things as the projector's page (per learner a bar coloured by
    state and where they are; how many on each step; who is stuck; the common mistakes; the last message;
    the time since the room started), every learner's name and category shown as text, never as markup."""
    lessons = data.get("lessons", [])
    now = time.time()  # the service runs on this machine: the same clock as its started_at
    started = data.get("started_at")
    since = t("classroom.board.started", lang, minutes=minutes(now - started)) if started else \
        t("classroom.board.not_started", lang)
    head = Text(t("classroom.board_title", lang, lesson=data.get("title") or data.get("lesson", "")), style="bold")
    # The figures each whole: a narrow terminal wraps between them, never leaving a lone "1" at a line's end.
    figures = t("classroom.board.counts", lang, **counts(data.get("learners", []))).split(" · ") + [since]
    figures = [f"{figure} ·" for figure in figures[:-1]] + figures[-1:]
    head = Group(head, Columns([Text(figure) for figure in figures], padding=(0, 1)))
    table = Table(expand=False, pad_edge=False)
    for key in ("classroom.col.learner", "classroom.col.done", "classroom.col.step", "classroom.col.time",
                "classroom.col.hints", "classroom.col.error"):
        table.add_column(t(key, lang))
    for row in data.get("learners", []):
        state = row.get("state") or ("stuck" if row["stuck"] else "waiting")
        where = t(f"classroom.board.state.{state}", lang) if state in ("waiting", "finished") else \
            where_text(row, data)
        on_step = "" if state in ("waiting", "finished") else \
            t("classroom.minutes", lang, minutes=minutes(row["seconds_on_step"]))
        parts = bar_parts(row, lessons)
        table.add_row(Text(str(row["learner"]), style=STATE_STYLES[state]),
                      _bar(parts, state) + Text(f" {row['steps_done']}/{sum(part.steps for part in parts)}"),
                      Text(where), on_step, str(row["hints"]), Text(str(row["last_error"] or "")))
    side = Table.grid(padding=(0, 2))
    side.add_column()
    side.add_column(justify="right")
    side.add_row(Text(t("classroom.board.funnel", lang), style="bold"), "")
    for heading, label, learners in funnel_rows(data, lang):
        side.add_row(Text(label, style="bold" if heading else ""), str(learners))
    parts: list = [head, Columns([table, side], padding=(0, 4))]
    stuck = [row["learner"] for row in data.get("learners", []) if row.get("state") == "stuck"]
    if stuck:
        parts.append(Text(f"{t('classroom.board.stuck_list', lang)}: ", style="bold") +
                     Text(", ".join(map(str, stuck)), style=STATE_STYLES["stuck"]))
    mistakes = [f"{mistake_text(e, data, lang)}: {e['learners']}" for e in data.get("common_errors", [])]
    parts.append(Text(f"{t('classroom.board.mistakes', lang)}: ", style="bold") +
                 Text(" · ".join(mistakes) if mistakes else t("classroom.board.no_mistakes", lang)))
    said = data.get("last_say")
    if said:
        ago = t("classroom.board.said_ago", lang, minutes=minutes(now - said["at"]))
        parts.append(Text(f"{t('classroom.board.said', lang)} ({ago}): ", style="bold") + Text(str(said["text"])))
    return Group(*parts)


def live_board(output: Output, fetch: Callable[[], dict], once: bool) -> None:
    lang = output.env.lang
    if once:
        output.print(board_view(fetch(), lang))
        return
    from rich.live import Live

    with Live(board_view(fetch(), lang), console=output.out, refresh_per_second=1) as live:
        while True:
            time.sleep(2)
            live.update(board_view(fetch(), lang))


def print_export(output: Output, data: dict, as_csv: bool) -> None:
    if not as_csv:
        output.out.print_json(json.dumps(data))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    steps = ("steps_confirmed_by_registry", "steps_not_found_in_registry", "steps_reported_only")
    # One row per learner per lesson of the room, as the export's entries. `platform` comes last, so a sheet
    # that reads the earlier columns by position still reads them; it is empty when the tutor never said.
    writer.writerow(["learner", "lesson", *steps, "image_verified", "image", "registry_digest", "platform"])
    for row in data["learners"]:
        writer.writerow([row["learner"], row["lesson"], *(" ".join(row[column]) for column in steps),
                         row["image_verified"], row["image"], row["registry_digest"] or "",
                         row.get("platform") or ""])
    output.print(Text(buffer.getvalue().rstrip("\n")), soft_wrap=True)
