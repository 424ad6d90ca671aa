"""The learner's shell and its marks, in every shell the tutor offers."""

import shutil

import pytest

from tutor.live.marks import MarkParser, Prompt
from tutor.live.shell import LearnerShell

SHELLS = [name for name in ("bash", "zsh", "dash", "busybox") if shutil.which(name)]


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_exit_codes_output_and_words(shell, monkeypatch, tmp_path):
    monkeypatch.setenv("TUTOR_SHELL", shell)
    monkeypatch.setenv("HOME", str(tmp_path))  # no rc file of this machine's user interferes
    learner = LearnerShell({"TUTOR_PS1": "L$ "})
    try:
        assert learner.read_until_prompt(lambda b: None, timeout=20) == Prompt(None)
        seen = []
        for line in ("echo one   two", "false", "printf 'a\\nb\\n'", "hint", "lang id", "petunjuk", "jawab b",
                     "bahasa en", "lanjut", "kenapa"):
            learner.child.send(line + "\r")
            seen.append(learner.read_until_prompt(lambda b: None, timeout=20))
        echo, false, printf, hint, lang, *indonesian = seen
        assert (echo.command.command, echo.command.exit_code) == ("echo one   two", 0)
        assert echo.command.output.strip() == "one two"
        assert (false.command.command, false.command.exit_code) == ("false", 1)
        assert printf.command.output.splitlines() == ["a", "b"]
        assert hint.word.name == "hint" and lang.word.args == ("id",)
        # The Indonesian words reach the tutor as the session's own.
        assert [(p.word.name, p.word.args) for p in indonesian] == [("hint", ()), ("answer", ("b",)),
                                                                    ("lang", ("en",)), ("next", ()), ("why", ())]
        learner.child.send("\r")  # Enter on an empty line: a prompt, no command
        assert learner.read_until_prompt(lambda b: None, timeout=20).command is None
        learner.child.send("keluar\r")  # Indonesian for exit
        learner.child.expect(__import__("pexpect").EOF, timeout=20)
    finally:
        learner.close()


@pytest.mark.parametrize("shell", [name for name in ("bash", "zsh") if shutil.which(name)])
def test_command_text_comes_back_byte_for_byte_with_no_program_from_path(shell, monkeypatch, tmp_path):
    """bash and zsh report each command's text from their own hooks, escaped in the shell itself: a percent
    sign, non-ASCII and control characters typed with Ctrl-V come back exactly, and no program from PATH is
    needed (or started at every prompt): after a learner's `PATH=...` mistake the tutor still sees what ran."""
    monkeypatch.setenv("TUTOR_SHELL", shell)
    monkeypatch.setenv("HOME", str(tmp_path))
    learner = LearnerShell({"TUTOR_PS1": "L$ "})
    try:
        assert learner.read_until_prompt(lambda b: None, timeout=20) == Prompt(None)
        typed = {"PATH=/nowhere": "PATH=/nowhere", "echo '100%25 selesai, café'": "echo '100%25 selesai, café'",
                 "echo 'a\x16\x07b\x16\x1b[0m'": "echo 'a\x07b\x1b[0m'",  # Ctrl-V: the next key as it is
                 "echo 'one\rtwo'": "echo 'one\ntwo'"}  # over two lines: a line feed, not the terminal's CR LF
        for keys, command in typed.items():
            # Typed once the prompt is drawn: keys that arrive while the terminal is still in cooked mode have
            # their Ctrl-V taken by the terminal driver, not by readline (the test was flaky without this).
            learner.settle(lambda b: None)
            learner.child.send(keys + "\r")
            assert learner.read_until_prompt(lambda b: None, timeout=20).command.command == command
    finally:
        learner.close()


def test_marks_split_across_chunks_and_never_shown():
    parser = MarkParser()
    stream = b"\x1b]133;C\x07hello\r\n\x1b]133;D;0;" + "echo hello%1B 100%25 café".encode() + b"\x07L$ "
    parts = []
    for index in range(len(stream)):  # one byte at a time: the worst chunking
        parts += parser.feed(stream[index:index + 1])
    shown = b"".join(p for p in parts if isinstance(p, bytes))
    prompts = [p for p in parts if isinstance(p, Prompt)]
    assert shown == b"hello\r\nL$ "
    assert [p.command.command for p in prompts] == ["echo hello\x1b 100% café"]
    assert prompts[0].command.output == "hello\n"


def test_output_for_checks_is_the_text_the_terminal_shows():
    parser = MarkParser()
    parts = parser.feed(b"\x1b]133;C\x07\x1b[1;32mREPOSITORY\x1b[0m   TAG  \r\n\x1b]0;a title\x07app   latest\r\n"
                        b"\x1b[K\r\n  \r\n\x1b]133;D;0;docker images\x07")
    assert [p.command.output for p in parts if isinstance(p, Prompt)] == ["REPOSITORY   TAG\napp   latest\n"]


