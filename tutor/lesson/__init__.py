"""Lessons: the model (frozen dataclasses), the loader of `lesson.yaml` + `<lang>.md`, and the validator."""

from tutor.lesson.catalog import find_lesson, list_lessons
from tutor.lesson.loader import load_lesson, validate_lesson
from tutor.lesson.model import Lesson, Problem, Step, StepText

__all__ = ["Lesson", "Problem", "Step", "StepText", "find_lesson", "list_lessons", "load_lesson", "validate_lesson"]
