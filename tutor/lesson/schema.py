"""The lesson format's vocabulary, as data: the check kinds a step may declare (with their arguments) and the
diagnoses a trigger may name (with the values they give its hint). The loader validates lessons against it
without importing the Docker SDK; `tutor.checks` implements each kind and each diagnosis (and checks at
import that it implements every one declared here)."""

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
    # Arguments that take one of a few words: argument -> the words allowed.
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Judged from records only the practice registry keeps: not applicable on any other registry, and a learner
    # who starts the lesson with --registry is told which steps that leaves unchecked.
    practice_only: bool = False


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
        # --- course: versions, digests and what the engine did ---
        # Two references (a tag or a digest each) name one manifest in their registry.
        CheckKind("registry_same_digest", ("a", "b"), registry_args=("a", "b")),
        # `ref` was built on `base`: it starts with base's layers and is another image.
        CheckKind("built_from", ("ref", "base"), image_args=("ref", "base")),
        # The engine pulled `ref` since the lesson began: by its tag, or by the digest the registry has for it;
        # `after: removal`: a pull that brought back a name the image had lost (docker rmi, then docker pull).
        CheckKind("pulled", ("ref",), ("by", "after"), choices=(("by", ("tag", "digest")), ("after", ("removal",)))),
        # --- course: Docker's config.json ---
        # A top-level value of config.json (such as credsStore) is exactly `value`.
        CheckKind("config_value", ("key", "value")),
        # The login for `registry` is kept by a credential helper, and config.json holds no secret for it.
        CheckKind("login_in_helper", ("registry",)),
        # --- course: how the learner authenticated (the practice registry only) ---
        # An access token of `user` named `name`, with that scope and state.
        CheckKind("registry_token", ("registry", "user", "name"), ("scope", "state"),
                  choices=(("scope", ("read", "write")), ("state", ("active", "revoked"))), practice_only=True),
        # Since the lesson began, Docker authenticated as `user` with that credential, for that action, with that
        # outcome (the token service's record; never the secret).
        CheckKind("registry_auth", ("registry", "user"), ("credential", "scope", "action", "outcome"),
                  choices=(("credential", ("password", "token")), ("scope", ("read", "write")),
                           ("action", ("login", "pull", "push")),
                           ("outcome", ("ok", "insufficient_scope", "revoked", "bad_credentials"))),
                  practice_only=True),
    )
}


@dataclass(frozen=True)
class DiagnosisKind:
    name: str
    values: tuple[str, ...]  # the {{ names }} it gives the hint, beside the lesson's own variables


DIAGNOSES: dict[str, DiagnosisKind] = {
    kind.name: kind
    for kind in (
        # The learner logged in to the registry under another spelling (localhost vs 127.0.0.1, with or
        # without the port; index.docker.io vs docker.io): Docker keeps logins per exact address, so the push
        # or pull went without one.
        DiagnosisKind("login-spelling", ("login_registry", "push_registry")),
        # No login at all is stored for the registry of the image pushed or pulled.
        DiagnosisKind("no-login", ("push_registry",)),
    )
}


# The rows a lesson may put on the card at the end, after the steps done, the time and the hints (each row's
# label is the UI string `session.summary.<row>`). A digest row follows `pushed` when the lesson's
# in_registry check found the image in a registry.
SUMMARY_ROWS = ("pushed", "lives")
