"""Image references, normalised exactly as Docker does (distribution/reference, through docker-image-py).

`my-app` is `docker.io/library/my-app:latest`; `budi/my-app` is on docker.io; a first
component with a dot, a colon or an uppercase letter, or `localhost`, is a registry host.
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_image import reference as _ref

DOCKER_HUB = "docker.io"
DOCKER_HUB_API = "registry-1.docker.io"  # where Docker Hub's registry API answers
DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/"  # Docker Hub's key in config.json `auths`
DEFAULT_TAG = "latest"


class InvalidReference(ValueError):
    """Docker's own message, e.g. `invalid reference format: repository name (a/B) must be lowercase`."""


@dataclass(frozen=True)
class ImageRef:
    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @classmethod
    def parse(cls, text: str) -> ImageRef:
        try:
            parsed = _ref.Reference.parse_normalized_named(text.strip())
        except Exception as error:  # the library raises several classes, all meaning "not a reference"
            raise InvalidReference(str(error) or "invalid reference format") from None
        domain, path = parsed.split_hostname()
        tag, digest = parsed["tag"], parsed["digest"]
        return cls(domain, path, tag if tag or digest else None, digest)

    @property
    def tag_or_latest(self) -> str:
        return self.tag or DEFAULT_TAG

    @property
    def name(self) -> str:
        """Fully qualified repository: `docker.io/library/my-app`."""
        return f"{self.domain}/{self.path}"

    @property
    def familiar_name(self) -> str:
        """As Docker prints it: `my-app`, `budi/my-app`, `127.0.0.1:5000/budi/my-app`."""
        if self.domain == DOCKER_HUB:
            return self.path.removeprefix("library/") if self.path.count("/") == 1 and self.path.startswith(
                "library/") else self.path
        return self.name

    def familiar(self) -> str:
        """`name:tag` (default tag added) or `name@digest`, as Docker prints it."""
        if self.digest and not self.tag:
            return f"{self.familiar_name}@{self.digest}"
        return f"{self.familiar_name}:{self.tag_or_latest}"

    def __str__(self) -> str:
        text = f"{self.name}:{self.tag}" if self.tag else self.name
        return f"{text}@{self.digest}" if self.digest else text

    @property
    def api_host(self) -> str:
        return DOCKER_HUB_API if self.domain == DOCKER_HUB else self.domain


def registry_auth_key(registry: str) -> str:
    """The key Docker's config.json uses for a registry: Docker Hub's URL, or `host[:port]`."""
    host = registry.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
    host = host.split("/", 1)[0]
    if host in ("", "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"):
        return DOCKER_HUB_AUTH_KEY
    return host


def familiar(text: str) -> str:
    """`text` as Docker prints it (`my-app:latest`, `host:port/name@sha256:...`), or as it is when it is no
    reference (an image ID in an engine event, say)."""
    try:
        return ImageRef.parse(text).familiar()
    except InvalidReference:
        return text
