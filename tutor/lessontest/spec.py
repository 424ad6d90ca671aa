"""A lesson's tests as data: `tests.yaml` in the lesson folder, read with every problem's file and line.

    format_version: 1
    setup: [...]                  # before the first step: actions (below), unseen by the tutor
    steps:
      STEP-ID:                    # a step of lesson.yaml
        solution: [commands]      # optional: else the step's own commands (and its answer), as `hint` shows
        mistakes:
          - name: pushing before tagging
            setup: [...]          # optional actions first, unseen by the tutor
            type: docker push {{ target }}     # one line or a list, typed in the learner's shell
            password: not-the-password         # optional: typed at a `Password:` prompt instead
            only: [linux]                      # optional: played only in these platforms' runs (`only:` steps)
            expect: {hint: not-tagged}         # hint NAME | not_quite: [DIFFERENCE..] | not_yet | wrong_answer
            needs_network: why                 # optional: cannot be played offline (reported, never passed)
    final:                        # after the whole lesson, `tutor check` passes; then this makes it fail
      setup: [...]
      type: docker tag other {{ target }}

An action is a shell command (a string, run by bash with the lesson's variables, outside the learner's shell),
`{image: NAME}` (a new small image under NAME, made without any registry), `{registry: stopped}` (the
practice registry is stopped for this mistake), or `{server: plain_http}` (a server answering plain HTTP on
[::1], where Docker wants HTTPS, at `{{ server }}` for this mistake). The guide: docs/writing-lessons.md,
"Testing a lesson".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tutor.lesson.forks import read_only
from tutor.lesson.model import Lesson, Problem, Problems
from tutor.lesson.template import variables_in
from tutor.lesson.yaml_lines import error_line, error_text, line_in, load_yaml
from tutor.live.hints import named_hint
from tutor.messages import MESSAGES

TESTS_FILE = "tests.yaml"
FORMAT_VERSIONS = (1,)
# The variables the runner gives the tests beside the lesson's own: the practice account's password (never
# printed: reports show commands as written, unfilled), the practice registry's port, and the address of the
# plain-HTTP server a `{server: plain_http}` action starts.
RUNNER_VARIABLES = ("password", "port", "server")
# What a "not quite" may name: the parts in which the name made differs from the expected one
# (tutor/checks/differences.py, `check.diff.<name>`), or, for the very name expected, what its check found
# (`check.found.<name>`, e.g. `different`: another image under that name).
DIFFERENCES = tuple(sorted({key.split(".", 2)[2] for key in MESSAGES
                            if key.startswith(("check.diff.", "check.found."))}))
EXPECTATIONS = ("hint", "not_quite", "not_yet", "wrong_answer")


@dataclass(frozen=True)
class Action:
    """Something the runner does itself, unseen by the tutor: a shell command, a new image, the registry off."""

    line: int
    shell: str | None = None
    image: str | None = None
    registry_stopped: bool = False
    plain_http: bool = False


@dataclass(frozen=True)
class Expect:
    """What the tutor must answer to the last line typed: a hint of that name (a trigger's, or `answer-X` for a
    wrong option), a "not quite" naming these differences, or neither ("not yet": the step just does not
    pass), or the plain "wrong answer" of an option without a hint of its own."""

    hint: str | None = None
    not_quite: tuple[str, ...] | None = None
    not_yet: bool = False
    wrong_answer: bool = False


@dataclass(frozen=True)
class Mistake:
    name: str
    typed: tuple[str, ...]
    expect: Expect
    line: int
    setup: tuple[Action, ...] = ()
    password: str | None = None
    needs_network: str | None = None
    only: tuple[str, ...] = ()  # played only in the runs of these platforms (a lesson with `only:` steps)

    def for_platform(self, platform: str | None) -> bool:
        return not self.only or platform is None or platform in self.only


@dataclass(frozen=True)
class StepTests:
    step_id: str
    line: int
    solution: tuple[str, ...] | None = None
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class Final:
    line: int
    typed: tuple[str, ...]
    setup: tuple[Action, ...] = ()


@dataclass(frozen=True)
class LessonTests:
    path: str
    setup: tuple[Action, ...]
    steps: Mapping[str, StepTests]
    final: Final | None

    def of(self, step_id: str) -> StepTests:
        return self.steps.get(step_id) or StepTests(step_id, 0)


def tests_path(lesson: Lesson) -> Path:
    return lesson.directory / TESTS_FILE


def read_tests(lesson: Lesson) -> tuple[LessonTests | None, list[Problem]]:
    """The lesson's tests as far as they can be read, and every problem (checked against the lesson itself:
    its step ids, its hints, its variables)."""
    problems = Problems()
    path = tests_path(lesson)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(where, 1, "problem.tests_missing", file=TESTS_FILE)
        return None, problems.problems
    except (OSError, UnicodeDecodeError) as error:
        problems.add(where, 1, "problem.unreadable", error=str(error))
        return None, problems.problems
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        problems.add(where, error_line(error), "problem.yaml_syntax", error=error_text(error))
        return None, problems.problems
    if not isinstance(data, dict):
        problems.add(where, 1, "problem.manifest_not_mapping")
        return None, problems.problems
    reader = _Reader(lesson, where, problems)
    version = data.get("format_version")
    if version not in FORMAT_VERSIONS or isinstance(version, bool):
        problems.add(where, line_in(data, "format_version", 1), "problem.format_version", found=str(version),
                     known=", ".join(map(str, FORMAT_VERSIONS)))
        return None, problems.problems
    reader.unknown_keys(data, {"format_version", "setup", "steps", "final"}, 1)
    setup = reader.actions(data.get("setup"), line_in(data, "setup", 1))
    steps: dict[str, StepTests] = {}
    raw_steps = data.get("steps") or {}
    if not isinstance(raw_steps, dict):
        problems.add(where, line_in(data, "steps", 1), "problem.must_be_mapping", field="steps")
        raw_steps = {}
    for step_id, raw in raw_steps.items():
        line = line_in(raw_steps, step_id, 1)
        if step_id not in lesson.step_ids:
            problems.add(where, line, "problem.tests_unknown_step", id=str(step_id),
                         known=", ".join(lesson.step_ids))
            continue
        steps[step_id] = reader.step(step_id, raw, line)
    final = reader.final(data.get("final"), line_in(data, "final", 1)) if "final" in data else None
    return LessonTests(where, setup, steps, final), problems.problems


def load_tests(lesson: Lesson) -> LessonTests:
    """The lesson's tests; raises LessonError listing the problems when there are any."""
    from tutor.errors import LessonError

    tests, problems = read_tests(lesson)
    if problems or tests is None:
        raise LessonError(sorted(problems, key=lambda p: (p.path, p.line)))
    return tests


