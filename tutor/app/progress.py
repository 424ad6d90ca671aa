"""`tutor progress`: where the learner is in each lesson."""

from __future__ import annotations

from dataclasses import dataclass

from tutor import progress
from tutor.lesson.summary import default_lesson_id


@dataclass(frozen=True)
class Progress:
    records: tuple[progress.LessonProgress, ...]
    first_lesson: str  # what a learner with nothing started is pointed to


def all_progress() -> Progress:
    records = tuple(progress.all_progress())
    return Progress(records, "" if records else default_lesson_id())
