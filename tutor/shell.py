"""The learner's own shell under a PTY (pexpect), with shell-integration marks.

An rcfile (after the learner's own ~/.bashrc; for zsh, a .zshrc after their own) adds OSC 133 marks: `C`
from PS0 (zsh: preexec) when a command starts, and `D;<exit>;<base64 command text>` from PROMPT_COMMAND
(zsh: precmd) when it ends (`A` when Enter was pressed on an empty line). In-shell words (`hint`, `check`,
...) are shell functions that emit a private OSC 7771 mark. The marks are taken out of the stream;
everything else reaches the terminal unchanged. Command text comes from the shell's own record of the
finished command, never from keystrokes, and output is kept only for the command that just ran (for
triggers), never stored.

POSIX sh (dash, busybox ash) runs nothing before or after a command, so there the prompt carries the marks:
`P;<exit status>` where it starts and `B` where it ends. The command is the learner's line as the terminal
echoed it, up to the line feed of their Enter, rendered by a terminal emulator (pyte) so that backspaces and
the line editor's redraws come out as the text that ran; the output is what follows, up to the next prompt.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tutor.checks.context import CommandRecord
from tutor.words import EXIT_SPELLINGS, SPELLINGS

OUTPUT_KEEP = 256 * 1024  # the tail of a command's output kept for triggers and output checks


def _word_function(spelled: str, body: str) -> str:
    """Defines `spelled` as a shell function, unless it is already a command in the learner's shell (a program
    on PATH, an alias, a function of theirs): that one stays theirs, and its name is collected to be reported.
    The definition goes through `eval` so that it is parsed only when made: read with the rest of the file,
    an alias of the same name would be expanded inside it and break the whole file."""
    return (f"if command -v {spelled} >/dev/null 2>&1; then __tutor_taken=\"$__tutor_taken {spelled}\"; "
            f"else eval '{spelled}() {{ {body}; }}'; fi\n")


# In-shell words are shell functions (the same in bash, zsh and sh) that emit a private mark with their text;
# the Indonesian `keluar` leaves like `exit`. At the end, one mark lists the words left to the learner.
WORD_FUNCTIONS = (
    "__tutor_word() { __tutor_emit \"7771;$(printf '%s' \"$*\" | base64 | tr -d '\\n')\"; }\n"
    + "".join(_word_function(spelled, f'__tutor_word {spelled} "$@"') for spelled in SPELLINGS)
    + "".join(_word_function(spelled, 'exit "$@"') for spelled in EXIT_SPELLINGS)
    + "if [ -n \"$__tutor_taken\" ]; then "
    "__tutor_emit \"7772;$(printf '%s' \"$__tutor_taken\" | base64 | tr -d '\\n')\"; fi\nunset __tutor_taken\n"
)

RCFILE = r"""
[ -f ~/.bashrc ] && . ~/.bashrc
HISTCONTROL=
__tutor_emit() { printf '\033]%s\007' "$1"; }
__tutor_prompt() {
  local ec=$? line num cmd
  # `history 1` is the command that just ran (`fc -l -1` here would name the one before it).
  line=$(HISTTIMEFORMAT= builtin history 1)
  num=${line#"${line%%[0-9]*}"}; num=${num%%[!0-9]*}
  if [ -n "$__tutor_ready" ] && [ "$num" != "$__tutor_hist" ]; then
    cmd=""; [[ $line =~ ^[[:space:]]*[0-9]+\*?[[:space:]]+(.*)$ ]] && cmd=${BASH_REMATCH[1]}
    __tutor_emit "133;D;$ec;$(printf '%s' "$cmd" | base64 | tr -d '\n')"
  else
    __tutor_emit "133;A"
  fi
  __tutor_hist=$num; __tutor_ready=1
}
PROMPT_COMMAND="__tutor_prompt${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
PS0=$'\e]133;C\a'"${PS0:-}"
PS1="${TUTOR_PS1:-$PS1}"
""" + WORD_FUNCTIONS

# zsh: the same marks from its preexec/precmd hooks; the command text is preexec's first argument.
ZSHRC = r"""
[ -f "$HOME/.zshrc" ] && ZDOTDIR="$HOME" source "$HOME/.zshrc"
__tutor_emit() { printf '\033]%s\007' "$1"; }
__tutor_preexec() { __tutor_cmd="$1"; __tutor_ran=1; __tutor_emit "133;C"; }
__tutor_precmd() {
  local ec=$?
  if [ -n "$__tutor_ran" ]; then
    __tutor_emit "133;D;$ec;$(printf '%s' "$__tutor_cmd" | base64 | tr -d '\n')"
  else
    __tutor_emit "133;A"
  fi
  __tutor_ran=""
}
autoload -Uz add-zsh-hook
add-zsh-hook preexec __tutor_preexec
add-zsh-hook precmd __tutor_precmd
[ -n "$TUTOR_PS1" ] && PS1="$TUTOR_PS1"
PROMPT_EOL_MARK=''  # zsh marks output without a final newline with %/#; it would end up in the output we read
""" + WORD_FUNCTIONS

# POSIX sh reads this file through $ENV (interactive shells only), after the learner's own $ENV file.
SHRC = r"""
if [ -n "${TUTOR_LEARNER_ENV:-}" ] && [ -f "$TUTOR_LEARNER_ENV" ]; then . "$TUTOR_LEARNER_ENV"; fi
__tutor_emit() { printf '\033]%s\007' "$1"; }
PS1="$(printf '\033]133;P;')\$?$(printf '\007')${TUTOR_PS1:-${PS1:-\$ }}$(printf '\033]133;B\007')"
""" + WORD_FUNCTIONS

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
            event = self._mark(match.group(1).decode("ascii", "replace"))
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
            command = _b64(fields[3]) if len(fields) > 3 else ""
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
    import pyte

    screen = pyte.Screen(4096, 1)  # one row wide enough that the learner's line never wraps in it
    pyte.Stream(screen).feed(echo.decode("utf-8", "replace"))
    return screen.display[0].strip()


def _b64(text: str) -> str:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8", "replace")
    except ValueError:
        return ""


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\r")


def _clean(data: bytes) -> str:
    """Output as text for matching: colours, carriage returns, trailing blanks and blank last lines removed
    (zsh pads the line after a command's output with spaces)."""
    lines = [line.rstrip() for line in _ANSI.sub("", data.decode("utf-8", "replace")).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def terminal_size() -> os.terminal_size:
    """The learner's real terminal, asked directly: shutil.get_terminal_size would prefer COLUMNS and LINES
    from the environment, which stay the same when the window is resized."""
    for stream in (sys.stdout, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno())
        except (OSError, ValueError):
            continue
    return shutil.get_terminal_size((100, 30))


def find_shell() -> str | None:
    """The learner's shell: TUTOR_SHELL if set, else bash, else zsh, else sh (bash and zsh say exactly which
    command ran; sh only echoes it)."""
    wanted = os.environ.get("TUTOR_SHELL")
    if wanted:
        return shutil.which(wanted)
    return shutil.which("bash") or shutil.which("zsh") or shutil.which("sh")


def _integration(shell: str, directory: Path, environment: dict[str, str]) -> list[str]:
    """Writes the shell's rc file into `directory`, points the shell at it, and returns its arguments."""
    name = Path(shell).name
    if name.startswith("bash"):
        rcfile = directory / "rc.bash"
        rcfile.write_text(RCFILE, encoding="utf-8")
        return ["--rcfile", str(rcfile), "-i"]
    if name.startswith("zsh"):
        (directory / ".zshrc").write_text(ZSHRC, encoding="utf-8")
        environment["ZDOTDIR"] = str(directory)  # zsh reads our .zshrc, which reads the learner's own
        return ["-i"]
    (directory / "rc.sh").write_text(SHRC, encoding="utf-8")
    environment["TUTOR_LEARNER_ENV"] = environment.get("ENV", "")  # read first by ours
    environment["ENV"] = str(directory / "rc.sh")
    return ["sh", "-i"] if name == "busybox" else ["-i"]


class LearnerShell:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        import pexpect

        shell = find_shell()
        if shell is None:
            from tutor.errors import TutorError

            raise TutorError("session.no_shell", shell=os.environ.get("TUTOR_SHELL") or "bash, zsh, sh")
        self._dir = tempfile.mkdtemp(prefix="tutor-shell-")
        environment = {**os.environ, **(env or {})}
        arguments = _integration(shell, Path(self._dir), environment)
        size = terminal_size()
        self.child = pexpect.spawn(shell, arguments, env=environment, dimensions=(size.lines, size.columns),
                                   echo=True)
        self.child.delaybeforesend = None  # --demo paces its own typing; pexpect's 50 ms per send would add to it
        self.parser = MarkParser()

    def resize_with_terminal(self) -> None:
        def on_winch(signum, frame):
            size = terminal_size()
            try:
                self.child.setwinsize(size.lines, size.columns)
            except OSError:
                pass

        signal.signal(signal.SIGWINCH, on_winch)

    def interact(self, on_prompt: Callable[[Prompt | Taken], bytes]) -> None:
        """Hands the terminal to the learner. At each prompt mark (and at the shell's report of words it keeps
        for itself), `on_prompt` returns what the tutor shows there (already terminal-ready); it is inserted
        exactly where the mark was, so it always appears after the command's output and before the next
        prompt."""

        def output_filter(data: bytes) -> bytes:
            shown = bytearray()
            for part in self.parser.feed(data):
                shown.extend(part if isinstance(part, bytes) else on_prompt(part))
            return bytes(shown)

        self.resize_with_terminal()
        self.child.interact(escape_character=None, output_filter=output_filter)

    def read_until_prompt(self, echo: Callable[[bytes], None], on_output: Callable[[bytes], None] | None = None,
                          timeout: float = 300, on_event: Callable[[Taken], bytes] | None = None) -> Prompt:
        """For --demo: reads the shell's output (shown through `echo`) until the next prompt mark; other events
        are shown through `on_event`."""
        import time

        import pexpect

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
            for part in self.parser.feed(data):
                if isinstance(part, Prompt):
                    return part
                if isinstance(part, Taken):
                    if on_event:
                        echo(on_event(part))
                    continue
                echo(part)
                if on_output:
                    on_output(part)
        return Prompt(None)

    def close(self) -> None:
        try:
            self.child.close(force=True)
        except Exception:
            pass
        shutil.rmtree(self._dir, ignore_errors=True)


def terminal_text(text: str) -> bytes:
    """Tutor output written while the terminal is raw (during interact): newlines need carriage returns."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8", "replace")


def stdout_write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
