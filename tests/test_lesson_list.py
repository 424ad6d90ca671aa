"""`tutor list`: plain columns that line up, and the lesson index that lets an unchanged lesson be listed
without the YAML parser. Speed itself is measured in benchmarks/bench_session.py; these tests pin down the
properties it depends on (which modules a listing imports) and that the index is never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import replace_in

from tutor.lesson.summary import Summary, lesson_summaries
from tutor.ui.columns import format_columns


def test_columns_line_up_with_right_alignment_and_wide_characters():
    lines = format_columns(("ID", "TITLE", "N"), [("a", "中文标题", "8"), ("long-id", "x", "12")], right=frozenset({2}))
    assert lines == [
        "ID        TITLE       N",
        "a         中文标题    8",  # four wide characters take eight cells
        "long-id   x          12",
    ]


def test_columns_squeeze_the_named_column_to_fit_the_width():
    rows = [("docker-push", "Docker Push — uploading an image to a registry", "8")]
    lines = format_columns(("ID", "TITLE", "STEPS"), rows, squeeze=1, width=40)
    assert all(len(line) <= 40 for line in lines), lines
    assert lines[1].startswith("docker-push   Docker Push — up") and "…" in lines[1]
    assert lines[1].endswith("8")
    # Never below a readable minimum, even on an absurdly narrow terminal: then the line wraps.
    tiny = format_columns(("ID", "TITLE"), [rows[0][:2]], squeeze=1, width=5)
    assert tiny[1] == "docker-push   Docker …"


@pytest.mark.slow  # the tutor in a fresh process under a real PTY
def test_columns_fit_the_terminal_when_printed_to_one(tmp_path):
    """Through a real pseudo-terminal 50 columns wide, as a learner on a small window sees it."""
    import pexpect

    env = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "list", "--lang", "en"], dimensions=(24, 50),
                          env={**env, "TUTOR_HOME": str(tmp_path)}, encoding="utf-8", timeout=30)
    output = child.read()
    child.close()
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[0].split() == ["ID", "TITLE", "STEPS", "LANGUAGES"], output
    assert all(len(line) <= 50 for line in lines), output
    assert "…" in lines[1] and lines[1].endswith("id, en"), output


def _listing_env(home) -> dict:
    return {**os.environ, "TUTOR_HOME": str(home)}


def _modules_loaded_by_list(home) -> set[str]:
    code = ("import sys; from tutor.cli import main\n"
            "try:\n    main(['list'])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_listing_env(home),
                          check=True)
    assert "docker-push" in done.stdout
    return set(done.stderr.split())


@pytest.mark.slow  # two fresh interpreters: only a fresh one shows what a listing imports
def test_a_listing_never_imports_rich_console_and_a_warm_one_not_yaml(tmp_path):
    cold = _modules_loaded_by_list(tmp_path)
    assert "yaml" in cold  # the first listing reads the manifests and fills the index
    assert (tmp_path / "cache" / "lesson-index.json").is_file()
    warm = _modules_loaded_by_list(tmp_path)
    for heavy in ("yaml", "rich.console", "rich.table", "markdown_it", "docker", "pexpect", "importlib.resources"):
        assert heavy not in warm, heavy


def test_the_index_follows_every_change_to_a_lesson(tmp_path, monkeypatch, lesson_copy):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    [(_, first)] = lesson_summaries([lesson_copy])
    assert first == Summary("docker-push", first.titles, 8, ("id", "en"), default=True, order=1)
    replace_in(lesson_copy / "en.md", "title: Docker Push — uploading an image to a registry", "title: Pushing")
    [(_, edited)] = lesson_summaries([lesson_copy])
    assert edited.titles["en"] == "Pushing"
    replace_in(lesson_copy / "lesson.yaml", "steps:", "stepz:")
    assert lesson_summaries([lesson_copy]) == [(lesson_copy, None)]  # broken now: listed as broken
    replace_in(lesson_copy / "lesson.yaml", "stepz:", "steps:")
    (lesson_copy / "id.md").unlink()
    [(_, fewer)] = lesson_summaries([lesson_copy])
    assert fewer.languages == ("en",)


def test_an_unchanged_lesson_comes_from_the_index(tmp_path, monkeypatch, lesson_copy):
    """Proof the index is really read: a summary planted in it (same file signatures) is what comes back."""
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    lesson_summaries([lesson_copy])
    index_path = tmp_path / "home" / "cache" / "lesson-index.json"
    index = json.loads(index_path.read_text())
    index["lessons"][str(lesson_copy)]["summary"]["titles"]["en"] = "From the index"
    index_path.write_text(json.dumps(index))
    [(_, summary)] = lesson_summaries([lesson_copy])
    assert summary.titles["en"] == "From the index"


def test_a_damaged_or_unwritable_index_still_lists(tmp_path, monkeypatch, lesson_copy):
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    index_path = tmp_path / "home" / "cache" / "lesson-index.json"
    index_path.parent.mkdir(parents=True)
    from tutor.lesson.summary import _signature

    signature = json.dumps(_signature(lesson_copy))
    ill_typed = ('{"format": 1, "lessons": {"%s": {"signature": %s, "summary": '
                 '{"id": "x", "titles": 5, "steps": "8", "languages": [1]}}}}' % (lesson_copy, signature))
    for damage in (ill_typed, "{not json", '{"format": 1, "lessons": {"%s": {"signature": 3}}}' % lesson_copy,
                   '{"format": 1, "lessons": {"%s": {"signature": [], "summary": 5}}}' % lesson_copy, "[]"):
        index_path.write_text(damage)
        [(_, summary)] = lesson_summaries([lesson_copy])
        assert summary is not None and summary.steps == 8, damage
    index_path.unlink()
    index_path.parent.chmod(0o500)
    try:
        if os.geteuid() == 0:
            monkeypatch.setenv("TUTOR_HOME", "/proc/tutor-home")  # root ignores modes; /proc refuses new files
        [(_, summary)] = lesson_summaries([lesson_copy])
        assert summary is not None and summary.steps == 8
    finally:
        index_path.parent.chmod(0o700)
