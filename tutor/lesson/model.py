"""The lesson model. Frozen: once loaded, a lesson is data that nothing mutates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tutor.lesson.platforms import PLATFORMS

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson, where it is, as a UI-string key plus values (rendered per language)."""

    path: str
    line: int
    key: str
    values: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    fatal: bool = True  # False: the lesson still runs (e.g. a missing translation falls back)


class Problems:
    """The problems found while reading a lesson, in the order they were found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, message_key: str, fatal: bool = True, **values: Any) -> None:
        self.problems.append(Problem(path, line, message_key, MappingProxyType(values), fatal))


@dataclass(frozen=True)
class CheckSpec:
    kind: str
    args: Mapping[str, Any]
    line: int
    # A later step that changes this state on purpose (a lesson that moves a tag): once that step's checks pass,
    # this check describes the past and `tutor check` reports it as not applicable.
    until: str | None = None


@dataclass(frozen=True)
class Trigger:
    """When the last command's output contains `text` (case-insensitive) or matches `regex`, show hint `hint`;
    with a `diagnosis` (tutor/lesson/schema.py), only when that diagnosis also finds its cause in the real state."""

    hint: str
    line: int
    text: str | None = None
    regex: str | None = None
    diagnosis: str | None = None

    def matches(self, output: str) -> bool:
        """Whether a command's output is what this trigger waits for (its diagnosis aside)."""
        if self.text is not None:
            return self.text.lower() in output.lower()
        return re.search(self.regex or "", output, re.IGNORECASE) is not None


@dataclass(frozen=True)
class StepText:
    """One step in one language."""

    title: str
    body: str  # Markdown: prose and command blocks, without the hint sections
    commands: tuple[str, ...]  # what the learner types, in order; the last progressive hint shows them
    hints: tuple[str, ...]  # progressive hints, Markdown each
    named_hints: Mapping[str, str]  # hint name -> Markdown
    path: str
    line: int


@dataclass(frozen=True)
class LessonText:
    """The whole lesson in one language (`<lang>.md`)."""

    lang: str
    title: str
    summary: str
    intro: str
    steps: Mapping[str, StepText]
    common_hints: Mapping[str, str]  # lesson-wide named hints
    path: str
    hint_lines: Mapping[str, int]  # named hint -> the line of its heading in `path` (steps' and common)


@dataclass(frozen=True)
class Step:
    id: str
    checks: tuple[CheckSpec, ...]
    triggers: tuple[Trigger, ...]
    line: int
    # The platforms (platforms.PLATFORMS) whose learners get this step; empty: every platform.
    only: tuple[str, ...] = ()

    def for_platform(self, platform: str) -> bool:
        return not self.only or platform in self.only


@dataclass(frozen=True)
class JourneyPart:
    """One part of the journey picture: `label` lights up once step `step` has passed."""

    step: str
    label: str  # may use {{ variables }}


@dataclass(frozen=True)
class PracticeImage:
    """The image the learner starts from, made by the tutor when they have none of that name."""

    name: str  # a plain image name (tag `latest`), the lesson's default variables filled in
    context: str | None = None  # a folder of the lesson: its files go into the image; `--real-app` builds it
    command: tuple[str, ...] = ()  # the image's CMD


@dataclass(frozen=True)
class CoursePlace:
    """The lesson's place in the course: its position, and the lessons whose end state it starts from (the tutor
    recommends them; it never locks a lesson)."""

    order: int
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    id: str
    format_version: int
    directory: Path
    languages: tuple[str, ...]
    variables: Mapping[str, str]  # raw defaults; values may use other {{ variables }}
    profiles: Mapping[str, Mapping[str, str]]  # registry profile -> variable overrides
    triggers: tuple[Trigger, ...]  # lesson-wide, checked after the step's own
    steps: tuple[Step, ...]
    texts: Mapping[str, LessonText] = field(default_factory=lambda: EMPTY)
    warnings: tuple[Problem, ...] = ()
    journey: tuple[JourneyPart, ...] = ()  # the picture under `steps` and on the card at the end
    summary: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # card row (schema.SUMMARY_ROWS) -> value
    practice_image: PracticeImage | None = None
    default: bool = False  # the lesson a classroom runs, and the one a learner with nothing started is shown
    course: CoursePlace | None = None  # where the lesson stands in the course (lesson.yaml `course`)
    # The platform whose steps `steps` holds (`for_platform`); None: every step as written, for every platform.
    platform: str | None = None
    # Every step as written, whatever the platform (`steps` after `for_platform` holds the platform's only).
    every_step: tuple[Step, ...] | None = None

    @property
    def all_steps(self) -> tuple[Step, ...]:
        return self.steps if self.every_step is None else self.every_step

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms the lesson's steps name in `only:` (all of its steps, also after `for_platform`), in the
        order of platforms.PLATFORMS: the profiles `tutor test` plays, and what `tutor show` says it chose from."""
        named = {name for step in self.all_steps for name in step.only}
        return tuple(name for name in PLATFORMS if name in named)

    def for_platform(self, platform: str) -> Lesson:
        """The lesson as a learner on `platform` meets it: only its steps (and the journey's parts for them).
        Everything downstream (the session, `show`, `check`, progress, the lesson tests) reads this one."""
        steps = tuple(step for step in self.all_steps if step.for_platform(platform))
        ids = {step.id for step in steps}
        return replace(self, steps=steps, journey=tuple(part for part in self.journey if part.step in ids),
                       platform=platform, every_step=self.all_steps)

    def text(self, lang: str) -> LessonText:
        return self.texts[lang] if lang in self.texts else next(iter(self.texts.values()))

    def step_text(self, step_id: str, lang: str) -> tuple[StepText, str]:
        """The step in `lang`, or in another language when it lacks a translation; returns (text, its language)."""
        if lang in self.texts and step_id in self.texts[lang].steps:
            return self.texts[lang].steps[step_id], lang
        for other, text in self.texts.items():
            if step_id in text.steps:
                return text.steps[step_id], other
        raise KeyError(step_id)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)
