"""The check kinds a lesson may declare, with their arguments. Pure data: the loader validates
declarations against it without importing the Docker SDK; `tutor.checks.run` implements each kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckKind:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # Needs a live session (the last command and its output); `tutor check` reports these as not applicable.
    live: bool = False
    # Needs a session of any kind, live or --watch (the learner's answer to the step's question).
    session: bool = False
    # Arguments that are regular expressions: variables are filled in escaped, and the pattern must compile.
    regex_args: tuple[str, ...] = ()
    int_args: tuple[str, ...] = ()
    # Arguments the learner types as one word (`answer b`): no spaces.
    word_args: tuple[str, ...] = ()
    # Arguments naming an image that must exist locally, or in a registry: what a command made is compared
    # with them for the immediate "Not quite" (tutor/checks/differences.py).
    image_args: tuple[str, ...] = ()
    registry_args: tuple[str, ...] = ()


KINDS: dict[str, CheckKind] = {
    kind.name: kind
    for kind in (
        CheckKind("image_exists", ("ref",), image_args=("ref",)),
        CheckKind("same_image", ("a", "b"), image_args=("a", "b")),
        CheckKind("logged_in", ("registry",)),
        CheckKind("in_registry", ("ref",), registry_args=("ref",)),
        CheckKind("command_ran", ("pattern",), live=True, regex_args=("pattern",)),
        CheckKind("output_matches", ("pattern",), live=True, regex_args=("pattern",)),
        CheckKind("exit_code", ("code",), live=True, int_args=("code",)),
        CheckKind("answer", ("correct",), session=True, word_args=("correct",)),
    )
}
