"""The lesson's own data beside its steps, read from `lesson.yaml`: the journey picture, the rows of the card
at the end, the practice image and whether it is the default lesson. What the tutor used to know of the first
lesson by name is declared here instead, so the code names no lesson, image or step (tests/test_layers.py).

    journey:                      # each part lights up once its step has passed
      - image: "{{ image }}"
      - tag: "── docker tag ──▶"
    summary:                      # rows of the card at the end (schema.SUMMARY_ROWS)
      pushed: "{{ target }}:latest"
      lives: "{{ where }}"
    practice_image:               # made when the learner has no image of that name
      name: "{{ image }}"
      context: app                # the lesson's folder whose files go into the image (and `--real-app` builds)
      command: ["/bin/busybox", "cat", "/app/main.py"]
    default: true                 # the lesson a classroom runs
    course:                       # its place in the course: `tutor list`'s order, where `tutor start` goes on
      order: 2
      requires: [first-lesson]    # lessons whose end state this one starts from
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tutor.lesson.model import EMPTY, CoursePlace, JourneyPart, PracticeImage, Problems
from tutor.lesson.schema import SUMMARY_ROWS
from tutor.lesson.template import fill, resolve, variables_in
from tutor.lesson.yaml_lines import line_in
from tutor.reference import ImageRef, InvalidReference

PRACTICE_IMAGE_KEYS = ("name", "context", "command")


@dataclass(frozen=True)
class Fields:
    journey: tuple[JourneyPart, ...] = ()
    summary: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    practice_image: PracticeImage | None = None
    default: bool = False
    course: CoursePlace | None = None


class _Reader:
    def __init__(self, data: Mapping, path: str, directory: Path, variables: Mapping[str, str],
                 step_ids: set[str], problems: Problems) -> None:
        self.data, self.path, self.directory = data, path, directory
        self.variables, self.step_ids, self.problems = variables, step_ids, problems

    def defined(self, text: str, line: int) -> None:
        for name in variables_in(text):
            if name not in self.variables:
                self.problems.add(self.path, line, "problem.undefined_variable", name=name)

    def journey(self) -> tuple[JourneyPart, ...]:
        raw = self.data.get("journey")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.problems.add(self.path, line_in(self.data, "journey", 1), "problem.must_be_list", field="journey")
            return ()
        parts = []
        for index, item in enumerate(raw):
            line = line_in(raw, index, line_in(self.data, "journey", 1))
            if not isinstance(item, dict) or len(item) != 1:
                self.problems.add(self.path, line, "problem.journey_part")
                continue
            ((step, label),) = item.items()
            if not isinstance(step, str) or not isinstance(label, str):
                self.problems.add(self.path, line, "problem.journey_part")
            elif step not in self.step_ids:
                self.problems.add(self.path, line, "problem.journey_unknown_step", id=step)
            else:
                self.defined(label, line)
                parts.append(JourneyPart(step, label))
        return tuple(parts)

    def summary(self) -> Mapping[str, str]:
        raw = self.data.get("summary")
        where = line_in(self.data, "summary", 1)
        if raw is None:
            return EMPTY
        if not isinstance(raw, dict):
            self.problems.add(self.path, where, "problem.must_be_mapping", field="summary")
            return EMPTY
        rows = {}
        for row, value in raw.items():
            line = line_in(raw, row, where)
            if row not in SUMMARY_ROWS:
                self.problems.add(self.path, line, "problem.summary_unknown_row", row=str(row),
                                  known=", ".join(SUMMARY_ROWS))
            elif not isinstance(value, str):
                self.problems.add(self.path, line, "problem.summary_not_text", row=row)
            else:
                self.defined(value, line)
                rows[row] = value
        return MappingProxyType(rows)

    def practice_image(self) -> PracticeImage | None:
        raw = self.data.get("practice_image")
        where = line_in(self.data, "practice_image", 1)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problems.add(self.path, where, "problem.must_be_mapping", field="practice_image")
            return None
        for key in raw:
            if key not in PRACTICE_IMAGE_KEYS:
                self.problems.add(self.path, line_in(raw, key, where), "problem.unknown_key", field=str(key),
                                  where="practice_image", known=", ".join(PRACTICE_IMAGE_KEYS))
        name = self._image_name(raw.get("name"), line_in(raw, "name", where))
        context, command = raw.get("context"), raw.get("command", [])
        ok = name is not None
        if context is not None and not self._inside(context):
            self.problems.add(self.path, line_in(raw, "context", where), "problem.practice_image_context",
                              folder=str(context))
            ok = False
        if not isinstance(command, list) or not all(isinstance(word, str) for word in command):
            self.problems.add(self.path, line_in(raw, "command", where), "problem.practice_image_command")
            ok = False
        return PracticeImage(name, context, tuple(command)) if ok else None

    def _image_name(self, name: Any, line: int) -> str | None:
        """The name with the lesson's default variables filled in (the practice image is the same whichever
        registry the learner uses), when it is a plain image name."""
        if not isinstance(name, str) or not name.strip():
            self.problems.add(self.path, line, "problem.practice_image_name")
            return None
        self.defined(name, line)
        try:
            filled = fill(name, resolve(self.variables))
        except ValueError:  # a variable cycle: said once, where the variables are read
            return None
        try:
            parsed = ImageRef.parse(filled)
        except InvalidReference as error:
            self.problems.add(self.path, line, "problem.practice_image_bad_name", name=filled, error=str(error))
            return None
        if parsed.tag or parsed.digest:
            self.problems.add(self.path, line, "problem.practice_image_name")
            return None
        return filled

    def _inside(self, context: Any) -> bool:
        """A folder of the lesson itself, or of a lesson beside it (`../first-lesson/app`: a course's lessons share
        one practice image instead of each carrying a copy); never a path that leads anywhere else."""
        if not isinstance(context, str) or not context.strip():
            return False
        lesson = self.directory.resolve()
        folder = (lesson / context).resolve()
        owner = next((p for p in (folder, *folder.parents) if p.parent == lesson.parent), None)
        return folder.is_dir() and owner is not None and (owner / "lesson.yaml").is_file()

    def default(self) -> bool:
        raw = self.data.get("default", False)
        if not isinstance(raw, bool):
            self.problems.add(self.path, line_in(self.data, "default", 1), "problem.default_not_bool")
            return False
        return raw


    def course(self) -> CoursePlace | None:
        raw = self.data.get("course")
        where = line_in(self.data, "course", 1)
        if raw is None:
            return None
        if not isinstance(raw, dict) or set(raw) - {"order", "requires"}:
            self.problems.add(self.path, where, "problem.course_shape")
            return None
        order, requires = raw.get("order"), raw.get("requires", [])
        if isinstance(order, bool) or not isinstance(order, int) or order < 1:
            self.problems.add(self.path, line_in(raw, "order", where), "problem.course_shape")
            return None
        if not isinstance(requires, list) or not all(isinstance(r, str) and r for r in requires):
            self.problems.add(self.path, line_in(raw, "requires", where), "problem.course_shape")
            return None
        return CoursePlace(order, tuple(requires))


def read_fields(data: Mapping, path: str, directory: Path, variables: Mapping[str, str], step_ids: set[str],
                problems: Problems) -> Fields:
    """The lesson's journey, summary rows, practice image and default flag; each problem is added with its line."""
    reader = _Reader(data, path, directory, variables, step_ids, problems)
    return Fields(reader.journey(), reader.summary(), reader.practice_image(), reader.default(), reader.course())
