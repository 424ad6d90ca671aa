"""What a command made, compared with what the step expects: the immediate "Not quite".

A command that changed the state (a new tag, a push) but left the step failing gets a short answer at once,
instead of silence until a later step fails: which part of the name it made differs from the name the
step's checks expect (the registry address, the username, the image name, the tag). Generic: the expected
names are the filled arguments of the step's failing checks that name images (as each check kind declares),
and the made ones come from the real state (the live engine compares Docker's images before and after).
Pure: no Docker here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tutor.checks.verdict import Message, Status, StepReport
from tutor.lesson.schema import KINDS
from tutor.practice.accounts import valid_username
from tutor.reference import DOCKER_HUB, ImageRef, InvalidReference

RELATED = 2  # a made name differing from an expected one in more parts than this is about something else


@dataclass(frozen=True)
class Produced:
    """What one command changed, from Docker's images before and after it."""

    tags: frozenset[str] = frozenset()  # local names (`name:tag`) that appeared
    pushed: frozenset[str] = frozenset()  # repositories that gained a pushed digest
    present: frozenset[str] = frozenset()  # every local name now

    def __bool__(self) -> bool:
        return bool(self.tags or self.pushed)


@dataclass(frozen=True)
class NotQuite:
    made: str  # as Docker prints it
    expected: str
    pushed: bool  # a push (else a tag)
    differences: tuple[Message, ...]


def _parse(text: str) -> ImageRef | None:
    try:
        return ImageRef.parse(text)
    except InvalidReference:
        return None


def _parts(ref: ImageRef) -> tuple[str, str, str]:
    """(registry, namespace, name): `127.0.0.1:5000/budi/app` -> ("127.0.0.1:5000", "budi", "app"); an image
    on Docker Hub without a namespace is Docker's own `library/`, i.e. none of the learner's."""
    namespace, _, name = ref.path.rpartition("/")
    if ref.domain == DOCKER_HUB and namespace == "library":
        namespace = ""
    return ref.domain, namespace, name


def _differences(made: ImageRef, expected: ImageRef, with_tag: bool) -> list[Message]:
    (registry, namespace, name), (want_registry, want_namespace, want_name) = _parts(made), _parts(expected)
    found: list[Message] = []
    if registry != want_registry:
        found.append(Message("check.diff.registry", {"found": registry, "expected": want_registry}))
    if namespace != want_namespace:
        if not want_namespace:
            key = "check.diff.extra_namespace"
        elif not namespace:
            key = "check.diff.no_user"
        elif "/" not in namespace and not valid_username(namespace):
            key = "check.diff.placeholder"  # `username_anda`: no one's username can look like that
        else:
            key = "check.diff.other_user"
        found.append(Message(key, {"found": namespace, "expected": want_namespace}))
    if name != want_name:
        found.append(Message("check.diff.name", {"found": name, "expected": want_name}))
    if with_tag and made.tag_or_latest != expected.tag_or_latest:
        found.append(Message("check.diff.tag", {"found": made.tag_or_latest, "expected": expected.tag_or_latest}))
    return found


def _expected(report: StepReport, where: str) -> list[tuple[ImageRef, Message]]:
    """(name, what its check found) for each image name a failing check of the step expects; `where` is
    "local" (Docker's images) or "registry"."""
    expected = []
    for verdict in report.verdicts:
        if verdict.status is not Status.FAIL:
            continue
        kind = KINDS[verdict.kind]
        for arg in kind.image_args if where == "local" else kind.registry_args:
            parsed = _parse(str(verdict.args.get(arg, "")))
            if parsed is not None:
                expected.append((parsed, verdict.found))
    return expected


def _closest(made_text: str, expected: Iterable[tuple[ImageRef, Message]], present: frozenset[str],
             pushed: bool) -> NotQuite | None:
    made = _parse(made_text)
    if made is None:
        return None
    best: NotQuite | None = None
    for want, found in expected:
        same_name = _parts(made) == _parts(want) and (pushed or made.tag_or_latest == want.tag_or_latest)
        if same_name:  # the very name the step wants, and still failing: the check's own finding says why
            return NotQuite(_shown(made, pushed), _shown(want, pushed), pushed, (found,))
        if not pushed and want.familiar() in present:
            continue  # that name is there already: the made one is not an attempt at it
        differences = _differences(made, want, with_tag=not pushed)
        if len(differences) <= RELATED and (best is None or len(differences) < len(best.differences)):
            best = NotQuite(_shown(made, pushed), _shown(want, pushed), pushed, tuple(differences))
    return best


def _shown(ref: ImageRef, pushed: bool) -> str:
    return ref.familiar_name if pushed else ref.familiar()


def not_quite(produced: Produced, report: StepReport | None) -> NotQuite | None:
    """The first thing the command made that is close to, but not, what the step's failing checks expect."""
    if not produced or report is None:
        return None
    for made in sorted(produced.tags):
        found = _closest(made, _expected(report, "local"), produced.present, pushed=False)
        if found:
            return found
    for made in sorted(produced.pushed):
        found = _closest(made, _expected(report, "registry"), produced.present, pushed=True)
        if found:
            return found
    return None
