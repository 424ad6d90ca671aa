"""The learner's own shell under a PTY (pexpect), with shell-integration marks (parsed by tutor.live.marks).
Needs a POSIX terminal: only the embedded shell and --demo import this module.

An rcfile (after the learner's own ~/.bashrc; for zsh, a .zshrc after their own) adds OSC 133 marks: `C`
from PS0 (zsh: preexec) when a command starts, and `D;<exit>;<command text>` from PROMPT_COMMAND (zsh: precmd)
when it ends (`A` when Enter was pressed on an empty line); the shell escapes the text itself (ESCAPE_COMMAND).
In-shell words (`hint`, `check`, ...) are shell functions that emit a private OSC 7771 mark. The marks are
taken out of the stream; everything else reaches the terminal unchanged. Command text comes from the shell's
own record of the finished command, never from keystrokes, and output is kept only for the command that just
ran (for triggers), never stored.

POSIX sh (dash, busybox ash) runs nothing before or after a command, so there the prompt carries the marks:
`P;<exit status>` where it starts and `B` where it ends. The command is the learner's line as the terminal
echoed it, up to the line feed of their Enter, rendered by a terminal emulator (pyte) so that backspaces and
the line editor's redraws come out as the text that ran; the output is what follows, up to the next prompt.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect

from tutor.errors import TutorError
from tutor.live.marks import MarkParser, Prompt, Taken
from tutor.live.words import EXIT_SPELLINGS, SPELLINGS
from tutor.terminal import terminal_size

PASSWORD_PROMPT = b"Password:"  # docker login's (and podman login's) question


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

# The command text in a D mark: `%`, BEL (which would end the mark), ESC and the line ends percent-encoded, by
# parameter expansion alone (bash 2+, zsh), so the hook starts no pipeline: it runs at every prompt, and a
# `base64 | tr` pipeline there cost three processes (~10 ms) per prompt. A raw line feed would cross the
# terminal as CR LF (a command continued over lines). VS Code's shell integration escapes its command line the
# same way. tutor.live.marks decodes it.
ESCAPE_COMMAND = (r"cmd=${cmd//\%/%25}; cmd=${cmd//$'\a'/%07}; cmd=${cmd//$'\e'/%1B}; cmd=${cmd//$'\n'/%0A}; "
                  r"cmd=${cmd//$'\r'/%0D}")

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
    """ + ESCAPE_COMMAND + r"""
    __tutor_emit "133;D;$ec;$cmd"
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
  local ec=$? cmd="$__tutor_cmd"
  if [ -n "$__tutor_ran" ]; then
    """ + ESCAPE_COMMAND + r"""
    __tutor_emit "133;D;$ec;$cmd"
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


def tutor_directory() -> Path | None:
    """Where the running `tutor` command is (the folder of the script that started us, or of this Python's
    own scripts: pipx and venvs put both there), so that a lesson's commands can call `tutor` in the learner's
    shell even when that folder is not on their PATH."""
    for folder in (Path(sys.argv[0]).resolve().parent, Path(sys.executable).parent):
        if any((folder / name).is_file() for name in ("tutor", "tutor.exe")):
            return folder
    return None


def _with_tutor(environment: dict[str, str]) -> None:
    folder = tutor_directory()
    path = environment.get("PATH", "")
    if folder is not None and str(folder) not in path.split(os.pathsep):
        environment["PATH"] = os.pathsep.join(part for part in (str(folder), path) if part)


class LearnerShell:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        shell = find_shell()
        if shell is None:
            raise TutorError("session.no_shell", shell=os.environ.get("TUTOR_SHELL") or "bash, zsh, sh")
        self._dir = tempfile.mkdtemp(prefix="tutor-shell-")
        environment = {**os.environ, **(env or {})}
        _with_tutor(environment)
        arguments = _integration(shell, Path(self._dir), environment)
        size = terminal_size()
        self.child = pexpect.spawn(shell, arguments, env=environment, dimensions=(size.lines, size.columns),
                                   echo=True)
        self.child.delaybeforesend = None  # --demo paces its own typing; pexpect's 50 ms per send would add to it
        self.parser = MarkParser()
        self._held: list = []  # parts read after a prompt mark, not yet shown (the prompt itself, usually)

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
        """For a driver that types (--demo, the headless player): reads the shell's output (shown through
        `echo`) until the next prompt mark; other events are shown through `on_event`."""
        deadline = time.monotonic() + timeout
        while True:
            while self._held:
                part = self._held.pop(0)
                if isinstance(part, Prompt):
                    return part
                if isinstance(part, Taken):
                    if on_event:
                        echo(on_event(part))
                    continue
                echo(part)
                if on_output:
                    on_output(part)
            if time.monotonic() >= deadline:
                return Prompt(None)
            try:
                data = self.child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return Prompt(None)
            self._held.extend(self.parser.feed(data))

    def settle(self, echo: Callable[[bytes], None], quiet: float = 0.1, limit: float = 2.0) -> None:
        """After a prompt mark: shows the prompt the shell draws after it, until the shell has said something
        and then been quiet for `quiet` seconds (at most `limit`), so that typing starts after the prompt is
        drawn (keys typed earlier are echoed by the terminal before it)."""
        said = False
        while self._held and isinstance(self._held[0], bytes):
            echo(self._held.pop(0))
            said = True
        deadline = time.monotonic() + limit
        while not self._held and time.monotonic() < deadline:
            try:
                data = self.child.read_nonblocking(65536, timeout=quiet if said else deadline - time.monotonic())
            except (pexpect.TIMEOUT, pexpect.EOF):
                if said:
                    return
                continue
            for part in self.parser.feed(data):
                if isinstance(part, bytes) and not self._held:
                    echo(part)
                    said = True
                else:
                    self._held.append(part)  # an event (a mark) is left for read_until_prompt

    def type(self, text: str, delay: float = 0.0) -> None:
        """Types `text` and Enter, a character at a time (`delay` seconds apart: a pace a room can follow)."""
        for char in text:
            self.child.send(char)
            if delay:
                time.sleep(delay)
        self.child.send("\r")

    def run(self, text: str, echo: Callable[[bytes], None], password: Callable[[], str | None],
            delay: float = 0.0) -> Prompt:
        """Types the command `text`, shows its output through `echo` and returns the prompt after it. A
        password prompt on the way (`docker login`) gets `password()`, once; None gives the prompt up (Ctrl-C)
        and the command fails as a learner's would."""
        asked: list[bool] = []

        def answer(chunk: bytes) -> None:
            if PASSWORD_PROMPT not in chunk or asked:
                return
            asked.append(True)
            secret = password()
            if secret is None:
                self.child.sendintr()
            else:
                self.child.sendline(secret)  # the login's own prompt does not echo it

        self.type(text, delay)
        return self.read_until_prompt(echo, answer)

    def close(self) -> None:
        try:
            self.child.close(force=True)
        except Exception:
            pass
        shutil.rmtree(self._dir, ignore_errors=True)