def _sh_stream(*pieces: bytes) -> list:
    """Feeds a POSIX sh session's bytes one at a time and returns the prompts."""
    parser = MarkParser()
    stream = b"".join(pieces)
    parts = []
    for index in range(len(stream)):
        parts += parser.feed(stream[index:index + 1])
    return [p for p in parts if isinstance(p, Prompt)], b"".join(p for p in parts if isinstance(p, bytes))



def _prompt(status: int) -> bytes:
    return b"\x1b]133;P;%d\x07L$ \x1b]133;B\x07" % status


def test_sh_command_is_the_echoed_line_as_the_terminal_shows_it():
    prompts, shown = _sh_stream(
        _prompt(0),
        b"docker imx\x08 \x08ages\r\n", b"REPOSITORY   TAG\r\n",  # cooked-mode Backspace echo (dash)
        _prompt(0),
        b"docker pu^C\r\n",  # a line given up with Ctrl-C: no command
        _prompt(130),
        b"\x1b[6necho one", b"\x1b[6n\r", _prompt(0), b"echo two\x1b[J\r\n", b"two\r\n",  # busybox history redraw
        _prompt(0),
        b"\r\n",  # Enter on an empty line
        _prompt(0),
        b"false\r\n",
        _prompt(1),
    )
    commands = [(p.command.command, p.command.exit_code, p.command.output) if p.command else None for p in prompts]
    assert commands == [None, ("docker images", 0, "REPOSITORY   TAG\n"), None, ("echo two", 0, "two\n"), None,
                        ("false", 1, "")]
    assert shown.count(b"L$ ") == 7 and b"\x1b]133" not in shown  # marks out, everything else shown unchanged
    assert b"docker imx\x08 \x08ages\r\n" in shown


def test_sh_word_and_its_line():
    prompts, _ = _sh_stream(_prompt(0), b"lang id\r\n", b"\x1b]7771;bGFuZyBpZA==\x07", _prompt(0))
    assert prompts[1].word.name == "lang" and prompts[1].word.args == ("id",)
    assert prompts[1].command.command == "lang id"


def test_sh_line_wrapped_by_busybox_is_one_command():
    """busybox wraps a line wider than the terminal itself ("\\r\\r\\n" once the terminal adds its "\\r");
    the Enter is the plain "\\r\\n". These are the bytes busybox 1.35 sent on a 40-column terminal."""
    prompts, _ = _sh_stream(_prompt(0), b"echo aaaaaaaa\r\r\n" + b"a" * 40 + b"\r\r\naa\r\n", b"a" * 50 + b"\r\n",
                            _prompt(0))
    assert prompts[1].command.command == "echo " + "a" * 50
    assert prompts[1].command.output == "a" * 50 + "\n"


@pytest.mark.skipif(not shutil.which("busybox"), reason="busybox missing")
def test_busybox_long_line_on_a_narrow_terminal(monkeypatch, tmp_path):
    monkeypatch.setenv("TUTOR_SHELL", "busybox")
    monkeypatch.setenv("HOME", str(tmp_path))
    learner = LearnerShell({"TUTOR_PS1": "L$ "})
    try:
        learner.child.setwinsize(24, 40)
        assert learner.read_until_prompt(lambda b: None, timeout=20) == Prompt(None)
        long = "echo " + "b" * 90
        learner.child.send(long + "\r")
        done = learner.read_until_prompt(lambda b: None, timeout=20)
        assert done.command.command == long and done.command.output == "b" * 90 + "\n"
    finally:
        learner.close()


@pytest.mark.parametrize("shell", SHELLS)
def test_a_word_that_is_already_a_command_stays_the_learners(shell, monkeypatch, tmp_path):
    """`check` is a program on the learner's PATH and `kenapa` an alias of theirs: the tutor defines neither,
    reports both once, and `check` runs the learner's own program."""
    from tutor.live.marks import Taken

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "check").write_text("#!/bin/sh\necho the-learners-own-check\n")
    (bin_dir / "check").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("TUTOR_SHELL", shell)
    monkeypatch.setenv("HOME", str(tmp_path))
    alias = "alias kenapa='echo the-learners-own-kenapa'\n"
    (tmp_path / ".bashrc").write_text(alias)
    (tmp_path / ".zshrc").write_text(alias)
    (tmp_path / "env.sh").write_text(alias)
    monkeypatch.setenv("ENV", str(tmp_path / "env.sh"))
    learner = LearnerShell({"TUTOR_PS1": "L$ "})
    events = []
    try:
        assert learner.read_until_prompt(lambda b: None, timeout=20, on_event=lambda e: events.append(e) or b"") \
            == Prompt(None)
        assert events == [Taken(("check", "kenapa"))]
        learner.child.send("check\r")
        own = learner.read_until_prompt(lambda b: None, timeout=20)
        assert own.word is None and own.command.output.strip() == "the-learners-own-check"
        learner.child.send("kenapa\r")
        own = learner.read_until_prompt(lambda b: None, timeout=20)
        assert own.word is None and own.command.output.strip() == "the-learners-own-kenapa"
        learner.child.send("periksa\r")  # the other spelling still reaches the tutor
        assert learner.read_until_prompt(lambda b: None, timeout=20).word.name == "check"
    finally:
        learner.close()
