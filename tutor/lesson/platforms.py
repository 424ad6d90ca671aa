"""Platforms: a step may be for some learners only (`only: [macos, windows]` in lesson.yaml), and a lesson may
set variables per platform (`profiles: {macos: {helper: osxkeychain}}`). The learner has one platform
(PLATFORMS below): the operating system (sys.platform), or `desktop` when the engine is Docker Desktop
(tutor/app/platform.py asks the engine), or the one named in TUTOR_PLATFORM.

Why an environment variable rather than an option: one setting reaches every command that shows or grades a
lesson (`start`, `show`, `list`, `check`, `why`, `progress`, `reset`) and the `tutor` a lesson calls inside
the learner's shell, the way TUTOR_LANG does, without a `--platform` on each of them.

What the validator holds about them is in tutor/lesson/forks.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from tutor.errors import ExitCode, TutorError

# The platforms a step may be limited to, one of which is the learner's: the operating system, or `desktop` when
# the engine is Docker Desktop, which brings its own VM, settings and credential helper (`desktop`) whatever the
# operating system under it. This module stays light (no dataclasses, no YAML): `tutor list` imports it.
PLATFORMS = ("linux", "macos", "windows", "desktop")
ENV = "TUTOR_PLATFORM"


class BadPlatform(TutorError):
    exit_code = ExitCode.USAGE


def os_platform(name: str = sys.platform) -> str:
    """The operating system's platform name: `darwin` is macos, `win32` (and Cygwin, MSYS) windows, else linux."""
    if name.startswith("darwin"):
        return "macos"
    if name.startswith(("win32", "cygwin", "msys")):
        return "windows"
    return "linux"


def chosen_platform(environ: Mapping[str, str] = os.environ) -> str | None:
    """The platform TUTOR_PLATFORM names (for authors and tests), None when it is not set."""
    value = environ.get(ENV, "").strip().lower()
    if not value:
        return None
    if value not in PLATFORMS:
        raise BadPlatform("error.bad_platform", value=value, known=", ".join(PLATFORMS))
    return value


def chosen_or_saved(saved: str | None) -> str | None:
    """TUTOR_PLATFORM, else the platform a saved attempt was played on (a hand-edited file may say anything);
    None: the engine (Docker Desktop) or the operating system decides."""
    return chosen_platform() or (saved if saved in PLATFORMS else None)
