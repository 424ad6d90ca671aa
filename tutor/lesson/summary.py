"""What `tutor list` shows, read cheaply: the manifest's id, steps and languages, and each language file's
front matter title. No Markdown parsing (that is for show, start and validate), so listing stays fast.

Summaries are kept in a small JSON index in the tutor's cache directory, keyed by the size and modification
time of each lesson's files: an unchanged lesson is listed without importing or running the YAML parser
(about 15 ms of `tutor list`'s start-up, see benchmarks/bench_session.py). Any change to a lesson's files
re-reads that lesson; an unreadable or unwritable index is simply rebuilt or skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from tutor.lesson.catalog import MANIFEST

INDEX_FORMAT = 1


class Summary(NamedTuple):
    id: str
    titles: dict[str, str]  # language -> title
    steps: int
    languages: tuple[str, ...]


def _front_matter(path: Path, load) -> dict:
    """The YAML between a first line `---` and the next `---` line."""
    lines: list[str] = []
    with path.open(encoding="utf-8") as handle:
        if handle.readline().strip() != "---":
            return {}
        for line in handle:
            if line.strip() == "---":
                data = load("".join(lines))
                return data if isinstance(data, dict) else {}
            lines.append(line)
    return {}


def lesson_summary(directory: Path) -> Summary | None:
    """The summary read from the lesson's files, or None when the lesson cannot be read."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def load(text: str):
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader

    try:
        manifest = load((directory / MANIFEST).read_text(encoding="utf-8"))
        steps = manifest["steps"]
        languages = tuple(manifest.get("languages") or ())
        titles = {}
        for lang in languages:
            if not (directory / f"{lang}.md").is_file():
                continue  # listed with the languages it really has; `tutor validate` names the missing file
            title = _front_matter(directory / f"{lang}.md", load).get("title")
            if isinstance(title, str):
                titles[lang] = title
        if not isinstance(steps, list) or not titles:
            return None
        return Summary(str(manifest.get("id", directory.name)), titles, len(steps), tuple(titles))
    except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return None


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
                                         "languages": list(summary.languages)}


def _from_json(data: dict | None) -> Summary | None:
    """The summary an index entry holds; TypeError when the entry was damaged (the lesson is read again)."""
    if data is None:
        return None
    summary = Summary(data["id"], data["titles"], data["steps"], tuple(data["languages"]))
    titles_ok = isinstance(summary.titles, dict) and summary.titles and all(
        isinstance(k, str) and isinstance(v, str) for k, v in summary.titles.items())
    if not (isinstance(summary.id, str) and titles_ok and isinstance(summary.steps, int)
            and all(isinstance(lang, str) for lang in summary.languages)):
        raise TypeError("damaged lesson index entry")
    return summary


def _index_path() -> Path:
    from tutor.paths import cache_dir

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
    from tutor.files import write_json

    try:
        write_json(path, {"format": INDEX_FORMAT, "lessons": lessons})
    except OSError:
        pass  # only a cache: a read-only home still lists lessons, just a little slower
