"""A lesson's named hints, looked up one way: what the live session shows for a trigger or a wrong answer, what
the lesson tests expect and count. (A question of the lesson text: its home is tutor/lesson/model.py's
LessonText once that format module is free to change; every caller goes through here meanwhile.)"""

from __future__ import annotations

from tutor.lesson.model import LessonText


def named_hint(text: LessonText, name: str, step_id: str | None = None) -> str | None:
    """The Markdown of hint `name` in one language: step `step_id`'s own (with no step: any step's), else the
    lesson-wide one of that name; None when this language has neither."""
    steps = [text.steps[step_id]] if step_id in text.steps else [] if step_id else list(text.steps.values())
    for step_text in steps:
        if name in step_text.named_hints:
            return step_text.named_hints[name]
    return text.common_hints.get(name)


def hint_names(text: LessonText) -> list[str]:
    """Every named hint of one language: each step's, in order, then the lesson-wide ones."""
    return [name for step_text in text.steps.values() for name in step_text.named_hints] + list(text.common_hints)
