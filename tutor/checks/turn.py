"""The checks of what the learner did in a live session: the command that just ran (its text, output and exit
code) and their answer to the step's question. They are given the learner's turn as an argument; outside a
session they do not apply (tutor.checks.run decides that, once)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from tutor.checks.verdict import Message, Verdict, verdict


class RanCommand(Protocol):
    """A command the learner ran, as a check reads it (the live lesson's CommandRecord is one)."""

    @property
    def command(self) -> str: ...

    @property
    def exit_code(self) -> int | None: ...

    @property
    def output(self) -> str: ...


@dataclass(frozen=True)
class Turn:
    """What the learner just did: the command that ran (in a live session), and their answer to the step's
    question (in any session), if they gave one."""

    command: RanCommand | None = None
    answer: str | None = None


def _no_command(kind: str, args: Mapping[str, Any], turn: Turn, expected: Message) -> Verdict | None:
    """A check about the last command, before the learner ran any."""
    if turn.command is None:
        return verdict(kind, args, False, expected, Message("check.found.no_command"))
    return None


def command_ran(turn: Turn, pattern: str) -> Verdict:
    args = {"pattern": pattern}
    expected = Message("check.command_ran.expected", args)
    early = _no_command("command_ran", args, turn, expected)
    if early:
        return early
    command = turn.command.command
    passed = re.search(pattern, command) is not None
    return verdict("command_ran", args, passed, expected, Message("check.found.command", {"command": command}))


def output_matches(turn: Turn, pattern: str) -> Verdict:
    args = {"pattern": pattern}
    expected = Message("check.output_matches.expected", args)
    early = _no_command("output_matches", args, turn, expected)
    if early:
        return early
    passed = re.search(pattern, turn.command.output, re.MULTILINE) is not None
    key = "check.found.output_has" if passed else "check.found.output_lacks"
    return verdict("output_matches", args, passed, expected, Message(key, {"command": turn.command.command}))


def exit_code(turn: Turn, code: int) -> Verdict:
    args = {"code": code}
    expected = Message("check.exit_code.expected", args)
    early = _no_command("exit_code", args, turn, expected)
    if early:
        return early
    found_code = turn.command.exit_code
    return verdict("exit_code", args, found_code == code, expected,
                    Message("check.found.exit_code", {"code": "?" if found_code is None else found_code}))


def answer(turn: Turn, correct: str) -> Verdict:
    """The learner's answer to the step's question (`answer b` in the shell). The expected side never names
    the right option: `why` must not give it away."""
    args = {"correct": correct}
    expected = Message("check.answer.expected")
    if turn.answer is None:
        return verdict("answer", args, False, expected, Message("check.found.no_answer"))
    return verdict("answer", args, turn.answer.strip().lower() == correct.strip().lower(), expected,
                    Message("check.found.answered", {"answer": turn.answer}))


