"""Plain output for screen readers, logs and dumb terminals: `--plain` (anywhere on the line) or TERM=dumb give
no colour and no box drawing, every panel its label on a line of its own; NO_COLOR turns colour off only.
Run under a real pseudo-terminal, where rich would otherwise colour and draw."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest
from realdocker import REGISTRY_BINARY

BOXES = re.compile(r"[\u2500-\u259f]")  # box drawing and block elements (panel borders, rules, quote bars)
COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # SGR: colours and styles


def _shown(*args: str, env: dict | None = None) -> str:
    child = pexpect.spawn(sys.executable, ["-m", "tutor", *args], env={**os.environ, "TERM": "xterm", **(env or {})},
                          encoding="utf-8", timeout=60, dimensions=(50, 100), codec_errors="replace")
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output[-2000:]
    return output


@pytest.mark.slow  # the tutor in fresh processes under a real PTY
def test_show_is_boxed_and_coloured_by_default_plain_with_plain_or_a_dumb_terminal():
    boxed = _shown("show", "docker-push")
    assert BOXES.search(boxed) and COLOUR.search(boxed)  # what plain mode takes away is there by default
    for output in (_shown("show", "docker-push", "--plain"), _shown("--plain", "--lang", "id", "show", "docker-push"),
                   _shown("show", "docker-push", env={"TERM": "dumb"})):
        assert not BOXES.search(output) and not COLOUR.search(output)
        lines = [line.strip() for line in output.splitlines()]
        assert "Step 1 of 8 · What is a registry?" in lines or "Langkah 1 dari 8 · Apa itu registry?" in lines


@pytest.mark.slow  # the tutor in fresh processes under a real PTY
def test_no_color_turns_colour_off_and_keeps_the_layout():
    output = _shown("show", "docker-push", env={"NO_COLOR": "1"})
    assert BOXES.search(output)
    assert not re.search(r"\x1b\[(?:3\d|4\d|9\d|38|48)[;m]", output)  # no colour (bold may stay)


@pytest.mark.slow  # the tutor in fresh processes under a real PTY
def test_the_plain_option_is_in_the_help():
    assert "--plain" in _shown("--help") and "--plain" in _shown("--lang", "id", "--help")


@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_a_plain_lesson_has_labelled_lines_and_nothing_drawn(room):
    """The tutor's own output in the learner's shell, read raw (the Learner helper would hide what is drawn)."""
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--user", "budi", "--plain"],
                          env={**room.env, "TERM": "xterm"}, encoding="utf-8", timeout=60, dimensions=(50, 100),
                          codec_errors="replace")
    try:
        child.expect_exact("learner$ ")
        shown = child.before
        child.sendline("hint")
        child.expect_exact("learner$ ")
        shown += child.before
        child.sendline("answer b")
        child.expect_exact("Done: What is a registry?")
        shown += child.before
        child.expect_exact("learner$ ")
        shown += child.before
        child.sendline("steps")  # the journey picture too (QA finding 5: its arrows were drawn)
        child.expect_exact("learner$ ")
        assert "docker tag" in child.before
        shown += child.before
        assert not BOXES.search(shown) and "▶" not in shown, BOXES.findall(shown)
        assert not COLOUR.search(shown), COLOUR.findall(shown)
        lines = [line.strip() for line in shown.replace("\r", "").splitlines()]
        for label in ("Your practice account", "Step 1 of 8 · What is a registry?", "Hint 1 of 2",
                      "Step 2 of 8 · Prepare the image fastapi-app"):  # no literal `code` marks (QA 16)
            assert label in lines, (label, lines)
    finally:
        child.sendline("exit")
        child.expect(pexpect.EOF, timeout=30)
