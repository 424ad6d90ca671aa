"""The instructor's room: where its registry and service listen, its instructor key, its lessons (one, or the
course: each learner takes them in this order)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tutor.classroom.named_lessons import named_lessons
from tutor.errors import LessonNotFound, TutorError
from tutor.files import read_json, write_json
from tutor.lesson.catalog import bundled_ids, bundled_lesson
from tutor.lesson.loader import load_lesson
from tutor.lesson.model import Lesson
from tutor.lesson.summary import default_lesson_id
from tutor.paths import data_dir
from tutor.practice.launcher import Place

ROOM_FILE = "room.json"
# The service's app runs in a worker process its server starts; the worker records itself here (pid and start
# time), so that a worker left behind by its server (a crash, a kill) can still be proved ours and stopped.
WORKER_RECORD = "service-worker.pid"


def room_dir() -> Path:
    return data_dir() / "classroom"


def shipped_lesson(name: str) -> Lesson:
    """A room's lesson, loaded: one shipped with the tutor, named by its id. The learners'
    tutors load the room's lessons by id from their own copy of the tutor, so a folder on the instructor's
    computer (`./my-lesson`) cannot be a room's, not even one that keeps a shipped lesson's id (the learners would
    get the shipped one, not the folder's); and an id is the shipped lesson whatever folder the room runs in."""
    return load_lesson(_shipped_folder(name))


def shipped_lesson_ids(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The ids of a room's lessons, each checked to be shipped, in order; a name given twice counts once. Checked,
    not loaded: a shipped lesson's folder bears its id (tests/test_shipped_lessons.py), so the name is the id, and
    finding the folder is enough (loading four lessons took ~400 ms of every `classroom up`); the lessons are
    loaded where they are used (load_lessons, in the service)."""
    for name in names:
        _shipped_folder(name)
    return tuple(dict.fromkeys(names))


def kept_lesson_ids(names: tuple[str, ...]) -> tuple[str, ...]:
    """The lessons an existing room.json keeps, checked as `--lesson`'s are: an older tutor's may name a folder,
    and a newer one's an id this tutor does not ship. The sentence names room.json, since the instructor did not
    type the name this time, and says how to choose the room's lessons anew."""
    for name in names:
        if bundled_lesson(name) is None:
            raise TutorError("classroom.kept_lesson_not_shipped", name=name, known=", ".join(bundled_ids()))
    return tuple(dict.fromkeys(names))


def _shipped_folder(name: str) -> Path:
    """The folder of the shipped lesson `name`, or the sentence for a name that is none: a folder here (which the
    learners' tutors cannot read), or no lesson at all (the shipped ones named; no advice to give a path, which a
    room refuses)."""
    bundled = bundled_lesson(name)
    if bundled is not None:
        return bundled
    # os.path.isdir, not Path.is_dir (as find_lesson): where nothing may be read, no folder, not PermissionError.
    if os.path.isdir(Path(name).expanduser()):
        raise TutorError("classroom.lesson_not_shipped", name=name)
    raise LessonNotFound("classroom.lesson_unknown", name=name, known=", ".join(bundled_ids()))


@dataclass(frozen=True)
class RoomConfig:
    directory: str
    host: str
    registry: str  # host:port of the room's registry
    service_port: int
    instructor_key: str
    # The room's lessons, in the order learners take them. A room.json of an older tutor names one `lesson` (or
    # none: the default one); load() reads it as a room of that one lesson (tutor/classroom/named_lessons.py).
    lessons: tuple[str, ...] = field(default_factory=lambda: (default_lesson_id(),))
    stuck_minutes: float = 5.0  # no progress this long: highlighted on the board
    view_key: str = ""  # opens the board page only: the projector's URL carries this, never instructor_key

    @property
    def place(self) -> Place:
        d = Path(self.directory)
        return Place(d, self.host, tls=(d / "server.crt", d / "server.key", d / "ca.crt"),
                     container_name="tutor-classroom-registry")

    @property
    def service_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.service_port}"

    @property
    def board_url(self) -> str:
        """The projector's link: view-only, safe on a screen the whole room reads."""
        return f"{self.service_url}/board?view={self.view_key}"

    def ca_pem(self) -> str:
        return (Path(self.directory) / "ca.crt").read_text()

    @property
    def lesson(self) -> str:
        """The room's first lesson: where every learner starts."""
        return self.lessons[0]

    def public(self) -> dict:
        """What any learner may know before joining. `lesson` (the first) for a learner's tutor older than rooms
        of several lessons."""
        return {"registry": self.registry, "lessons": list(self.lessons), "lesson": self.lesson,
                "service": self.service_url}

    def load_lessons(self) -> list[Lesson]:
        return [shipped_lesson(lesson) for lesson in self.lessons]

    def save(self) -> None:
        write_json(Path(self.directory) / ROOM_FILE, asdict(self), mode=0o600)  # it holds the instructor's key

    @classmethod
    def load(cls, directory: Path | None = None) -> RoomConfig:
        data = read_json((directory or room_dir()) / ROOM_FILE)
        try:
            data = dict(data)
            data["lessons"] = named_lessons(data)
            data.pop("lesson", None)  # an older tutor's room of one lesson
            return cls(**data)
        except (TypeError, ValueError):  # missing (None) or not this shape
            raise TutorError("classroom.no_room") from None
