"""One exception base and one table of exit codes; translated to text only at the CLI boundary.

Errors carry a message *key* and values, not text, so the CLI can say them in the learner's language.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # checks failed, or a lesson has problems (validate)
    USAGE = 2  # typer/click's own code for bad options
    LESSON = 3  # a lesson cannot be loaded
    NO_ENGINE = 4  # no Docker engine answers
    ENGINE_PERMISSION = 5  # the socket exists but this user may not use it
    REGISTRY = 6  # a registry does not answer, or answers garbage
    DOCKER_CONFIG = 7  # config.json corrupt, credential helper broken or missing
    PRACTICE = 8  # the practice registry or token service could not be run
    DISK_FULL = 9
    STATE = 10  # tutor's own state (progress file) cannot be read or written
    INTERNAL = 70  # a bug of ours (EX_SOFTWARE); TUTOR_DEBUG=1 shows the traceback
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class TutorError(Exception):
    """Base of every error the tutor reports to a learner as one sentence."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def __str__(self) -> str:  # for logs and tests; the CLI renders through i18n instead
        return f"{self.key} {self.values}" if self.values else self.key


class LessonNotFound(TutorError):
    exit_code = ExitCode.LESSON


class LessonError(TutorError):
    """A lesson has problems; `problems` holds every one with its file and line."""

    exit_code = ExitCode.LESSON

    def __init__(self, problems: list) -> None:  # list[Problem]
        super().__init__("lesson.invalid", count=len(problems))
        self.problems = problems


class DockerUnavailable(TutorError):
    exit_code = ExitCode.NO_ENGINE


class DockerPermission(TutorError):
    exit_code = ExitCode.ENGINE_PERMISSION


class RegistryError(TutorError):
    exit_code = ExitCode.REGISTRY


class DockerConfigError(TutorError):
    exit_code = ExitCode.DOCKER_CONFIG


class PracticeError(TutorError):
    exit_code = ExitCode.PRACTICE


class StateError(TutorError):
    exit_code = ExitCode.STATE


class DiskFull(TutorError):
    exit_code = ExitCode.DISK_FULL
