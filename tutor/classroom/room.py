"""The instructor's room: where its registry and service listen, its instructor key, its lesson."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from tutor.paths import data_dir
from tutor.practice.launcher import Place

ROOM_FILE = "room.json"


def room_dir() -> Path:
    return data_dir() / "classroom"


@dataclass(frozen=True)
class RoomConfig:
    directory: str
    host: str
    registry: str  # host:port of the room's registry
    service_port: int
    instructor_key: str
    lesson: str = "docker-push"
    stuck_minutes: float = 5.0  # no progress this long: highlighted on the board

    @property
    def place(self) -> Place:
        d = Path(self.directory)
        return Place(d, self.host, tls=(d / "server.crt", d / "server.key", d / "ca.crt"),
                     container_name="tutor-classroom-registry")

    @property
    def service_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.service_port}"

    def ca_pem(self) -> str:
        return (Path(self.directory) / "ca.crt").read_text()

    def public(self) -> dict:
        """What any learner may know before joining."""
        return {"registry": self.registry, "lesson": self.lesson, "service": self.service_url}

    def step_ids(self) -> tuple[str, ...]:
        from tutor.lesson.catalog import find_lesson
        from tutor.lesson.loader import load_lesson

        return load_lesson(find_lesson(self.lesson)).step_ids

    def save(self) -> None:
        path = Path(self.directory) / ROOM_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        tmp.chmod(0o600)  # it holds the instructor's key
        os.replace(tmp, path)

    @classmethod
    def load(cls, directory: Path | None = None) -> RoomConfig:
        from tutor.errors import TutorError

        path = (directory or room_dir()) / ROOM_FILE
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            raise TutorError("classroom.no_room") from None
