"""The practice registry's recorded state (address, processes) in the tutor's data directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutor.paths import practice_dir


def state_file() -> Path:
    return practice_dir() / "state.json"


def read_state() -> dict[str, Any]:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def running_address() -> str | None:
    """The practice registry's `127.0.0.1:PORT` when one was brought up, else None."""
    address = read_state().get("address")
    return address if isinstance(address, str) else None
