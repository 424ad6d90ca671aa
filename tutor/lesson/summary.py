"""What `tutor list` shows (id, titles, step count (per platform), languages) and which lesson is the default, kept in a
small JSON index in the tutor's cache directory, keyed by the size and modification time of each lesson's
files. The summaries are made by the one reader of the lesson format (tutor.lesson.loader); an unchanged
lesson is listed from the index without importing it, any change to a lesson's files re-reads that lesson,
and an unreadable or unwritable index is simply rebuilt or skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from tutor.files import write_json
from tutor.lesson.catalog import MANIFEST, list_lessons
from tutor.paths import cache_dir

INDEX_FORMAT = 4


class Summary(NamedTuple):
    id: str
    titles: dict[str, str]  # language -> title
    steps: int
    languages: tuple[str, ...]
    default: bool = False  # the lesson declares itself the default (lesson.yaml `default: true`)
    order: int | None = None  # its place in the course (lesson.yaml `course`), None when outside it
    requires: tuple[str, ...] = ()
    # A lesson with steps for some platforms only (`only:`): how many steps each platform it names gets.
    platform_steps: dict[str, int] = {}  # noqa: RUF012 (a NamedTuple field's default, never mutated)

    def steps_for(self, platform: str) -> int:
        """The steps a learner on `platform` gets (a platform the lesson does not name gets its common ones)."""
        if not self.platform_steps:
            return self.steps
        return self.platform_steps.get(platform, self.platform_steps.get("", self.steps))


def lesson_summary(directory: Path) -> Summary | None:
    """The summary of the lesson in `directory` as the loader reads it, or None when it cannot be listed (no
    steps, or no language file with a title). A lesson with other problems is still listed; `tutor validate`
    names them."""
    # Imported only when the index has no entry for the lesson: the loader (PyYAML, markdown-it) costs about
    # 200 ms, and `tutor list` must start within 1.5x of `import typer` (benchmarks/bench_session.py).
    from tutor.lesson.loader import read_lesson

    lesson, _ = read_lesson(directory)
    if lesson is None or not lesson.steps:
        return None
    titles = {lang: text.title for lang, text in lesson.texts.items() if text.title}
    if not titles:
        return None
    course = lesson.course
    counts = {name: len(lesson.for_platform(name).steps) for name in lesson.platforms}
    if counts:
        counts[""] = sum(1 for step in lesson.steps if not step.only)  # any other platform: the common steps
    return Summary(lesson.id, titles, len(lesson.steps), tuple(titles), lesson.default,
                   course.order if course else None, course.requires if course else (), counts)


def _signature(directory: Path) -> list | None:
    """Name, size and modification time of each file the summary is read from; None if the folder is gone."""
    try:
        with os.scandir(directory) as entries:
            files = [entry for entry in entries if entry.name == MANIFEST or entry.name.endswith(".md")]
            return sorted([entry.name, (stat := entry.stat()).st_size, stat.st_mtime_ns] for entry in files)
    except OSError:
        return None


def _as_json(summary: Summary | None) -> dict | None:
    return None if summary is None else {"id": summary.id, "titles": summary.titles, "steps": summary.steps,
                                         "languages": list(summary.languages), "default": summary.default,
                                         "order": summary.order, "requires": list(summary.requires),
                                         "platform_steps": summary.platform_steps}


def _from_json(data: dict | None) -> Summary | None:
    """The summary an index entry holds; TypeError when the entry was damaged (the lesson is read again)."""
    if data is None:
        return None
    summary = Summary(data["id"], data["titles"], data["steps"], tuple(data["languages"]), data["default"],
                      data["order"], tuple(data["requires"]), data["platform_steps"])
    titles_ok = isinstance(summary.titles, dict) and summary.titles and all(
        isinstance(k, str) and isinstance(v, str) for k, v in summary.titles.items())
    if not (isinstance(summary.id, str) and titles_ok and isinstance(summary.steps, int)
            and all(isinstance(lang, str) for lang in summary.languages) and isinstance(summary.default, bool)
            and (summary.order is None or isinstance(summary.order, int))
            and all(isinstance(r, str) for r in summary.requires)
            and isinstance(summary.platform_steps, dict)
            and all(isinstance(k, str) and isinstance(v, int) for k, v in summary.platform_steps.items())):
        raise TypeError("damaged lesson index entry")
    return summary


def _index_path() -> Path:
    return cache_dir() / "lesson-index.json"


def _read_index(path: Path) -> dict:
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT or not isinstance(index.get("lessons"), dict):
        return {}
    return index["lessons"]


def _cached(entry, signature: list | None) -> tuple[bool, Summary | None]:
    """(True, summary) when the index entry was made from exactly these files; (False, None) otherwise,
    including for an entry damaged by hand."""
    if signature is None or not isinstance(entry, dict) or entry.get("signature") != signature:
        return False, None
    try:
        return True, _from_json(entry["summary"])
    except (KeyError, TypeError):
        return False, None


def lesson_summaries(directories: Iterable[Path]) -> list[tuple[Path, Summary | None]]:
    """Each directory with its summary (None when the lesson cannot be read): from the index where the
    lesson's files are unchanged, else read afresh, and then the index is rewritten."""
    path = _index_path()
    known = _read_index(path)
    fresh: dict[str, dict] = {}
    result = []
    for directory in directories:
        key, signature = str(directory), _signature(directory)
        hit, summary = _cached(known.get(key), signature)
        if hit:
            fresh[key] = known[key]
        else:
            summary = lesson_summary(directory)
            if signature is not None:
                fresh[key] = {"signature": signature, "summary": _as_json(summary)}
        result.append((directory, summary))
    if fresh != known:
        _write_index(path, fresh)
    return result


def _write_index(path: Path, lessons: dict) -> None:
    try:
        write_json(path, {"format": INDEX_FORMAT, "lessons": lessons})
    except OSError:
        pass  # only a cache: a read-only home still lists lessons, just a little slower


def readable_summaries() -> list[Summary]:
    """The summaries of the lessons that can be read, in list order (an unreadable one: `tutor validate` says why)."""
    return [summary for _, summary in lesson_summaries(list_lessons()) if summary is not None]


def default_lesson_id() -> str:
    """The bundled lesson that declares itself the default, else the first one that can be listed ("" when
    none can): what a classroom runs, and what a learner with nothing started is pointed to."""
    listed = readable_summaries()
    return next((s.id for s in listed if s.default), listed[0].id if listed else "")
