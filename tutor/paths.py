"""Where the tutor keeps its own files (platformdirs), overridable with TUTOR_HOME for tests and classrooms."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    override = os.environ.get("TUTOR_HOME")
    if override:
        return Path(override)

    return Path(platformdirs.user_data_dir("tutor", appauthor=False))


def cache_dir() -> Path:
    """Files the tutor can always rebuild (the lesson index); safe to delete at any time."""
    override = os.environ.get("TUTOR_HOME")
    if override:
        return Path(override) / "cache"

    return Path(platformdirs.user_cache_dir("tutor", appauthor=False))


def practice_dir() -> Path:
    return data_dir() / "practice"
