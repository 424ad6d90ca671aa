"""The handout: each new learner's username, one-time password and join command, in three forms written side by
side: Markdown (to read), CSV (for a mail merge or a script) and HTML with print CSS (cards to print and cut,
eight to an A4 sheet, in Indonesian and English). Pure rendering plus one writer that never overwrites."""

from __future__ import annotations

import csv
import html
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.files import write_private
from tutor.i18n import t

CARDS_PER_SHEET = 8  # 2 columns x 4 rows on A4: cards of 95 x 69 mm, large enough to read the password at arm's length
# Both languages on every card: a room may mix them, and the instructor prints one pile.
CARD_LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Card:
    username: str
    password: str
    join: str  # the one command the learner types


@dataclass(frozen=True)
class HandoutFiles:
    markdown: Path
    csv: Path
    html: Path


def as_csv(cards: Sequence[Card]) -> str:
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["username", "password", "join"])
    writer.writerows((card.username, card.password, card.join) for card in cards)
    return table.getvalue()


def both_languages(key: str, **values: str) -> str:
    """One label in both languages, Indonesian first: "Nama pengguna · Username" (one, when they agree)."""
    return " · ".join(dict.fromkeys(t(key, lang, **values) for lang in CARD_LANGUAGES))


def as_markdown(cards: Sequence[Card], lessons: Sequence[str], registry: str) -> str:
    """The same words as the printed cards, in both languages (the instructor may read either)."""
    head = [both_languages(key).replace("|", "\\|")
            for key in ("classroom.card.username", "classroom.card.password", "classroom.card.join")]
    lines = [f"# tutor · {', '.join(lessons)}", "", f"{both_languages('classroom.card.registry')}: `{registry}`", "",
             f"| {' | '.join(head)} |", "|---|---|---|"]
    lines += [f"| {card.username} | `{card.password}` | `{card.join}` |" for card in cards]
    return "\n".join(lines) + "\n"


def _both(key: str, **values: str) -> str:
    return html.escape(both_languages(key, **values))


# Monospace fonts whose l, 1, I, 0 and O differ at a glance (DejaVu Sans Mono and Liberation Mono: a dotted
# zero beside a round O, a tailed l, a 1 with a flag and a base, a serifed I; Menlo and Consolas: a slashed
# zero). Generated passwords hold none of those characters anyway; usernames and join commands may.
MONO = '"DejaVu Sans Mono", "Liberation Mono", "Menlo", "Consolas", monospace'
HANDOUT_STYLE = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; background: #fff; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: 69mm; width: 190mm;
         border-top: 0.4mm dashed #666; border-left: 0.4mm dashed #666; break-after: page; }
.sheet:last-child { break-after: auto; }
.card { border-right: 0.4mm dashed #666; border-bottom: 0.4mm dashed #666; padding: 4mm 5mm; overflow: hidden; }
.head { font-size: 8pt; color: #444; margin-bottom: 2mm; }
.label { font-size: 7.5pt; color: #444; margin-top: 1.6mm; }
.mono { font-family: MONO; }
.user { font-size: 15pt; font-weight: bold; }
.password { font-size: 15pt; font-weight: bold; letter-spacing: 0.04em; }
.join { font-size: 7.5pt; line-height: 1.25; word-break: break-all; background: #f2f2f2; padding: 1mm; }
.next { font-size: 10pt; font-weight: bold; }
@media screen { body { margin: 10mm; } .sheet { margin-bottom: 10mm; } }
""".replace("MONO", MONO)


def _card(card: Card, lessons: Sequence[str]) -> str:
    # The first lesson is named on the card; `tutor start` then goes on through the room's others by itself.
    return (
        '<div class="card">'
        f'<div class="head">tutor · {html.escape(", ".join(lessons))}</div>'
        f'<div class="label">{_both("classroom.card.username")}</div>'
        f'<div class="mono user">{html.escape(card.username)}</div>'
        f'<div class="label">{_both("classroom.card.password")}</div>'
        f'<div class="mono password">{html.escape(card.password)}</div>'
        f'<div class="label">1. {_both("classroom.card.join")}</div>'
        f'<div class="mono join">{html.escape(card.join)}</div>'
        f'<div class="label">2. {_both("classroom.card.next")}</div>'
        f'<div class="mono next">tutor start {html.escape(lessons[0])}</div>'
        "</div>"
    )


def as_html(cards: Sequence[Card], lessons: Sequence[str]) -> str:
    sheets = "".join(
        '<section class="sheet">' + "".join(_card(card, lessons) for card in cards[start:start + CARDS_PER_SHEET])
        + "</section>" for start in range(0, len(cards), CARDS_PER_SHEET))
    return (f'<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
            f"<title>tutor · {html.escape(', '.join(lessons))} · {_both('classroom.card.handout')}</title>"
            f"<style>{HANDOUT_STYLE}</style></head><body>{sheets}</body></html>\n")


def write_handout(directory: Path, cards: Sequence[Card], lessons: Sequence[str], registry: str) -> HandoutFiles:
    """Writes the handout under the first free name (handout, handout-2, ...): a handout is never written over,
    each file whole and private (0600) from its first byte, as they hold one-time passwords."""
    contents = {"csv": as_csv(cards), "md": as_markdown(cards, lessons, registry),
                "html": as_html(cards, lessons)}
    for number in itertools.count(1):
        stem = "handout" if number == 1 else f"handout-{number}"
        paths = {suffix: directory / f"{stem}.{suffix}" for suffix in contents}
        if any(path.exists() for path in paths.values()):
            continue
        try:
            for suffix, path in paths.items():
                write_private(path, contents[suffix].encode("utf-8"), exclusive=True)
        except FileExistsError:  # another `up` took this number meanwhile
            continue
        return HandoutFiles(paths["md"], paths["csv"], paths["html"])
    raise AssertionError("unreachable")
