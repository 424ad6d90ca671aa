"""Whether the Docker engine itself can connect to an address, asked of the engine: `GET
/distribution/{name}/json` makes it connect there the way `docker login` and `docker push` do (nothing is
pulled, no container runs). "connection refused", "no such host" or a timeout mean it cannot get there; any
answer from whatever listens there (EOF, unknown, unauthorized, 404) means it can."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.docker.engine import DockerEnv

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
