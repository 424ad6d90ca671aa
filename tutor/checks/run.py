"""Evaluating a step or a whole lesson: each declared check kind (tutor/lesson/schema.py) with the learner's
values filled into its arguments, by its implementation (state.py for the real state, turn.py for what the
learner did). Nothing here prints."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from tutor.checks import docker_config, practice_auth, state, turn
from tutor.checks.context import CheckContext
from tutor.checks.turn import Turn
from tutor.checks.verdict import Message, Status, StepReport, Verdict
from tutor.lesson.model import CheckSpec, Lesson, Step
from tutor.lesson.schema import KINDS
from tutor.lesson.template import fill

# Kinds of the real state take the check context; kinds about what the learner did take their turn.
STATE: dict[str, Callable[..., Verdict]] = {
    "image_exists": state.image_exists,
    "same_image": state.same_image,
    "logged_in": state.logged_in,
    "in_registry": state.in_registry,
    "registry_same_digest": state.registry_same_digest,
    "built_from": state.built_from,
    "pulled": state.pulled,
    "config_value": docker_config.config_value,
    "login_in_helper": docker_config.login_in_helper,
    "registry_token": practice_auth.registry_token,
    "registry_auth": practice_auth.registry_auth,
}
TURN: dict[str, Callable[..., Verdict]] = {
    "command_ran": turn.command_ran,
    "output_matches": turn.output_matches,
    "exit_code": turn.exit_code,
    "answer": turn.answer,
}
assert set(STATE) | set(TURN) == set(KINDS), "every declared check kind needs an implementation"


def filled_args(spec: CheckSpec, values: Mapping[str, str]) -> dict[str, Any]:
    kind = KINDS[spec.kind]
    filled = {}
    for name, raw in spec.args.items():
        if name in kind.int_args:
            filled[name] = raw
        else:
            filled[name] = fill(str(raw), values, re.escape if name in kind.regex_args else None)
    return filled


def run_check(ctx: CheckContext, kind_name: str, args: Mapping[str, Any], did: Turn = Turn()) -> Verdict:
    """One check with its (filled) arguments. Where it cannot apply, as its kind declares (a live session for
    the last command, a session of any kind for an answer), it is not applicable: decided here, once."""
    kind = KINDS[kind_name]
    if (kind.live and not ctx.live) or (kind.session and not ctx.session):
        # The expected side as the check itself words it; `answer`'s wording names no argument.
        return Verdict(kind_name, dict(args), Status.NOT_APPLICABLE, Message(f"check.{kind_name}.expected", args),
                       Message("check.found.needs_session"))
    if kind_name in TURN:
        return TURN[kind_name](did, **args)
    return STATE[kind_name](ctx, **args)


def evaluate_step(step: Step, values: Mapping[str, str], ctx: CheckContext, did: Turn = Turn()) -> StepReport:
    """The step's checks against the state now and, in a session, what the learner `did`."""
    return StepReport(step.id, tuple(run_check(ctx, c.kind, filled_args(c, values), did) for c in step.checks))


def evaluate_lesson(lesson: Lesson, values: Mapping[str, str], ctx: CheckContext,
                    step_ids: list[str] | None = None, until_failure: bool = False) -> list[StepReport]:
    """Reports for the steps (all, or `step_ids`), in lesson order. `until_failure` stops after the first
    failing step: what `why` needs, and it spares asking a registry about steps the learner has not reached."""
    steps = [lesson.step(s) for s in step_ids] if step_ids else list(lesson.steps)
    reports: list[StepReport] = []
    # Each step's checks run once, whether the loop reaches it first or an earlier step's `until:` names it
    # (a later step: asked early, its report is the one the loop uses when it gets there).
    evaluated: dict[str, StepReport] = {}

    def report_of(step: Step) -> StepReport:
        if step.id not in evaluated:
            evaluated[step.id] = evaluate_step(step, values, ctx)
        return evaluated[step.id]

    for step in steps:
        report = report_of(step)
        passed = {check.until: report_of(lesson.step(check.until)).status is Status.PASS
                  for check in step.checks if check.until}
        reports.append(_past(report, step, passed))
        if until_failure and reports[-1].status is Status.FAIL:
            break
    return reports


def _past(report: StepReport, step: Step, passed: Mapping[str, bool]) -> StepReport:
    """A check whose `until:` step passes now describes a state that step changed on purpose: not applicable.
    (A live session never looks back at a passed step, so only `tutor check` and `why` meet this.)"""
    verdicts = []
    for check, found in zip(step.checks, report.verdicts, strict=True):
        if check.until and passed.get(check.until):
            found = Verdict(found.kind, found.args, Status.NOT_APPLICABLE, found.expected,
                            Message("check.found.changed_on_purpose", {"step": check.until}))
        verdicts.append(found)
    return StepReport(report.step_id, tuple(verdicts))
