"""Where the Docker engine stands relative to the learner: on the same loopback (Docker on Linux), or behind
its own (Docker Desktop's VM on macOS and Windows, a rootless engine, a remote DOCKER_HOST).

Decided from the engine itself, never from the OS name: the engine is asked for a manifest at an address
(`GET /distribution/{name}/json`, which makes it connect there the way `docker login` and `docker push` do).
Its answer tells whether it got there: "connection refused", "no such host" or a timeout mean it cannot; any
answer from whatever listens there (EOF, unknown, unauthorized, 404) means it can. No container, no image.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.errors import PracticeError, RegistryError
from tutor.registry.client import ENGINE_HOST_ALIAS

if TYPE_CHECKING:
    from tutor.docker.engine import DockerEnv

LOOPBACK = "127.0.0.1"
PROBE_NAME = "tutor-probe/reachable:probe"  # a repository nobody has: the answer is about reaching, not content
# How the engine words "I never got there" (Go's net errors, as dockerd reports them).
UNREACHABLE = ("connection refused", "no such host", "i/o timeout", "no route to host", "network is unreachable",
               "connection timed out", "timeout awaiting", "deadline exceeded", "Client.Timeout")


@dataclass(frozen=True)
class Reach:
    ok: bool
    error: str = ""  # the engine's own words when it could not get there


def engine_reaches(docker: DockerEnv, address: str) -> Reach:
    """Whether the engine itself can connect to `address` (host:port)."""
    error = docker.registry_answer(f"{address}/{PROBE_NAME}")
    if error is None:
        return Reach(True)
    return Reach(not any(words in error for words in UNREACHABLE), error)


class _Listener:
    """A throwaway TCP listener on the learner's loopback that accepts and closes, counting connections, so
    a probe learns whether the engine arrived *here* (not at something else listening on the same port in
    the engine's own network)."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind((LOOPBACK, 0))
        self._socket.listen(16)
        self.port = self._socket.getsockname()[1]
        self.arrived = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return  # closed
            self.arrived += 1
            connection.close()

    def close(self) -> None:
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        self._thread.join(2)


@dataclass(frozen=True)
class Topology:
    split: bool  # the engine has its own loopback: the registry must be a container with a published port
    realm_host: str  # where the engine reaches a service on the learner's loopback (the token service)

    @property
    def name(self) -> str:
        return "split" if self.split else "shared"


SHARED = Topology(False, LOOPBACK)


def detect(docker: DockerEnv) -> Topology:
    """Shared when the engine reaches the learner's 127.0.0.1; split when it reaches it only through
    Docker Desktop's `host.docker.internal`; one sentence with what to do when it reaches neither."""
    listener = _Listener()
    try:
        if engine_reaches(docker, f"{LOOPBACK}:{listener.port}").ok and listener.arrived:
            return SHARED
        before = listener.arrived
        alias = engine_reaches(docker, f"{ENGINE_HOST_ALIAS}:{listener.port}")
        if alias.ok and listener.arrived > before:
            return Topology(True, ENGINE_HOST_ALIAS)
    finally:
        listener.close()
    raise PracticeError("practice.engine_cannot_reach_host", alias=ENGINE_HOST_ALIAS,
                        error=alias.error or "-")


def require_engine_reaches(docker: DockerEnv, address: str) -> None:
    """The preflight before a lesson: the engine can reach the registry (and, through the registry's
    challenge, its token service); else one sentence with what to do."""
    reach = engine_reaches(docker, address)
    if not reach.ok:
        raise RegistryError("practice.engine_unreachable", address=address, error=reach.error)
