"""Everything checks read from: the Docker engine, Docker's config, the registry, the last command.
One per run, so every check shares one Docker client, one HTTP session and one read of config.json."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class CommandRecord:
    """One command the learner ran in a live session (text, exit code, output; never keystrokes)."""

    command: str
    exit_code: int | None
    output: str


class CheckContext:
    def __init__(self, docker: Any = None, last_command: CommandRecord | None = None,
                 live: bool = False, tls: dict[str, str] | None = None, session: bool | None = None) -> None:
        self._docker = docker
        self.last_command = last_command
        self.live = live  # a live session: command/output checks apply
        self.session = live if session is None else session  # live or --watch: the learner can answer
        self.answer: str | None = None  # their answer to the current step's question, if any
        self.tls = tls or {}  # registries that speak TLS with their own CA (a classroom's)

    @cached_property
    def docker(self):
        from tutor.docker.engine import DockerEnv

        return self._docker or DockerEnv()

    @cached_property
    def docker_config(self) -> dict:
        from tutor.docker.config import load_config

        return load_config()

    @cached_property
    def podman(self) -> bool:
        """The engine is Podman: Podman's own logins count beside Docker's config."""
        return self.docker.is_podman()

    @cached_property
    def registry(self):
        from tutor.docker.config import secret_for
        from tutor.registry.client import RegistryClient

        return RegistryClient(credentials=lambda host: secret_for(host, self.docker_config, self.podman),
                              tls=self.tls)

    def engine_cannot_reach(self, registry: str) -> str | None:
        """Why the Docker engine itself cannot reach `registry` (its own words), or None when it can. Asked
        only of a loopback registry (the practice one), where the engine may not share the learner's
        loopback (Docker Desktop); once per registry until the next command."""
        from tutor.docker.reach import engine_reaches
        from tutor.registry.client import is_loopback

        if not is_loopback(registry):
            return None
        cache = self.__dict__.setdefault("_reach", {})
        if registry not in cache:
            reach = engine_reaches(self.docker, registry)
            cache[registry] = None if reach.ok else reach.error
        return cache[registry]

    def refresh(self, last_command: CommandRecord | None = None) -> None:
        """New state after a command: config.json may have changed; keep the connections."""
        self.__dict__.pop("docker_config", None)
        self.__dict__.pop("_reach", None)
        self.last_command = last_command

    def close(self) -> None:
        if "registry" in self.__dict__:
            self.registry.close()
        if "docker" in self.__dict__ and self._docker is None:
            self.docker.close()
