"""What `tutor list` shows, read cheaply: the manifest's id, steps and languages, and each language file's
front matter title. No Markdown parsing (that is for show, start and validate), so listing stays fast."""

from __future__ import annotations

from pathlib import Path

import yaml

from tutor.lesson.model import MANIFEST

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter(path: Path) -> dict:
    """The YAML between a first line `---` and the next `---` line."""
    lines: list[str] = []
    with path.open(encoding="utf-8") as handle:
        if handle.readline().strip() != "---":
            return {}
        for line in handle:
            if line.strip() == "---":
                data = yaml.load("".join(lines), Loader=_Loader)  # noqa: S506 - a safe loader
                return data if isinstance(data, dict) else {}
            lines.append(line)
    return {}


def lesson_summary(directory: Path) -> tuple[str, dict[str, str], int, tuple[str, ...]] | None:
    """(id, title per language, number of steps, languages), or None when the lesson cannot be read."""
    try:
        manifest = yaml.load((directory / MANIFEST).read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
        steps = manifest["steps"]
        languages = tuple(manifest.get("languages") or ())
        titles = {}
        for lang in languages:
            title = _front_matter(directory / f"{lang}.md").get("title")
            if isinstance(title, str):
                titles[lang] = title
        if not isinstance(steps, list) or not titles:
            return None
        return str(manifest.get("id", directory.name)), titles, len(steps), tuple(titles)
    except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return None
