"""What a driver of the live lesson writes through: the UI's renderer of the opening and of the engine's events
(tutor.ui.live.LiveView is one). Drivers know this interface only, never rich."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from tutor.live.events import Opening


class Screen(Protocol):
    def opening(self, opening: Opening) -> str: ...

    def events(self, events: Iterable[object]) -> str: ...

    def say(self, key: str, **values: str) -> str: ...
