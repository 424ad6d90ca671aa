"""The implementation of each check kind, and the evaluation of a step or a whole lesson.

Each check reads real state through the context and returns a Verdict; nothing here prints."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from tutor.checks.context import CheckContext
from tutor.checks.verdict import Message, Status, StepReport, Verdict
from tutor.lesson.model import CheckSpec, Lesson, Step
from tutor.lesson.schema import KINDS
from tutor.lesson.template import fill
from tutor.reference import ImageRef, InvalidReference, registry_auth_key


def short_id(image_id: str) -> str:
    """As `docker images` prints IMAGE ID."""
    return image_id.removeprefix("sha256:")[:12]


def _verdict(kind: str, args: Mapping[str, Any], passed: bool, expected: Message, found: Message) -> Verdict:
    return Verdict(kind, dict(args), Status.PASS if passed else Status.FAIL, expected, found)


def _parse(ref: str) -> ImageRef | Message:
    try:
        return ImageRef.parse(ref)
    except InvalidReference as error:
        return Message("check.found.invalid_ref", {"ref": ref, "error": str(error)})


def image_exists(ctx: CheckContext, ref: str) -> Verdict:
    args = {"ref": ref}
    expected = Message("check.image_exists.expected", args)
    parsed = _parse(ref)
    if isinstance(parsed, Message):
        return _verdict("image_exists", args, False, expected, parsed)
    image = ctx.docker.image(parsed.familiar())
    if image is None:
        return _verdict("image_exists", args, False, expected,
                        Message("check.found.no_image", {"ref": parsed.familiar()}))
    return _verdict("image_exists", args, True, expected,
                    Message("check.found.image", {"ref": parsed.familiar(), "id": short_id(image.id)}))


def same_image(ctx: CheckContext, a: str, b: str) -> Verdict:
    args = {"a": a, "b": b}
    expected = Message("check.same_image.expected", args)
    refs = [_parse(a), _parse(b)]
    for parsed in refs:
        if isinstance(parsed, Message):
            return _verdict("same_image", args, False, expected, parsed)
    ra, rb = refs
    ia, ib = ctx.docker.image(ra.familiar()), ctx.docker.image(rb.familiar())
    if ia is None and ib is None:
        found = Message("check.found.neither", {"a": ra.familiar(), "b": rb.familiar()})
    elif ia is None or ib is None:
        there, missing = (ra, rb) if ib is None else (rb, ra)
        found = Message("check.found.only", {"present": there.familiar(), "missing": missing.familiar()})
    elif ia.id == ib.id:
        found = Message("check.found.same", {"a": ra.familiar(), "b": rb.familiar(), "id": short_id(ia.id)})
    else:
        found = Message("check.found.different", {"a": ra.familiar(), "id_a": short_id(ia.id),
                                                  "b": rb.familiar(), "id_b": short_id(ib.id)})
    return _verdict("same_image", args, ia is not None and ib is not None and ia.id == ib.id, expected, found)


def logged_in(ctx: CheckContext, registry: str) -> Verdict:
    from tutor.checks.diagnoses import other_spellings, shown_registry
    from tutor.docker.config import config_path, login_for, stored_logins

    args = {"registry": registry}
    expected = Message("check.logged_in.expected", args)
    login = login_for(registry, ctx.docker_config, ctx.podman)
    if login is None:
        others = other_spellings(registry, stored_logins(ctx.docker_config, ctx.podman))
        if others:  # logged in, but under a spelling of the address that Docker will not use for this one
            return _verdict("logged_in", args, False, expected,
                            Message("check.found.login_other_spelling",
                                    {"registry": shown_registry(registry_auth_key(registry)),
                                     "other": shown_registry(others[0].registry)}))
        found = {"registry": registry_auth_key(registry), "path": str(config_path())}
        unreachable = ctx.engine_cannot_reach(registry)  # then no `docker login` can succeed: say why
        if unreachable:
            return _verdict("logged_in", args, False, expected, Message(
                "check.found.no_login_unreachable", {**found, "address": registry, "error": unreachable}))
        return _verdict("logged_in", args, False, expected, Message("check.found.no_login", found))
    return _verdict("logged_in", args, True, expected,
                    Message("check.found.login", {"registry": login.registry, "user": login.username or "?",
                                                  "source": login.source}))


def in_registry(ctx: CheckContext, ref: str) -> Verdict:
    args = {"ref": ref}
    expected = Message("check.in_registry.expected", args)
    parsed = _parse(ref)
    if isinstance(parsed, Message):
        return _verdict("in_registry", args, False, expected, parsed)
    answer = ctx.registry.manifest(parsed)
    if answer.status == "missing":
        unreachable = ctx.engine_cannot_reach(parsed.domain)  # then no `docker push` can get there: say why
        if unreachable:
            return _verdict("in_registry", args, False, expected,
                            Message("check.found.push_unreachable", {"ref": parsed.familiar(),
                                                                     "registry": parsed.domain, "error": unreachable}))
        return _verdict("in_registry", args, False, expected,
                        Message("check.found.not_in_registry", {"ref": parsed.familiar()}))
    if answer.status in ("unauthorized", "denied"):
        return _verdict("in_registry", args, False, expected,
                        Message("check.found.registry_refused", {"ref": parsed.familiar(), "registry": parsed.domain}))
    local = ctx.docker.image(parsed.familiar())
    if local is None:
        return _verdict("in_registry", args, False, expected,
                        Message("check.found.remote_but_no_local", {"ref": parsed.familiar(), "digest": answer.digest}))
    if _is_local_image(ctx, parsed, answer.digest, local):
        return _verdict("in_registry", args, True, expected,
                        Message("check.found.in_registry", {"ref": parsed.familiar(), "digest": answer.digest}))
    return _verdict("in_registry", args, False, expected,
                    Message("check.found.digest_mismatch", {"ref": parsed.familiar(), "digest": answer.digest,
                                                            "id": short_id(local.id)}))


def _is_local_image(ctx: CheckContext, ref: ImageRef, digest: str, local) -> bool:
    """Whether the manifest `digest` in the registry is the local image. What identifies an image is its config
    (the IMAGE ID), not the manifest: skopeo, podman and buildah compress layers differently, and Docker too
    may push one image under two manifest digests. Docker's own record of this push answers without asking
    the registry again; else the manifest's config (for an index: any child's) must be the IMAGE ID."""
    for repo_digest in local.repo_digests:
        try:
            other = ImageRef.parse(repo_digest)
        except InvalidReference:
            continue
        if other.name == ref.name and other.digest == digest:
            return True
    if digest == local.id:  # Docker's containerd image store: the IMAGE ID is the manifest's (or index's) digest
        return True
    return local.id in ctx.registry.config_digests(ref, digest)


def _no_command(kind: str, args: Mapping[str, Any], ctx: CheckContext, expected: Message) -> Verdict | None:
    """A check about the last command, before the learner ran any."""
    if ctx.last_command is None:
        return _verdict(kind, args, False, expected, Message("check.found.no_command"))
    return None


def command_ran(ctx: CheckContext, pattern: str) -> Verdict:
    args = {"pattern": pattern}
    expected = Message("check.command_ran.expected", args)
    early = _no_command("command_ran", args, ctx, expected)
    if early:
        return early
    command = ctx.last_command.command
    passed = re.search(pattern, command) is not None
    return _verdict("command_ran", args, passed, expected, Message("check.found.command", {"command": command}))


def output_matches(ctx: CheckContext, pattern: str) -> Verdict:
    args = {"pattern": pattern}
    expected = Message("check.output_matches.expected", args)
    early = _no_command("output_matches", args, ctx, expected)
    if early:
        return early
    passed = re.search(pattern, ctx.last_command.output, re.MULTILINE) is not None
    key = "check.found.output_has" if passed else "check.found.output_lacks"
    return _verdict("output_matches", args, passed, expected, Message(key, {"command": ctx.last_command.command}))


def exit_code(ctx: CheckContext, code: int) -> Verdict:
    args = {"code": code}
    expected = Message("check.exit_code.expected", args)
    early = _no_command("exit_code", args, ctx, expected)
    if early:
        return early
    found_code = ctx.last_command.exit_code
    return _verdict("exit_code", args, found_code == code, expected,
                    Message("check.found.exit_code", {"code": "?" if found_code is None else found_code}))


def answer(ctx: CheckContext, correct: str) -> Verdict:
    """The learner's answer to the step's question (`answer b` in the shell). The expected side never names
    the right option: `why` must not give it away."""
    args = {"correct": correct}
    expected = Message("check.answer.expected")
    if ctx.answer is None:
        return _verdict("answer", args, False, expected, Message("check.found.no_answer"))
    return _verdict("answer", args, ctx.answer.strip().lower() == correct.strip().lower(), expected,
                    Message("check.found.answered", {"answer": ctx.answer}))


IMPLEMENTATIONS: dict[str, Callable[..., Verdict]] = {
    "image_exists": image_exists,
    "same_image": same_image,
    "logged_in": logged_in,
    "in_registry": in_registry,
    "command_ran": command_ran,
    "output_matches": output_matches,
    "exit_code": exit_code,
    "answer": answer,
}
assert set(IMPLEMENTATIONS) == set(KINDS), "every declared check kind needs an implementation"


def filled_args(spec: CheckSpec, values: Mapping[str, str]) -> dict[str, Any]:
    kind = KINDS[spec.kind]
    filled = {}
    for name, raw in spec.args.items():
        if name in kind.int_args:
            filled[name] = raw
        else:
            filled[name] = fill(str(raw), values, re.escape if name in kind.regex_args else None)
    return filled


def run_check(ctx: CheckContext, kind_name: str, args: Mapping[str, Any]) -> Verdict:
    """One check with its (filled) arguments. Where it cannot apply, as its kind declares (a live session for
    the last command, a session of any kind for an answer), it is not applicable: decided here, once."""
    kind = KINDS[kind_name]
    if (kind.live and not ctx.live) or (kind.session and not ctx.session):
        # The expected side as the check itself words it; `answer`'s wording names no argument.
        return Verdict(kind_name, dict(args), Status.NOT_APPLICABLE, Message(f"check.{kind_name}.expected", args),
                       Message("check.found.needs_session"))
    return IMPLEMENTATIONS[kind_name](ctx, **args)


def evaluate_step(step: Step, values: Mapping[str, str], ctx: CheckContext) -> StepReport:
    return StepReport(step.id, tuple(run_check(ctx, c.kind, filled_args(c, values)) for c in step.checks))


def evaluate_lesson(lesson: Lesson, values: Mapping[str, str], ctx: CheckContext,
                    step_ids: list[str] | None = None, until_failure: bool = False) -> list[StepReport]:
    """Reports for the steps (all, or `step_ids`), in lesson order. `until_failure` stops after the first
    failing step: what `why` needs, and it spares asking a registry about steps the learner has not reached."""
    steps = [lesson.step(s) for s in step_ids] if step_ids else list(lesson.steps)
    reports = []
    for step in steps:
        reports.append(evaluate_step(step, values, ctx))
        if until_failure and reports[-1].status is Status.FAIL:
            break
    return reports
