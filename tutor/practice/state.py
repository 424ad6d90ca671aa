"""The recorded state (address, processes) of a registry + token service pair, by default the practice one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutor.files import read_json
from tutor.paths import practice_dir


def state_file(directory: Path | None = None) -> Path:
    return (directory or practice_dir()) / "state.json"


def read_state(directory: Path | None = None) -> dict[str, Any]:
    data = read_json(state_file(directory))
    return data if isinstance(data, dict) else {}


def running_address() -> str | None:
    """The practice registry's `127.0.0.1:PORT` when one was brought up, else None."""
    address = read_state().get("address")
    return address if isinstance(address, str) else None
