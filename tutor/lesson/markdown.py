"""Reads one language file of a lesson (`id.md`, `en.md`) into a LessonText.

The structure comes from markdown-it-py's tokens (front matter, headings, fences, list items, each with its
source lines); the step and hint bodies are the author's own Markdown sliced from the source by those lines,
so they render exactly as written.

    ---
    title: Docker Push
    summary: one line shown under the title by `tutor show`
    ---
    Intro prose.
    ## A step title {#step-id}
    Prose and ```bash command blocks```.
    ### Hints {.hints}          <- progressive hints: one list item each
    ### Some title {#denied}    <- a named hint, shown when a trigger names it
    ## Common hints {.hints}    <- named hints (### ... {#name}) for every step
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from types import MappingProxyType

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from tutor.lesson.model import LessonText, Problem, StepText
from tutor.lesson.template import COMMAND_LANGUAGES, variables_in
from tutor.lesson.yaml_lines import error_line, error_text, load_yaml

# Pandoc-style trailing attributes on a heading: `## Title {#id .class}`. Only this suffix is read by hand;
# everything else is markdown-it's parse.
_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*\Z")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
HINTS_CLASS = "hints"

_parser: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    global _parser
    if _parser is None:
        _parser = MarkdownIt("commonmark").use(front_matter_plugin)
    return _parser


@dataclass
class ParsedText:
    text: LessonText | None
    problems: list[Problem] = field(default_factory=list)
    variable_uses: list[tuple[str, int]] = field(default_factory=list)  # (name, line)
    hint_lines: dict[str, int] = field(default_factory=dict)  # named hint -> line (steps' and common)
    hint_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # named hint -> (line, line after)
    step_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class _Heading:
    level: int
    start: int  # 0-based line of the heading
    title: str
    id: str | None
    classes: tuple[str, ...]


def _heading_attrs(content: str) -> tuple[str, str | None, tuple[str, ...]]:
    match = _ATTRS.search(content)
    if not match:
        return content.strip(), None, ()
    ident, classes = None, []
    for part in match.group(1).split():
        if part.startswith("#"):
            ident = part[1:]
        elif part.startswith("."):
            classes.append(part[1:])
    return content[: match.start()].strip(), ident, tuple(classes)


def _slice(lines: list[str], start: int, end: int) -> str:
    return "".join(lines[start:end]).strip("\n")


def _commands(fence_content: str) -> list[str]:
    """Each command of a shell block; backslash-continued lines are one command; comments are skipped."""
    commands, current = [], ""
    for raw in fence_content.splitlines():
        line = raw.rstrip()
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1].rstrip() + " "
            continue
        commands.append((current + line.strip()).strip())
        current = ""
    if current.strip():
        commands.append(current.strip())
    return commands


def _list_items(tokens: list[Token], lines: list[str]) -> list[str]:
    """The Markdown of each top-level item of the first list in `tokens`, without its marker."""
    items: list[str] = []
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "list_item_open" and depth == 1 and token.map:
            start, end = token.map
            first, *rest = lines[start:end]
            marker = (token.info or "") + token.markup
            first = first.lstrip()[len(marker) :].lstrip()
            item = (first + textwrap.dedent("".join(rest))).strip()
            if item:
                items.append(item)
    return items


def parse_language_file(text: str, path: str, lang: str) -> ParsedText:
    lines = text.splitlines(keepends=True)
    out = ParsedText(text=None)
    tokens = _markdown().parse(text)

    for number, line in enumerate(lines, start=1):
        out.variable_uses.extend((name, number) for name in variables_in(line))

    front: dict = {}
    body_start = 0
    if tokens and tokens[0].type == "front_matter":
        body_start = tokens[0].map[1] if tokens[0].map else 0
        try:
            loaded = load_yaml(tokens[0].content)
        except yaml.YAMLError as error:
            out.problems.append(
                Problem(path, error_line(error, offset=1), "problem.yaml_syntax", {"error": error_text(error)})
            )
            loaded = {}
        if isinstance(loaded, dict):
            front = loaded
        elif loaded is not None:
            out.problems.append(Problem(path, 1, "problem.front_matter_not_mapping"))
    else:
        out.problems.append(Problem(path, 1, "problem.no_front_matter"))
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        out.problems.append(Problem(path, 1, "problem.no_title"))
        title = ""
    summary = front.get("summary", "")
    summary = summary if isinstance(summary, str) else ""

    headings: list[tuple[_Heading, int]] = []  # heading and the index of its token
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            inline = tokens[index + 1].content if index + 1 < len(tokens) else ""
            title_text, ident, classes = _heading_attrs(inline)
            headings.append((_Heading(int(token.tag[1]), token.map[0], title_text, ident, classes), index))

    h2 = [(h, i) for h, i in headings if h.level == 2]
    intro_end = h2[0][0].start if h2 else len(lines)
    steps: dict[str, StepText] = {}
    common: dict[str, str] = {}

    for position, (heading, token_index) in enumerate(h2):
        end_line = h2[position + 1][0].start if position + 1 < len(h2) else len(lines)
        end_token = h2[position + 1][1] if position + 1 < len(h2) else len(tokens)
        section_tokens = tokens[token_index:end_token]
        subs = [(h, i) for h, i in headings if h.level == 3 and heading.start < h.start < end_line]
        line_number = heading.start + 1

        if HINTS_CLASS in heading.classes:  # lesson-wide named hints
            for sub, sub_end in _subsections(subs, end_line):
                if sub.id:
                    _add_hint(out, common, sub, lines, sub_end, path)
            continue
        if not heading.id:
            out.problems.append(Problem(path, line_number, "problem.step_without_id", {"title": heading.title}))
            continue
        if not ID_PATTERN.match(heading.id):
            out.problems.append(Problem(path, line_number, "problem.bad_id", {"id": heading.id}))
            continue
        if heading.id in steps:
            out.problems.append(Problem(path, line_number, "problem.duplicate_step_text", {"id": heading.id}))
            continue

        hints: list[str] = []
        named: dict[str, str] = {}
        excluded: list[tuple[int, int]] = []
        for sub, sub_end in _subsections(subs, end_line):
            if HINTS_CLASS in sub.classes:
                sub_tokens = [tok for tok in section_tokens if tok.map and sub.start < tok.map[0] < sub_end]
                hints.extend(_list_items(sub_tokens, lines))
                if not hints:
                    out.problems.append(Problem(path, sub.start + 1, "problem.hints_not_list"))
                excluded.append((sub.start, sub_end))
            elif sub.id:
                _add_hint(out, named, sub, lines, sub_end, path)
                excluded.append((sub.start, sub_end))

        def kept(line_index: int, excluded: list[tuple[int, int]] = excluded) -> bool:
            return not any(start <= line_index < end for start, end in excluded)

        body = "".join(line for i, line in enumerate(lines) if heading.start < i < end_line and kept(i)).strip("\n")
        commands = [
            command
            for tok in section_tokens
            if tok.type == "fence" and tok.map and kept(tok.map[0])
            and (tok.info.split() or [""])[0].lower().strip("{}.") in COMMAND_LANGUAGES
            for command in _commands(tok.content)
        ]
        if not body.strip() and not hints and not named:
            out.problems.append(Problem(path, line_number, "problem.empty_step", {"id": heading.id}))
        out.step_lines[heading.id] = line_number
        steps[heading.id] = StepText(
            title=heading.title or heading.id,
            body=body,
            commands=tuple(commands),
            hints=tuple(hints),
            named_hints=MappingProxyType(named),
            path=path,
            line=line_number,
        )

    out.text = LessonText(
        lang=lang,
        title=title,
        summary=summary.strip(),
        intro=_slice(lines, body_start, intro_end),
        steps=MappingProxyType(steps),
        common_hints=MappingProxyType(common),
        path=path,
        hint_lines=MappingProxyType(out.hint_lines),
    )
    return out


def _subsections(subs: list[tuple[_Heading, int]], end_line: int):
    for position, (sub, _) in enumerate(subs):
        yield sub, subs[position + 1][0].start if position + 1 < len(subs) else end_line


def _add_hint(out: ParsedText, into: dict[str, str], heading: _Heading, lines: list[str], end: int,
              path: str) -> None:
    line = heading.start + 1
    body = _slice(lines, heading.start + 1, end)
    if not ID_PATTERN.match(heading.id or ""):
        out.problems.append(Problem(path, line, "problem.bad_id", {"id": heading.id}))
    elif heading.id in into:
        out.problems.append(Problem(path, line, "problem.duplicate_hint", {"name": heading.id}))
    elif not body.strip():
        out.problems.append(Problem(path, line, "problem.empty_hint", {"name": heading.id}))
    else:
        into[heading.id] = body
        out.hint_lines.setdefault(heading.id, line)
        out.hint_spans.setdefault(heading.id, []).append((line, end + 1))
