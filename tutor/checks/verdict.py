"""What a check found, in both languages: passed or not, what was expected, what was found."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tutor.i18n import LANGUAGES, t


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"  # needs a live session, or a reading step


@dataclass(frozen=True)
class Message:
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.values)

    def both(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGUAGES}


@dataclass(frozen=True)
class Verdict:
    kind: str
    args: Mapping[str, Any]  # with the learner's values filled in
    status: Status
    expected: Message
    found: Message

    @property
    def passed(self) -> bool:
        return self.status is Status.PASS


@dataclass(frozen=True)
class StepReport:
    step_id: str
    verdicts: tuple[Verdict, ...]

    @property
    def status(self) -> Status:
        applicable = [v for v in self.verdicts if v.status is not Status.NOT_APPLICABLE]
        if not applicable:
            return Status.NOT_APPLICABLE
        return Status.PASS if all(v.passed for v in applicable) else Status.FAIL


def verdict(kind: str, args: Mapping[str, Any], passed: bool, expected: Message, found: Message) -> Verdict:
    """A pass or a fail of one check: what it expected, and what it found."""
    return Verdict(kind, dict(args), Status.PASS if passed else Status.FAIL, expected, found)


def clock(at: float) -> str:
    """A time of day as a found message shows it (`14:03:27`, the learner's local time): when Docker last
    authenticated or pulled, in the attempt the learner is on."""
    return time.strftime("%H:%M:%S", time.localtime(at))
