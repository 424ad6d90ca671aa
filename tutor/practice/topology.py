"""Where the Docker engine stands relative to the learner: on the same loopback (Docker on Linux), or behind
its own (Docker Desktop's VM on macOS and Windows, a rootless engine, a remote DOCKER_HOST).

Decided from the engine itself, never from the OS name: the engine is asked to connect to a throwaway
listener on the learner's loopback (tutor.docker.reach), first as 127.0.0.1, then as Docker Desktop's
`host.docker.internal`. No container, no image.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

from tutor.docker.engine import DockerEnv
from tutor.docker.reach import engine_reaches
from tutor.errors import PracticeError, RegistryError
from tutor.registry.client import ENGINE_HOST_ALIAS

LOOPBACK = "127.0.0.1"


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
