"""The board as the projector shows it: one HTML page, server-rendered, no script. Per learner a card with their
name, a bar of one segment per step of the room's lessons (done segments in the colour of their state: moving,
stuck, finished; in a course a wider gap between one lesson's steps and the next's), and where they are;
beside it where the room is (how many on each step), who is stuck, the room's
common mistakes and the last message. Sized for 1920x1080 with up to 40 learners a page; a larger room is
shown 40 at a time, the page moving on by itself every PAGE_SECONDS (chosen by the clock, so the URL stays
the same and every screen showing it agrees).

The stylesheet is a constant, so the Content-Security-Policy can allow exactly it (by its hash) and nothing
else: bar widths are classes (`w0` .. `w20`), never style attributes, which that policy would refuse."""

from __future__ import annotations

import html
import math

from tutor.classroom.board import bar_parts, counts, funnel_rows, minutes, mistake_text, where_text
from tutor.i18n import t

PAGE_SIZE = 40  # learners on one page: 4 columns of 10, names still readable from the back of a room
PAGE_SECONDS = 12  # how long a page stays before the next, when there are several
REFRESH_SECONDS = 5  # how old the figures on the screen may get
STUCK_NAMES = 14  # names listed under "Stuck" (then "+N")

# The states' colours, used for the bars and nowhere else on the page (the tests count these pixels).
COLOURS = {"moving": "#3b82f6", "stuck": "#ef4444", "finished": "#22c55e"}
EMPTY_SEGMENT = "#3a3a3a"

BOARD_STYLE = """
* { box-sizing: border-box; }
html, body { margin: 0; background: #111; color: #eee;
             font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
body { padding: 14px 18px; }
header { display: flex; align-items: baseline; gap: 28px; height: 62px; border-bottom: 2px solid #333; }
h1 { font-size: 30px; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; flex: 1; }
.counts { font-size: 22px; white-space: nowrap; }
.since, .page { font-size: 20px; color: #bbb; white-space: nowrap; }
main { display: flex; gap: 18px; margin-top: 12px; }
.room { flex: 1; display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); grid-auto-rows: 88px; gap: 8px;
        align-content: start; }
.card { background: #1d1d1d; border-left: 6px solid #555; padding: 6px 10px; overflow: hidden; }
.card.s-moving { border-left-color: #1e40af; }
.card.s-stuck { border-left-color: #991b1b; background: #2a1515; }
.card.s-finished { border-left-color: #166534; }
.top { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.name { font-size: 26px; font-weight: bold; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.s-waiting .name { color: #999; }
.tag { font-size: 16px; color: #bbb; white-space: nowrap; }
.s-stuck .tag { color: #fca5a5; font-weight: bold; }
.s-finished .tag { color: #86efac; }
.bar { display: flex; gap: 3px; height: 16px; margin: 5px 0; }
.bar i { flex: 1; background: EMPTY; }
.bar.course { gap: 2px; }
.bar i.next { margin-left: 9px; }
.s-moving .bar i.on { background: MOVING; }
.s-stuck .bar i.on { background: STUCK; }
.s-finished .bar i.on { background: FINISHED; }
.where { font-size: 16px; color: #ccc; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
aside { width: 470px; flex: none; }
h2 { font-size: 22px; margin: 0 0 6px; color: #fff; }
section { margin-bottom: 16px; }
.step { display: grid; grid-template-columns: 1fr 46px; align-items: center; font-size: 17px; margin: 3px 0; }
.step .label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.step .n { text-align: right; font-weight: bold; font-size: 19px; }
.step .track { grid-column: 1 / 3; height: 8px; background: #262626; }
.step .fill { height: 8px; background: #d97706; }
.lesson { font-size: 18px; font-weight: bold; color: #fff; margin: 8px 0 2px; display: grid;
          grid-template-columns: 1fr 46px; }
.lesson .n { text-align: right; }
.names { font-size: 19px; color: #fca5a5; line-height: 1.35; }
ol { margin: 0; padding-left: 26px; font-size: 18px; line-height: 1.4; }
.said { font-size: 20px; background: #1d1d1d; padding: 8px 10px; border-left: 6px solid #d97706; white-space: pre-wrap;
        overflow-wrap: anywhere; max-height: 150px; overflow: hidden; }
.ago { font-size: 15px; color: #999; }
.none { color: #888; font-size: 17px; }
""".replace("EMPTY", EMPTY_SEGMENT).replace("MOVING", COLOURS["moving"]).replace(
    "STUCK", COLOURS["stuck"]).replace("FINISHED", COLOURS["finished"]) + "".join(
    f".w{n} {{ width: {n * 5}%; }}\n" for n in range(21))


