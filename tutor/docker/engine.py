"""The one seam to the Docker engine (docker SDK). Turns its failures into the tutor's errors, each with
one sentence for the learner; every call is bounded by a timeout so a hung engine cannot hang the tutor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import docker
import requests
from docker.errors import APIError, BuildError, DockerException, ImageNotFound, NotFound

from tutor.errors import DockerPermission, DockerUnavailable, TutorError
from tutor.reference import familiar

# Seconds per API call; TUTOR_DOCKER_TIMEOUT shortens it (tests of a hung engine).
ENGINE_TIMEOUT = int(os.environ.get("TUTOR_DOCKER_TIMEOUT", "15"))


@dataclass(frozen=True)
class LocalImage:
    id: str
    tags: tuple[str, ...]
    repo_digests: tuple[str, ...]
    labels: dict[str, str]
    layers: tuple[str, ...] = ()  # RootFS.Layers: what an image built on another starts with


@dataclass(frozen=True)
class ImageEvent:
    """One entry of the engine's own log of what happened to images (`docker events`)."""

    action: str  # pull, push, tag, untag, delete, import, ...
    actor: str  # Actor.ID: the reference as pulled/pushed (`host/name:tag`, `host/name@sha256:...`), else an ID
    at: float  # seconds since the epoch


def _engine_error(error: BaseException) -> Exception:
    """Maps the SDK's exceptions (which wrap requests/urllib3/OS errors) to ours."""
    text = f"{error!r} {error}"
    host = os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    if "PermissionError" in text or "Permission denied" in text or "Errno 13" in text:
        return DockerPermission("error.engine_permission", host=host)
    if "Read timed out" in text or "ReadTimeout" in text or "timed out" in text:
        return DockerUnavailable("error.engine_timeout", host=host,
                                 seconds=os.environ.get("TUTOR_DOCKER_TIMEOUT", ENGINE_TIMEOUT))
    return DockerUnavailable("error.no_engine", host=host)


def split_tag(ref: str) -> tuple[str, str]:
    """`repo:tag` as the engine's API takes it, (repository, tag): `latest` when no tag is written (the colon of
    `host:port/name` belongs to the address)."""
    repository, _, tag = ref.rpartition(":")
    if "/" in tag or not repository:
        return ref, "latest"
    return repository, tag


def _repo_tags(summary: dict) -> list[str]:
    """An image summary's `repo:tag` names (an untagged image lists `<none>:<none>`)."""
    return [tag for tag in summary.get("RepoTags") or () if tag != "<none>:<none>"]