class _Reader:
    def __init__(self, lesson: Lesson, path: str, problems: Problems) -> None:
        self.lesson, self.path, self.problems = lesson, path, problems
        self.names = set(lesson.variables) | set(RUNNER_VARIABLES)

    def unknown_keys(self, raw: Mapping, known: set[str], line: int) -> None:
        for key in sorted(map(str, set(raw) - known)):
            self.problems.add(self.path, line_in(raw, key, line), "problem.tests_unknown_key", field=key,
                              known=", ".join(sorted(known)))

    def text(self, value: Any, line: int, what: str) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            self.problems.add(self.path, line, "problem.tests_not_text", field=what)
            return None
        text = str(value)
        for name in variables_in(text):
            if name not in self.names:
                self.problems.add(self.path, line, "problem.undefined_variable", name=name)
        return text

    def lines(self, value: Any, line: int, what: str) -> tuple[str, ...]:
        """One command or a list of them."""
        items = value if isinstance(value, list) else [value]
        if not items:
            self.problems.add(self.path, line, "problem.tests_not_text", field=what)
        texts = (self.text(item, line_in(value, index, line), what) for index, item in enumerate(items))
        return tuple(text for text in texts if text is not None)

    def actions(self, value: Any, line: int) -> tuple[Action, ...]:
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        actions = []
        for index, item in enumerate(items):
            item_line = line_in(value, index, line)
            if isinstance(item, dict) and set(item) == {"image"}:
                image = self.text(item["image"], item_line, "image")
                if image:
                    actions.append(Action(item_line, image=image))
            elif isinstance(item, dict) and item == {"registry": "stopped"}:
                actions.append(Action(item_line, registry_stopped=True))
            elif isinstance(item, dict) and item == {"server": "plain_http"}:
                actions.append(Action(item_line, plain_http=True))
            elif isinstance(item, str):
                shell = self.text(item, item_line, "setup")
                if shell:
                    actions.append(Action(item_line, shell=shell))
            else:
                self.problems.add(self.path, item_line, "problem.tests_action_shape")
        return tuple(actions)

    def step(self, step_id: str, raw: Any, line: int) -> StepTests:
        if raw is None:
            return StepTests(step_id, line)
        if not isinstance(raw, dict):
            self.problems.add(self.path, line, "problem.must_be_mapping", field=f"steps.{step_id}")
            return StepTests(step_id, line)
        self.unknown_keys(raw, {"solution", "mistakes"}, line)
        solution = self.lines(raw["solution"], line_in(raw, "solution", line), "solution") \
            if "solution" in raw else None
        raw_mistakes = raw.get("mistakes") or []
        if not isinstance(raw_mistakes, list):
            self.problems.add(self.path, line_in(raw, "mistakes", line), "problem.must_be_list", field="mistakes")
            raw_mistakes = []
        mistakes = [self.mistake(step_id, item, line_in(raw_mistakes, index, line))
                    for index, item in enumerate(raw_mistakes)]
        return StepTests(step_id, line, solution, tuple(m for m in mistakes if m is not None))

    def mistake(self, step_id: str, raw: Any, line: int) -> Mistake | None:
        if not isinstance(raw, dict):
            self.problems.add(self.path, line, "problem.tests_mistake_shape")
            return None
        self.unknown_keys(raw, {"name", "setup", "type", "password", "expect", "needs_network", "only"}, line)
        name = self.text(raw.get("name"), line_in(raw, "name", line), "name")
        if "type" not in raw:
            self.problems.add(self.path, line, "problem.tests_mistake_shape")
            return None
        typed = self.lines(raw["type"], line_in(raw, "type", line), "type")
        expect = self.expect(step_id, raw.get("expect"), line_in(raw, "expect", line))
        setup = self.actions(raw.get("setup"), line_in(raw, "setup", line))
        password = self.text(raw["password"], line_in(raw, "password", line), "password") \
            if "password" in raw else None
        network = self.text(raw["needs_network"], line_in(raw, "needs_network", line), "needs_network") \
            if "needs_network" in raw else None
        only = read_only(raw["only"], self.path, line_in(raw, "only", line), self.problems) if "only" in raw else ()
        if name is None or not typed or expect is None:
            return None
        return Mistake(name, typed, expect, line, setup, password, network, only)

    def expect(self, step_id: str, raw: Any, line: int) -> Expect | None:
        if isinstance(raw, str) and raw in ("not_yet", "wrong_answer"):
            raw = {raw: True}
        if not isinstance(raw, dict) or not raw or set(raw) - set(EXPECTATIONS):
            self.problems.add(self.path, line, "problem.tests_expect_shape", known=", ".join(EXPECTATIONS))
            return None
        alone = [key for key in ("not_yet", "wrong_answer") if key in raw]
        if alone and len(raw) > 1 or any(raw.get(key) is not True for key in alone):
            self.problems.add(self.path, line, "problem.tests_expect_shape", known=", ".join(EXPECTATIONS))
            return None
        hint = None
        if "hint" in raw:
            hint = self.text(raw["hint"], line_in(raw, "hint", line), "hint")
            if hint and not self.hint_exists(step_id, hint):
                self.problems.add(self.path, line_in(raw, "hint", line), "problem.tests_unknown_hint", name=hint,
                                  step=step_id)
                return None
        not_quite = None
        if "not_quite" in raw:
            value = raw["not_quite"]
            names = value if isinstance(value, list) else ([] if value is True else [value])
            unknown = [str(name) for name in names if name not in DIFFERENCES]
            if unknown:
                self.problems.add(self.path, line_in(raw, "not_quite", line), "problem.tests_unknown_difference",
                                  name=", ".join(unknown), known=", ".join(DIFFERENCES))
                return None
            not_quite = tuple(names)
        return Expect(hint, not_quite, bool(raw.get("not_yet")), bool(raw.get("wrong_answer")))

    def hint_exists(self, step_id: str, name: str) -> bool:
        """A hint the tutor can show at this step: any step's named hint or a common one (a trigger of any step
        may answer, tutor/live/session.py), in some language (per-language presence is checked when played)."""
        return any(named_hint(text, name) is not None for text in self.lesson.texts.values())

    def final(self, raw: Any, line: int) -> Final | None:
        if not isinstance(raw, dict) or "type" not in raw:
            self.problems.add(self.path, line, "problem.tests_final_shape")
            return None
        self.unknown_keys(raw, {"setup", "type"}, line)
        typed = self.lines(raw["type"], line_in(raw, "type", line), "type")
        return Final(line, typed, self.actions(raw.get("setup"), line_in(raw, "setup", line)))