def page_of(learners: int, now: float) -> tuple[int, int]:
    """(index of the page to show now, number of pages): the pages take turns, PAGE_SECONDS each."""
    pages = max(1, math.ceil(learners / PAGE_SIZE))
    return int(now // PAGE_SECONDS) % pages, pages


def refresh_after(pages: int, now: float) -> int:
    """Seconds until the page should reload: soon enough for fresh figures, and right when its page ends."""
    if pages == 1:
        return REFRESH_SECONDS
    return max(1, min(REFRESH_SECONDS, math.ceil(PAGE_SECONDS - now % PAGE_SECONDS)))


def _bar(row: dict, lessons: list[dict]) -> str:
    """One segment per step of each lesson, the first `done` of each lesson on; in a course a wider gap marks
    where the next lesson's steps begin."""
    segments = []
    for number, part in enumerate(bar_parts(row, lessons)):
        for n in range(part.steps):
            classes = " ".join(c for c in ("on" if n < part.done else "", "next" if number and not n else "") if c)
            segments.append(f'<i class="{classes}"></i>' if classes else "<i></i>")
    course = " course" if len(lessons) > 1 else ""
    return f'<div class="bar{course}">{"".join(segments)}</div>'


def _card(row: dict, data: dict, lang: str) -> str:
    state = row.get("state", "waiting")
    tag = t(f"classroom.board.state.{state}", lang)
    if state in ("moving", "stuck"):
        tag += " · " + t("classroom.minutes", lang, minutes=minutes(row["seconds_on_step"]))
    where = "" if state in ("waiting", "finished") else where_text(row, data)
    if state == "stuck" and row.get("last_error"):
        where = f"{row['last_error']} · {where}"  # the mistake first: a long step title would hide it
    return (f'<div class="card s-{state}"><div class="top"><span class="name">{html.escape(row["learner"])}</span>'
            f'<span class="tag">{html.escape(tag)}</span></div>{_bar(row, data["lessons"])}'
            f'<div class="where">{html.escape(where)}</div></div>')


def _funnel(data: dict, lang: str) -> str:
    everyone = max(1, len(data["learners"]))
    rows = "".join(
        f'<div class="lesson"><span class="label">{html.escape(label)}</span><span class="n">{learners}</span></div>'
        if heading else
        f'<div class="step"><span class="label">{html.escape(label)}</span><span class="n">{learners}</span>'
        f'<div class="track"><div class="fill w{round(20 * learners / everyone)}"></div></div></div>'
        for heading, label, learners in funnel_rows(data, lang))
    return f'<section><h2>{html.escape(t("classroom.board.funnel", lang))}</h2>{rows}</section>'


def _stuck(data: dict, lang: str) -> str:
    names = [row["learner"] for row in data["learners"] if row.get("state") == "stuck"]
    if not names:
        return ""
    shown = ", ".join(html.escape(name) for name in names[:STUCK_NAMES])
    more = f" +{len(names) - STUCK_NAMES}" if len(names) > STUCK_NAMES else ""
    return (f'<section><h2>{html.escape(t("classroom.board.stuck_list", lang))}: {len(names)}</h2>'
            f'<div class="names">{shown}{more}</div></section>')


def _mistakes(data: dict, lang: str) -> str:
    items = "".join(
        f"<li>{html.escape(mistake_text(e, data, lang))}: <b>{e['learners']}</b></li>"
        for e in data.get("common_errors", []))
    none = html.escape(t("classroom.board.no_mistakes", lang))
    body = f"<ol>{items}</ol>" if items else f'<div class="none">{none}</div>'
    return f'<section><h2>{html.escape(t("classroom.board.mistakes", lang))}</h2>{body}</section>'


def _said(data: dict, lang: str, now: float) -> str:
    said = data.get("last_say")
    if not said:
        return ""
    ago = t("classroom.board.said_ago", lang, minutes=minutes(now - said["at"]))
    return (f'<section><h2>{html.escape(t("classroom.board.said", lang))} <span class="ago">{html.escape(ago)}</span>'
            f'</h2><div class="said">{html.escape(said["text"])}</div></section>')


def render(data: dict, lang: str, now: float) -> str:
    """The whole page for the board data `data` (the service's /api/board answer) in `lang`, at time `now`."""
    learners = data["learners"]
    index, pages = page_of(len(learners), now)
    shown = learners[index * PAGE_SIZE:(index + 1) * PAGE_SIZE]
    started = data.get("started_at")
    since = t("classroom.board.started", lang, minutes=minutes(now - started)) if started else \
        t("classroom.board.not_started", lang)
    page = f'<span class="page">{html.escape(t("classroom.board.page", lang, page=index + 1, pages=pages))}</span>' \
        if pages > 1 else ""
    title = data.get("title") or data.get("lesson", "")
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{refresh_after(pages, now)}">'
        f"<title>tutor · {html.escape(data.get('lesson', ''))}</title><style>{BOARD_STYLE}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1>"
        f'<span class="counts">{html.escape(t("classroom.board.counts", lang, **counts(learners)))}</span>'
        f'<span class="since">{html.escape(since)}</span>{page}</header>'
        f'<main><div class="room">{"".join(_card(row, data, lang) for row in shown)}</div>'
        f"<aside>{_funnel(data, lang)}{_stuck(data, lang)}{_mistakes(data, lang)}{_said(data, lang, now)}</aside>"
        "</main></body></html>\n"
    )
