"""Translation parity and stale translations (`tutor validate`).

A lesson is written in one language, its source: the first of `languages` in lesson.yaml (the shipped lesson:
`id`, the seed's language). Every other language file is a translation of it and must keep what the tutor reads
the same: the step ids in the same order, each step's command blocks byte for byte, the variables it uses,
its question's options and its named hints.

A translation records which version of each source step it was made from, in its front matter:

    translated_from:
      registry: 5d41402abc4b   # the first 12 hex digits of the SHA-256 of the source step's section
      image: 7d793037a076

When a source step changes, its hash changes and validate names the step of the translation that is now
stale, with the new hash to record once the translation is brought up to date. A translation that records
nothing is compared for parity only (every shipped lesson records: tests/test_shipped_lessons.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from tutor.lesson.model import Lesson, LessonText, Problem, StepText
from tutor.lesson.questions import question_options
from tutor.lesson.template import variables_in

RECORD = "translated_from"


def source_language(lesson: Lesson) -> str:
    return lesson.languages[0]


def step_sections(path: str, text: LessonText) -> dict[str, str]:
    """Each step's section of a language file as written: from its heading to the next level-2 heading."""
    source = Path(path).read_text(encoding="utf-8")
    lines = source.splitlines()
    level2 = sorted(token.map[0] for token in MarkdownIt("commonmark").parse(source)
                    if token.type == "heading_open" and token.tag == "h2" and token.map)
    sections = {}
    for step_id, step in text.steps.items():
        start = step.line - 1
        end = next((line for line in level2 if line > start), len(lines))
        sections[step_id] = "\n".join(line.rstrip() for line in lines[start:end]).strip()
    return sections


def section_hash(section: str) -> str:
    return hashlib.sha256(section.encode("utf-8")).hexdigest()[:12]


def source_hashes(lesson: Lesson) -> dict[str, str]:
    """What a translation records: each step of the source language and the hash of its section now."""
    source = lesson.texts[source_language(lesson)]
    return {step_id: section_hash(section) for step_id, section in step_sections(source.path, source).items()}


def recorded(path: str) -> dict[str, str] | None:
    """The translation's `translated_from` record, or None when its front matter has none."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    try:
        front = yaml.safe_load(text[3:end]) if end > 0 else None
    except yaml.YAMLError:
        return None
    record = front.get(RECORD) if isinstance(front, dict) else None
    return {str(k): str(v) for k, v in record.items()} if isinstance(record, dict) else None


def translation_problems(lesson: Lesson) -> list[Problem]:
    """Every difference between a translation and the source that the tutor would feel, and every stale step."""
    source_lang = source_language(lesson)
    source = lesson.texts.get(source_lang)
    if source is None:
        return []
    source_file = Path(source.path).name
    hashes = source_hashes(lesson)
    problems: list[Problem] = []
    for lang, text in lesson.texts.items():
        if lang == source_lang:
            continue
        if list(text.steps) != list(source.steps):
            problems.append(Problem(text.path, 1, "problem.translation_step_ids",
                                    {"file": Path(text.path).name, "found": ", ".join(text.steps),
                                     "source": source_file, "expected": ", ".join(source.steps)}))
        for step_id, step in text.steps.items():
            original = source.steps.get(step_id)
            if original is not None:
                problems += _parity(text.path, step_id, step, original, source_file)
        record = recorded(text.path)
        if record is None:
            continue  # nothing recorded, nothing to compare (a shipped lesson records: tests/test_shipped_lessons.py)
        for step_id, step in text.steps.items():
            if step_id in hashes and record.get(step_id) != hashes[step_id]:
                problems.append(Problem(text.path, step.line, "problem.translation_stale",
                                        {"step": step_id, "source": source_file, "hash": hashes[step_id]}))
    return problems


def _parity(path: str, step_id: str, step: StepText, original: StepText, source: str) -> list[Problem]:
    found = []
    values = {"step": step_id, "source": source}
    if step.commands != original.commands:
        found.append(Problem(path, step.line, "problem.translation_commands", values))
    compared = [
        ("problem.translation_variables", _variables(step), _variables(original)),
        ("problem.translation_options", question_options(step.body), question_options(original.body)),
        ("problem.translation_hints", tuple(sorted(step.named_hints)), tuple(sorted(original.named_hints))),
    ]
    for key, mine, theirs in compared:
        if mine != theirs:
            found.append(Problem(path, step.line, key, {**values, "found": ", ".join(mine) or "-",
                                                        "expected": ", ".join(theirs) or "-"}))
    return found


def _variables(step: StepText) -> tuple[str, ...]:
    texts = [step.title, step.body, *step.hints, *step.named_hints.values()]
    return tuple(sorted({name for text in texts for name in variables_in(text)}))
