"""Rendering for the classroom: the live board and the export."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable

from rich.table import Table
from rich.text import Text

from tutor.i18n import t
from tutor.ui.console import out


def board_table(data: dict) -> Table:
    mistakes = [t("classroom.common_error", step=e["step"] or "-", category=e["category"], learners=e["learners"])
                for e in data.get("common_errors", [])]
    caption = Text(f"{t('classroom.common_errors_title')}: {' · '.join(mistakes)}") if mistakes else None
    table = Table(title=t("classroom.board_title", lesson=data.get("lesson", "")), caption=caption,
                  caption_justify="left")
    for key in ("classroom.col.learner", "classroom.col.step", "classroom.col.done", "classroom.col.time",
                "classroom.col.hints", "classroom.col.error"):
        table.add_column(t(key))
    total = len(data.get("steps", []))
    for row in data.get("learners", []):
        style = "bold white on red" if row["stuck"] else ("green" if row["step"] == "finished" else "")
        # Text, not markup: whatever a name or category holds is shown as it is.
        table.add_row(Text(str(row["learner"])), Text(str(row["step"] or "-")), f"{row['steps_done']}/{total}",
                      t("classroom.minutes", minutes=int(row["seconds_on_step"] // 60)), str(row["hints"]),
                      Text(str(row["last_error"] or "")),
                      style=style)
    return table


def live_board(fetch: Callable[[], dict], once: bool) -> None:
    if once:
        out().print(board_table(fetch()))
        return
    from rich.live import Live

    with Live(board_table(fetch()), console=out(), refresh_per_second=1) as live:
        while True:
            time.sleep(2)
            live.update(board_table(fetch()))


def print_export(data: dict, as_csv: bool) -> None:
    if not as_csv:
        out().print_json(json.dumps(data))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["learner", "steps_verified", "steps_claimed", "image_verified", "image", "registry_digest"])
    for row in data["learners"]:
        writer.writerow([row["learner"], " ".join(row["steps_verified"]), " ".join(row["steps_claimed"]),
                         row["image_verified"], row["image"], row["registry_digest"] or ""])
    out().print(Text(buffer.getvalue().rstrip("\n")), soft_wrap=True)
