"""The export, verified against the registry itself, one entry per learner per lesson of the room: a learner's
push counts only when their image really is under their namespace with the digest their tutor reported. What a
registry cannot see (an answered question, a login or a tag on the learner's computer) is listed apart, as
reported by the learner's tutor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tutor.classroom.board import LearnerSummary, LessonSummary
from tutor.classroom.room import RoomConfig
from tutor.errors import TutorError
from tutor.lesson.model import Lesson
from tutor.lesson.template import fill
from tutor.lesson.values import lesson_values
from tutor.reference import ImageRef, InvalidReference
from tutor.registry.client import RegistryClient


def pushed_images(lesson: Lesson, registry: str, user: str) -> dict[str, str]:
    """step id -> the image the learner `user` has in the registry once that step is done: what its first
    in_registry check looks for, with the room's registry and that learner's values. Only the steps that look
    in a registry; the digest their tutor reports with such a step is that check's."""
    values = lesson_values(lesson, registry, user)
    images = {}
    for step in lesson.steps:
        refs = [check.args["ref"] for check in step.checks if check.kind == "in_registry"]
        if refs:
            images[step.id] = fill(str(refs[0]), values)
    return images


def _registry_digest(client: RegistryClient, image: str) -> str | None:
    try:
        answer = client.manifest(ImageRef.parse(image))
    except (TutorError, InvalidReference):  # unreachable, or not an image reference
        return None
    return answer.digest if answer.status == "found" else None


def _entry(client: RegistryClient, lesson: Lesson, registry: str, name: str, mine: LessonSummary,
           platform: str | None) -> dict:
    """One learner in one lesson. Each step that looks in a registry counts only when the registry holds that
    step's image with the digest the learner's tutor reported at it. `platform`: the one their tutor last
    reported (it picks their `only:` steps); None when it reported none (an older tutor, or no event yet)."""
    claimed = [s for s in lesson.step_ids if s in mine.done]
    images = pushed_images(lesson, registry, name)
    looked_up: dict[str, str | None] = {}  # image -> its digest in the registry: each image asked once

    def in_registry(image: str) -> str | None:
        if image not in looked_up:
            looked_up[image] = _registry_digest(client, image)
        return looked_up[image]

    confirmed, not_found = [], []
    pushes = []
    # A step reported without a digest of its own (its check found none) is held to the lesson's latest one.
    latest = max(mine.digests.values(), key=lambda pair: pair[0], default=[None, None])
    for step in (s for s in claimed if s in images):
        reported = mine.digests.get(step, latest)[1]
        found = in_registry(images[step])
        verified = reported is not None and found == reported
        (confirmed if verified else not_found).append(step)
        pushes.append({"step": step, "image": images[step], "reported_digest": reported, "registry_digest": found,
                       "verified": verified})
    # The lesson's first push stands for the lesson in the flat fields (and the CSV), as in the export of a room
    # of one lesson before; `pushes` has each. Its image is looked up even when nothing was reported: the
    # instructor sees an image the learner's tutor never reported (pushed by hand, or from another computer).
    first_image = next(iter(images.values()), "")
    first = pushes[0] if pushes else {"image": first_image, "reported_digest": None, "verified": False,
                                      "registry_digest": in_registry(first_image) if first_image else None}
    return {"learner": name, "lesson": lesson.id, "platform": platform, "steps_reported": claimed,
            "steps_confirmed_by_registry": confirmed, "steps_not_found_in_registry": not_found,
            "steps_reported_only": [s for s in claimed if s not in images],
            "image": first["image"], "reported_digest": first["reported_digest"],
            "registry_digest": first["registry_digest"], "image_verified": bool(pushes) and not not_found,
            "pushes": pushes}


def verified_export(room: RoomConfig, summaries: Mapping[str, LearnerSummary], lessons: Sequence[Lesson]) -> dict:
    """`lessons`: the room's, in order. One entry per learner per lesson: the steps their tutor reported in it,
    split three ways: those with an in_registry check the registry confirmed (the step's image is there, with
    the digest reported at that step), those it did not, and those no registry can confirm (questions, local
    state), which are the tutor's word only."""
    client = RegistryClient(tls={room.registry: room.place.verify})  # anonymous pull, as anyone may
    learners = []
    try:
        for name in sorted(room.place.accounts.load_for_service()):
            mine = summaries.get(name) or LearnerSummary()
            learners += [_entry(client, lesson, room.registry, name, mine.lesson(lesson.id), mine.platform_now)
                         for lesson in lessons]
    finally:
        client.close()
    return {"lessons": [{"id": lesson.id, "steps": list(lesson.step_ids)} for lesson in lessons],
            "learners": learners}