class ImageEvents:
    """What happens to images (`tag`, `untag`, `push`, `delete`, `import`, `load`), one action at a time. A
    failing stream just ends: whoever follows it still has its own poll."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[str]:
        try:
            for event in self._stream:
                yield str(event.get("Action", ""))
        except Exception:  # the engine went away, or close() was called
            return

    def close(self) -> None:
        self._stream.close()


class DockerEnv:
    """Lazily connects; reuse one per run so every check shares the connection."""

    def __init__(self, client: Any = None, timeout: int | None = None) -> None:
        self._client = client
        self._timeout = timeout or int(os.environ.get("TUTOR_DOCKER_TIMEOUT", ENGINE_TIMEOUT))
        self._podman: bool | None = None

    @property
    def client(self) -> Any:
        if self._client is None:
            try:
                # docker SDK 7.2 falls back to the current CLI context (Docker Desktop) when DOCKER_HOST is
                # unset; 7.1 has no such parameter and only reads DOCKER_HOST.
                try:
                    self._client = docker.from_env(timeout=self._timeout, use_context=True)
                except TypeError:
                    self._client = docker.from_env(timeout=self._timeout)
            except DockerException as error:
                raise _engine_error(error) from None
        return self._client

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except APIError:
            raise
        except (DockerException, requests.RequestException, OSError) as error:
            raise _engine_error(error) from None

    def ping(self) -> None:
        self._call(lambda: self.client.ping())

    def image(self, ref: str) -> LocalImage | None:
        """The image known locally under `ref`, or None."""
        try:
            attrs = self._call(self.client.api.inspect_image, ref)
        except (ImageNotFound, NotFound):
            return None
        return LocalImage(
            id=attrs["Id"],
            tags=tuple(t for t in attrs.get("RepoTags") or () if t != "<none>:<none>"),
            repo_digests=tuple(attrs.get("RepoDigests") or ()),
            labels=dict((attrs.get("Config") or {}).get("Labels") or {}),
            layers=tuple((attrs.get("RootFS") or {}).get("Layers") or ()),
        )

    def is_podman(self) -> bool:
        """Whether the engine is Podman's Docker-compatible API (`podman system service`): then Podman's own
        logins count, and its names come fully qualified. An engine that does not answer is not Podman here
        (whatever asks next will say that it does not answer)."""
        if self._podman is None:
            try:
                version = self._call(self.client.version)
            except TutorError:
                return False
            components = [str(c.get("Name", "")) for c in version.get("Components") or () if isinstance(c, dict)]
            self._podman = any("podman" in name.lower() for name in components)
        return self._podman

    def _summaries(self) -> list[dict]:
        """`docker images`: one summary per local image (Id, RepoTags, RepoDigests), in one call."""
        return self._call(self.client.api.images) or []

    def names(self) -> tuple[frozenset[str], frozenset[str]]:
        """Every local image name (`repo:tag`) and every digest the engine records for a repository
        (`repo@sha256:...`), in one call, as Docker prints them (Podman's `docker.io/library/x:latest` is
        `x:latest`)."""
        tags: set[str] = set()
        digests: set[str] = set()
        for summary in self._summaries():
            tags.update(familiar(t) for t in _repo_tags(summary))
            digests.update(familiar(d) for d in summary.get("RepoDigests") or () if not d.startswith("<none>"))
        return frozenset(tags), frozenset(digests)

    def tag_ids(self) -> dict[str, str]:
        """Every local `repo:tag` exactly as the engine lists it, with the ID of the image it names."""
        return {tag: str(summary.get("Id", "")) for summary in self._summaries() for tag in _repo_tags(summary)}

    def image_ids(self) -> set[str]:
        """The ID of every local image, named or not."""
        return {str(summary.get("Id", "")) for summary in self._summaries()}

    def _done(self, function, *args, **kwargs) -> bool:
        """True when the engine did it; False when it refused (an APIError: no such image, a container uses
        it, ...), which is an answer here, not a failure of the engine."""
        try:
            self._call(function, *args, **kwargs)
        except APIError:
            return False
        return True

    def remove_image(self, image_id: str) -> bool:
        """Removes an image by its ID with every name and digest it has (only for an image the tutor made: the
        lesson tests' own). False when it could not be removed (gone already, or a container uses it)."""
        return self._done(self.client.api.remove_image, image_id, force=True, noprune=False)

    def remove_tag(self, ref: str) -> bool:
        """Untags `ref`; the image itself goes only with its last tag. False when there was no such name, or
        a container uses the image (then it is left as it is)."""
        return self._done(self.client.api.remove_image, ref, noprune=False)

    def tag(self, image_id: str, ref: str) -> bool:
        """`docker tag IMAGE_ID ref`: gives the image that name (moving it from any other image). False when
        the image is gone."""
        return self._done(self.client.api.tag, image_id, *split_tag(ref))

    def import_image(self, tarball: bytes, repository: str, tag: str, changes: list[str]) -> None:
        """`docker import`: an image made from a tarball, no registry involved."""
        self._call(self.client.api.import_image_from_data, tarball, repository=repository, tag=tag, changes=changes)

    def build(self, context: str, tag: str) -> str | None:
        """`docker build` of the directory `context`; None when it worked, else the engine's own words."""
        try:
            self._call(self.client.images.build, path=context, tag=tag, rm=True)
        except (APIError, BuildError) as error:
            return str(error)
        return None

    def image_events(self) -> ImageEvents:
        """The engine's image events as they happen (a stream with no time limit: it waits for the next one);
        `close()` from another thread ends it."""
        return ImageEvents(self._call(self.client.events, filters={"type": "image"}, decode=True))

    def image_history(self, since: float, until: float) -> list[ImageEvent]:
        """The image events the engine still remembers between `since` and `until` (it keeps only its last 256
        events of every type, and none across a restart): what a pull or a push leaves when the final state
        shows nothing, such as pulling an image that is already here."""
        events = self._call(self.client.events, since=int(since), until=int(until) + 1, decode=True,
                            filters={"type": "image"})
        history = []
        for event in self._call(list, events):
            at = event.get("timeNano")
            history.append(ImageEvent(str(event.get("Action") or ""), str((event.get("Actor") or {}).get("ID") or ""),
                                      at / 1e9 if isinstance(at, int) else float(event.get("time") or 0)))
        return [event for event in history if since <= event.at]

    def operating_system(self) -> str:
        """What the engine runs on, as `docker info` says it ("Docker Desktop" in Desktop's VM)."""
        return str(self._call(self.client.info).get("OperatingSystem") or "")

    def is_docker_desktop(self) -> bool:
        """The engine is Docker Desktop's (macOS, Windows, Linux): its VM, its settings, its credential helper."""
        return self.operating_system() == "Docker Desktop"

    def registry_answer(self, ref: str) -> str | None:
        """Makes the engine itself ask `ref`'s registry for its manifest (nothing is pulled): None when it got
        the manifest, else the engine's own error text, which says whether it reached the registry at all.
        A read timeout here is the engine still waiting to connect, reported as such."""
        if self.is_podman():  # Podman's Docker API has no /distribution; a pull makes it connect the same way
            return self._pull_answer(ref)
        try:
            self._call(self.client.api.inspect_distribution, ref)
        except APIError as error:
            return str(error.explanation or error)
        except DockerUnavailable as error:
            if error.key != "error.engine_timeout":
                raise
            return f"{ref}: i/o timeout"
        return None

    def _pull_answer(self, ref: str) -> str | None:
        """The engine's own error for pulling `ref` (a name nobody has: nothing is stored), or None."""
        repository, tag = split_tag(ref)
        try:
            for line in self._call(self.client.api.pull, repository, tag=tag, stream=True, decode=True):
                problem = (line.get("errorDetail") or {}).get("message") or line.get("error")
                if problem:
                    return str(problem)
        except APIError as error:
            return str(error.explanation or error)
        return None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
