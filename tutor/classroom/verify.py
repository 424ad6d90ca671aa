"""The export, verified against the registry itself: a learner's push counts only when their image really
is under their namespace with the digest their tutor reported. What a registry cannot see (an answered
question, a login or a tag on the learner's computer) is listed apart, as reported by the learner's tutor."""

from __future__ import annotations

from collections.abc import Mapping

from tutor.classroom.board import LearnerSummary
from tutor.classroom.room import RoomConfig
from tutor.errors import TutorError
from tutor.lesson.model import Lesson
from tutor.lesson.template import fill
from tutor.lesson.values import lesson_values
from tutor.reference import ImageRef, InvalidReference
from tutor.registry.client import RegistryClient


def pushed_image(lesson: Lesson, registry: str, user: str) -> str:
    """The image the learner `user` pushes in the lesson: what its first in_registry check looks for, with the
    room's registry and that learner's values ("" when no step looks in a registry)."""
    values = lesson_values(lesson, registry, user)
    refs = [check.args["ref"] for step in lesson.steps for check in step.checks if check.kind == "in_registry"]
    return fill(str(refs[0]), values) if refs else ""


def verified_export(room: RoomConfig, summaries: Mapping[str, LearnerSummary], lesson: Lesson) -> dict:
    """`lesson`: the room's Lesson. Per learner, the steps their tutor reported, split three ways: those with
    an in_registry check the registry confirmed (the image is there, with the reported digest), those it did
    not, and those no registry can confirm (questions, local state), which are the tutor's word only."""
    step_ids = lesson.step_ids
    registry_steps = {s.id for s in lesson.steps if any(c.kind == "in_registry" for c in s.checks)}
    client = RegistryClient(tls={room.registry: room.place.verify})  # anonymous pull, as anyone may
    learners = []
    try:
        for name in sorted(room.place.accounts.load_for_service()):
            mine = summaries.get(name) or LearnerSummary()
            claimed = [s for s in step_ids if s in mine.done]
            digest = mine.digest[1] if mine.digest else None
            image = pushed_image(lesson, room.registry, name)
            try:
                answer = client.manifest(ImageRef.parse(image))
                in_registry = answer.status == "found" and digest is not None and answer.digest == digest
                found = answer.digest
            except (TutorError, InvalidReference):  # unreachable, or the lesson pushes no image
                in_registry, found = False, None
            in_registry_steps = [s for s in claimed if s in registry_steps]
            learners.append({"learner": name, "steps_reported": claimed,
                             "steps_confirmed_by_registry": in_registry_steps if in_registry else [],
                             "steps_not_found_in_registry": [] if in_registry else in_registry_steps,
                             "steps_reported_only": [s for s in claimed if s not in registry_steps],
                             "image": image, "reported_digest": digest, "registry_digest": found,
                             "image_verified": in_registry})
    finally:
        client.close()
    return {"lesson": room.lesson, "steps": list(step_ids), "learners": learners}
