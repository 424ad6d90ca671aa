"""The room this learner joined (`tutor join`), as remembered on their computer: its service, registry, CA, the
learner's username and the room's lessons. Apart from the join itself (tutor/classroom/learner.py), so that
`tutor list` and `tutor start` can ask where the learner goes on without importing requests or Docker (and a
NamedTuple, not a dataclass: `dataclasses` alone costs `tutor list` ~20 ms of its start-up target)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tutor.classroom.named_lessons import named_lessons
from tutor.files import read_json, write_json
from tutor.lesson.summary import default_lesson_id
from tutor.paths import data_dir


def joined_dir() -> Path:
    return data_dir() / "room"


class JoinedRoom(NamedTuple):
    service: str
    registry: str
    user: str
    ca: str  # path of the room's CA certificate
    # The room's lessons in order: `tutor start` goes on through them. A joined.json of an older tutor names one
    # `lesson` (or none: the default lesson); load() reads it as a room of that one lesson (named_lessons).
    lessons: tuple[str, ...] = ()

    @property
    def lesson(self) -> str:
        """The room's first lesson."""
        return self.lessons[0] if self.lessons else default_lesson_id()

    @classmethod
    def load(cls) -> JoinedRoom | None:
        try:
            data = dict(read_json(joined_dir() / "joined.json"))
            data["lessons"] = named_lessons(data)
            data.pop("lesson", None)
            return cls(**data)
        except (TypeError, ValueError):  # not joined (None), or not this shape
            return None

    def save(self) -> None:
        write_json(joined_dir() / "joined.json", self._asdict())
