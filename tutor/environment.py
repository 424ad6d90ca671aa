"""The one context object every layer is handed (httpie's `Environment`): the learner's language, plain or
rich output, and the terminal's streams and size. The command line makes it once, from its options and the
process environment; nothing changes a global on the way. Tests make their own."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import IO

from tutor.i18n import detect_language
from tutor.terminal import terminal_size


@dataclass(frozen=True)
class Environment:
    lang: str = "en"
    # No colour and no box drawing: --plain, or TERM=dumb (NO_COLOR alone keeps the layout; rich honours it).
    plain: bool = False
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)

    @classmethod
    def detect(cls, lang: str | None = None, plain: bool = False) -> Environment:
        """--lang, else TUTOR_LANG, else the locale; plain with --plain or TERM=dumb. The streams are the
        process's as they are now (a test runner's, inside a test)."""
        return cls(detect_language(lang, os.environ), plain or os.environ.get("TERM") == "dumb")

    def width(self) -> int:
        """The terminal's width now, also after the learner resized the window."""
        return terminal_size().columns

    @property
    def interactive(self) -> bool:
        """A person at a terminal can be asked something (a password, a key)."""
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):
            return False

    def write(self, data: bytes) -> None:
        """Bytes straight to the terminal (the live lesson writes into a raw terminal)."""
        self.stdout.flush()
        self.stdout.buffer.write(data)
        self.stdout.buffer.flush()
