"""The shell-integration marks in the learner's shell output, parsed: which command just finished (its text,
exit code and output), which in-shell word was typed, which words the shell keeps for itself. Pure: bytes in,
display bytes and events out; the PTY itself is tutor.live.shell's.

bash and zsh emit OSC 133 marks from their hooks: `C` when a command starts, `D;<exit>;<command>` when it
ends (the command's `%`, BEL and ESC percent-encoded), `A` for Enter on an empty line. POSIX sh has no hooks,
so its prompt carries `P;<exit>` where it starts and `B` where it ends, and the command is the learner's line
as the terminal echoed it, rendered by a terminal emulator (pyte) so that backspaces and the line editor's
redraws come out as the text that ran.
In-shell words emit a private OSC 7771 mark; OSC 7772 lists the words the learner's shell keeps.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pyte

from tutor.live.record import CommandRecord
from tutor.live.words import EXIT_SPELLINGS, SPELLINGS

OUTPUT_KEEP = 256 * 1024  # the tail of a command's output kept for triggers and output checks

_MARK = re.compile(rb"\x1b\](133;[A-DP][^\x07]*|777[12];[^\x07]*)\x07")


@dataclass(frozen=True)
class Word:
    name: str
    args: tuple[str, ...]


@dataclass(frozen=True)
class Taken:
    """In-shell words the learner's shell already has as commands of its own: the tutor left them alone."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Prompt:
    """The shell is back at its prompt; `command` is the command that just finished, if any."""

    command: CommandRecord | None
    word: Word | None = None


class MarkParser:
    """Splits the shell's output into what the terminal shows and the marks, across chunk boundaries."""

    def __init__(self) -> None:
        self._pending = b""
        self._output = bytearray()
        self._collecting = False
        self._word: Word | None = None
        # POSIX sh only: after a `B` mark, the learner's line as echoed, until the line feed of their Enter.
        self._line: bytearray | None = None
        self._entered = False

    def feed(self, data: bytes) -> list[bytes | Prompt | Taken]:
        """Returns, in order, display bytes and events (Prompt, Taken), each at the position of its mark."""
        if not self._pending and b"\x1b]" not in data and not data.endswith(b"\x1b"):
            parts: list[bytes | Prompt] = []  # the common case: plain output, nothing to parse
            self._show(data, parts)
            return parts
        data = self._pending + data
        self._pending = b""
        # Hold back an incomplete mark at the end for the next chunk: `ESC ] ...` without its BEL yet, or a
        # lone ESC whose `]` is still to come.
        cut = data.rfind(b"\x1b]")
        if cut != -1 and b"\x07" not in data[cut:] and len(data) - cut < 8192:
            data, self._pending = data[:cut], data[cut:]
        elif data.endswith(b"\x1b"):
            data, self._pending = data[:-1], b"\x1b"
        parts: list[bytes | Prompt] = []
        position = 0
        for match in _MARK.finditer(data):
            self._show(data[position:match.start()], parts)
            event = self._mark(match.group(1).decode("utf-8", "replace"))  # a command may be non-ASCII
            if event is not None:
                parts.append(event)
            position = match.end()
        self._show(data[position:], parts)
        return parts

    def _show(self, chunk: bytes, parts: list) -> None:
        if not chunk:
            return
        parts.append(chunk)
        while self._line is not None and not self._entered:
            line, newline, chunk = chunk.partition(b"\n")
            self._line.extend(line)
            if not newline:
                return
            if self._line.endswith(b"\r\r"):
                # busybox's line editor wraps a long line itself with "\r\n" (the terminal makes it "\r\r\n");
                # the learner's Enter echoes as a plain "\r\n". The line goes on after a wrap.
                del self._line[-2:]
                continue
            self._entered, self._collecting, self._output = True, True, bytearray()
        if self._collecting:
            self._output.extend(chunk)
            if len(self._output) > 2 * OUTPUT_KEEP:  # trim now and then, not on every chunk
                del self._output[: len(self._output) - OUTPUT_KEEP]

    def _mark(self, body: str) -> Prompt | Taken | None:
        if body.startswith("7771;"):
            text = _b64(body[5:]).split()
            if text and text[0] in SPELLINGS:  # `petunjuk` is the session's `hint`
                self._word = Word(SPELLINGS[text[0]], tuple(text[1:]))
            return None
        if body.startswith("7772;"):
            taken = tuple(word for word in _b64(body[5:]).split() if word in SPELLINGS or word in EXIT_SPELLINGS)
            return Taken(taken) if taken else None
        kind = body[4]
        if kind == "B":
            self._line, self._entered, self._collecting = bytearray(), False, False
            return None
        if kind == "P":
            return self._posix_prompt(body)
        if kind == "C":
            self._collecting, self._output = True, bytearray()
            return None
        if kind == "A":
            self._collecting = False
            return Prompt(None)
        if kind == "D":
            fields = body.split(";", 3)
            exit_code = int(fields[2]) if len(fields) > 2 and fields[2].lstrip("-").isdigit() else None
            command = unquote(fields[3], errors="replace") if len(fields) > 3 else ""
            output = _clean(bytes(self._output[-OUTPUT_KEEP:]))
            word, self._word = self._word, None
            self._collecting, self._output = False, bytearray()
            return Prompt(CommandRecord(command.strip(), exit_code, output), word)
        return None

    def _posix_prompt(self, body: str) -> Prompt | None:
        """A POSIX sh prompt: the end of the command typed after the previous one, if the learner typed one."""
        if self._line is not None and not self._entered:
            return None  # no Enter yet: the line editor redrew its prompt (history, Ctrl-L); the line goes on
        line, word, self._word = self._line, self._word, None
        output = _clean(bytes(self._output[-OUTPUT_KEEP:]))
        self._line, self._collecting, self._output = None, False, bytearray()
        command = _rendered_line(bytes(line)) if line is not None else ""
        if not command or command.endswith("^C"):  # Enter on an empty line, or a line given up with Ctrl-C
            return Prompt(None)
        status = body.split(";", 2)[2] if body.count(";") >= 2 else ""
        exit_code = int(status) if status.lstrip("-").isdigit() else None
        return Prompt(CommandRecord(command, exit_code, output), word)


def _rendered_line(echo: bytes) -> str:
    """The text a terminal shows for the echoed line: backspaces, cursor moves and redraws applied."""
    screen = pyte.Screen(4096, 1)  # one row wide enough that the learner's line never wraps in it
    pyte.Stream(screen).feed(echo.decode("utf-8", "replace"))
    return screen.display[0].strip()


def _b64(text: str) -> str:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8", "replace")
    except ValueError:
        return ""


# Starts with its one literal (ESC), so `re` skips to each ESC instead of trying the pattern at every character:
# with `|\r` in it, cleaning a 256 KiB tail took 5-25 ms (shared 2-core machine) at the prompt after a big output.
_ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07)")


def _clean(data: bytes) -> str:
    """Output as text for matching: colours, carriage returns, trailing blanks and blank last lines removed
    (zsh pads the line after a command's output with spaces)."""
    text = _ANSI.sub("", data.decode("utf-8", "replace").replace("\r", ""))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


