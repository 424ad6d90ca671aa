"""What the validator holds about `only:` (tutor/lesson/platforms.py): every value is a known platform, and every
platform the lesson names still has a complete path. Consecutive steps that carry `only:` are one fork of the
lesson (the Linux steps, then the macOS ones, ...); a platform named anywhere in the lesson must have a step in
every fork, or its learners would skip that part of the lesson; and an `until:` must name a later step that the
check's own learners also get."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.lesson.model import Problems, Step
from tutor.lesson.platforms import PLATFORMS
from tutor.lesson.yaml_lines import line_in


def read_only(raw: Any, path: str, line: int, problems: Problems) -> tuple[str, ...]:
    """A step's `only:`: one platform or a list of them; each unknown one is reported at its line."""
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not values:
        problems.add(path, line, "problem.only_shape", known=", ".join(PLATFORMS))
        return ()
    found = []
    for index, value in enumerate(values):
        if value in PLATFORMS:
            found.append(value)
        else:
            problems.add(path, line_in(values, index, line) if values is raw else line, "problem.only_unknown",
                         value=str(value), known=", ".join(PLATFORMS))
    return tuple(dict.fromkeys(found))


def forks(steps: Sequence[Step]) -> list[list[Step]]:
    """The runs of consecutive steps that carry `only:`: where the lesson goes one way per platform."""
    runs: list[list[Step]] = []
    previous_only = False
    for step in steps:
        if step.only and previous_only:
            runs[-1].append(step)
        elif step.only:
            runs.append([step])
        previous_only = bool(step.only)
    return runs


def platform_problems(steps: Sequence[Step], path: str, problems: Problems) -> None:
    """Every platform the steps name has a step in every fork, and each `until:` a step its learners get."""
    named = [name for name in PLATFORMS if any(name in step.only for step in steps)]
    for run in forks(steps):
        covered = {name for step in run for name in step.only}
        for name in named:
            if name not in covered:
                problems.add(path, run[0].line, "problem.platform_gap", platform=name,
                             steps=", ".join(step.id for step in run))
    for position, step in enumerate(steps):
        later = steps[position + 1:]
        for check in step.checks:
            target = next((s for s in later if s.id == check.until), None)
            if target is None:
                continue  # not a later step at all: the loader says so
            missing = [name for name in (step.only or named) if not target.for_platform(name)]
            if missing:
                problems.add(path, check.line, "problem.until_other_platform", step=check.until,
                             platforms=", ".join(missing))
