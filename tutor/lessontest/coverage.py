"""What a lesson declares that its tests never made the tutor do: triggers that never fired, named hints never
shown, wrong options never answered, check kinds no mistake made fail. The first three fail a lesson's
tests (a shipped lesson exercises all of them), unless the tests mark the hint's mistake as needing the network
(then: "not exercised: needs network", said, never passed); the last is reported only."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.lesson.model import Lesson
from tutor.lessontest.runner import Exercised, wrong_options
from tutor.live.hints import hint_names

TRIGGER, HINT, WRONG_ANSWER, CHECK_KIND = "trigger", "hint", "wrong_answer", "check_kind"


@dataclass(frozen=True)
class Gap:
    kind: str  # TRIGGER, HINT, WRONG_ANSWER or CHECK_KIND
    name: str  # the hint a trigger shows, the hint, `step: option`, or the check kind
    path: str
    line: int
    network: str | None = None  # why it could not be played here, as the tests say

    @property
    def fails(self) -> bool:
        return self.kind != CHECK_KIND and self.network is None


def gaps(lesson: Lesson, lang: str, exercised: Exercised) -> list[Gap]:
    manifest = str(lesson.directory / "lesson.yaml")
    found: list[Gap] = []
    triggers = list(lesson.triggers) + [t for step in lesson.steps for t in step.triggers]
    for trigger in sorted(triggers, key=lambda t: t.line):
        if trigger.line not in exercised.triggers:
            found.append(Gap(TRIGGER, trigger.hint, manifest, trigger.line, exercised.network.get(trigger.hint)))
    text = lesson.texts.get(lang)
    if text is not None:
        for name in hint_names(text):
            if not name.startswith("answer-") and name not in exercised.hints:
                found.append(Gap(HINT, name, text.path, text.hint_lines.get(name, 1), exercised.network.get(name)))
        for step, option in wrong_options(lesson, lang):
            if (step.id, option) not in exercised.answers:
                found.append(Gap(WRONG_ANSWER, f"{step.id}: {option}", text.path, text.steps[step.id].line))
    used: dict[str, int] = {}
    for step in lesson.steps:
        for check in step.checks:
            used.setdefault(check.kind, check.line)
    for kind, line in used.items():
        if kind not in exercised.kinds:
            found.append(Gap(CHECK_KIND, kind, manifest, line))
    return found
