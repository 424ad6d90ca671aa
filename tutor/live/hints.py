"""A lesson's named hints, looked up one way: what the live session shows for a trigger or a wrong answer, what
the lesson tests expect and count. (A question of the lesson text: its home is tutor/lesson/model.py's
LessonText once that format module is free to change; every caller goes through here meanwhile.)"""

from __future__ import annotations

from tutor.lesson.model import LessonText


def named_hint(text: LessonText, name: str, step_id: str | None = None) -> str | None:
    """The Markdown of hint `name` in one language: step `step_id`'s own, else the lesson-wide one, else any
    other step's (a trigger may name a hint written under another step, as the lesson reader allows: a push
    step's "must be lowercase" shows the tag step's `lowercase`); None when this language has none of them."""
    own = text.steps.get(step_id) if step_id else None
    if own is not None and name in own.named_hints:
        return own.named_hints[name]
    if name in text.common_hints:
        return text.common_hints[name]
    return next((step.named_hints[name] for step in text.steps.values() if name in step.named_hints), None)


def hint_names(text: LessonText) -> list[str]:
    """Every named hint of one language: each step's, in order, then the lesson-wide ones."""
    return [name for step_text in text.steps.values() for name in step_text.named_hints] + list(text.common_hints)
