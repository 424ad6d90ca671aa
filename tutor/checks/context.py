"""Everything checks read the real state from: the Docker engine, Docker's config, the registry. One per run
(or per live lesson), so every check shares one Docker client, one HTTP session and one read of config.json
per command. What the learner did is not kept here: a check that needs it is given their turn (turn.py)."""

from __future__ import annotations

from functools import cached_property

from tutor.docker.config import HelperLists, Login, load_config, login_for, secret_for, stored_logins
from tutor.docker.engine import DockerEnv
from tutor.docker.reach import engine_reaches
from tutor.registry.client import RegistryClient, is_loopback


class CheckContext:
    def __init__(self, docker: DockerEnv | None = None, live: bool = False, tls: dict[str, str] | None = None,
                 session: bool | None = None, since: float | None = None) -> None:
        self._docker = docker
        self.live = live  # a live session: command/output checks apply
        self.session = live if session is None else session  # live or --watch: the learner can answer
        self.tls = tls or {}  # registries that speak TLS with their own CA (a classroom's)
        # When the learner began this lesson (its attempt): what checks of the engine's event log look after.
        self.since = since

    @cached_property
    def docker(self) -> DockerEnv:
        return self._docker or DockerEnv()

    @cached_property
    def docker_config(self) -> dict:
        return load_config()

    @cached_property
    def helper_lists(self) -> HelperLists:
        """Each credential helper's `list`, asked once per command."""
        return HelperLists()

    def login_for(self, registry: str) -> Login | None:
        """The login Docker would use for `registry` (docker/config.login_for) in this command's state."""
        return login_for(registry, self.docker_config, self.podman, self.helper_lists)

    def stored_logins(self) -> list[Login]:
        """Every login stored (docker/config.stored_logins) in this command's state."""
        return stored_logins(self.docker_config, self.podman, self.helper_lists)

    @cached_property
    def podman(self) -> bool:
        """The engine is Podman: Podman's own logins count beside Docker's config."""
        return self.docker.is_podman()

    @cached_property
    def registry(self) -> RegistryClient:
        return RegistryClient(credentials=lambda host: secret_for(host, self.docker_config, self.podman),
                              tls=self.tls)

    def engine_cannot_reach(self, registry: str) -> str | None:
        """Why the Docker engine itself cannot reach `registry` (its own words), or None when it can. Asked
        only of a loopback registry (the practice one), where the engine may not share the learner's
        loopback (Docker Desktop); once per registry until the next command."""
        if not is_loopback(registry):
            return None
        cache = self.__dict__.setdefault("_reach", {})
        if registry not in cache:
            reach = engine_reaches(self.docker, registry)
            cache[registry] = None if reach.ok else reach.error
        return cache[registry]

    def refresh(self) -> None:
        """New state after a command: config.json and what the helpers hold may have changed; keep the
        connections."""
        self.__dict__.pop("docker_config", None)
        self.__dict__.pop("helper_lists", None)
        self.__dict__.pop("_reach", None)

    def close(self) -> None:
        if "registry" in self.__dict__:
            self.registry.close()
        if "docker" in self.__dict__ and self._docker is None:
            self.docker.close()
