"""The learner's shell and its marks, in every shell the tutor offers."""

import shutil

import pytest

from tutor.shell import LearnerShell, MarkParser, Prompt

SHELLS = [name for name in ("bash", "zsh") if shutil.which(name)]


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_exit_codes_output_and_words(shell, monkeypatch, tmp_path):
    monkeypatch.setenv("TUTOR_SHELL", shell)
    monkeypatch.setenv("HOME", str(tmp_path))  # no rc file of this machine's user interferes
    learner = LearnerShell({"TUTOR_PS1": "L$ "})
    try:
        assert learner.read_until_prompt(lambda b: None, timeout=20) == Prompt(None)
        seen = []
        for line in ("echo one   two", "false", "printf 'a\\nb\\n'", "hint", "lang id"):
            learner.child.send(line + "\r")
            seen.append(learner.read_until_prompt(lambda b: None, timeout=20))
        echo, false, printf, hint, lang = seen
        assert (echo.command.command, echo.command.exit_code, echo.command.output.strip()) == ("echo one   two", 0, "one two")
        assert (false.command.command, false.command.exit_code) == ("false", 1)
        assert printf.command.output.splitlines() == ["a", "b"]
        assert hint.word.name == "hint" and lang.word.args == ("id",)
        learner.child.send("\r")  # Enter on an empty line: a prompt, no command
        assert learner.read_until_prompt(lambda b: None, timeout=20).command is None
    finally:
        learner.close()


def test_marks_split_across_chunks_and_never_shown():
    parser = MarkParser()
    stream = b"\x1b]133;C\x07hello\r\n\x1b]133;D;0;" + b"ZWNobyBoZWxsbw==" + b"\x07L$ "
    parts = []
    for index in range(len(stream)):  # one byte at a time: the worst chunking
        parts += parser.feed(stream[index:index + 1])
    shown = b"".join(p for p in parts if isinstance(p, bytes))
    prompts = [p for p in parts if isinstance(p, Prompt)]
    assert shown == b"hello\r\nL$ "
    assert [p.command.command for p in prompts] == ["echo hello"]
    assert prompts[0].command.output == "hello\n"
