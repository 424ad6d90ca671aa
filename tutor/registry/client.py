"""A small OCI distribution client: HEAD a manifest, read which image (config) it describes, list tags.
Answers the registry's `WWW-Authenticate` challenge with Basic or Bearer (token from the realm, for the
service and scope it names), using the learner's stored credentials. One requests.Session per run; tokens
are cached per scope in memory only.

A login that left an identity token (an OAuth refresh token) instead of a password is exchanged for an
access token the way Docker itself does: `POST <realm>` with `grant_type=refresh_token`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from requests.utils import parse_dict_header

from tutor.errors import RegistryError
from tutor.reference import ImageRef

if TYPE_CHECKING:
    from tutor.docker.config import Secret

MANIFEST_TYPES = ", ".join((
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
))
TIMEOUT = (3.05, 10)  # connect, read: a registry that hangs must not hang the tutor
CLIENT_ID = "container-tutor"  # who asks, in an OAuth token request
MAX_MANIFEST = 4 * 1024 * 1024  # the registry spec's own limit for a manifest
MAX_CHILDREN = 32  # platforms of an index looked at (a multi-platform image has a handful)
# Docker Desktop's name for the learner's own computer as seen from the engine's VM. A token realm there
# (the practice token service, when the engine does not share the learner's loopback) is, from the learner's
# side, on the loopback; and macOS does not resolve the name at all.
ENGINE_HOST_ALIAS = "host.docker.internal"

Credentials = Callable[[str], "Secret | None"]


@dataclass(frozen=True)
class ManifestAnswer:
    status: str  # "found", "missing", "unauthorized", "denied"
    digest: str | None = None


def is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0].strip("[]") if host.count(":") <= 1 or host.startswith("[") else host
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def base_url(host: str, tls: bool = False) -> str:
    # Docker talks plain HTTP only to loopback registries unless told otherwise; so do we, unless the registry
    # is known to speak TLS (a classroom's, on any address).
    return f"{'http' if is_loopback(host) and not tls else 'https'}://{host}"


def host_side(url: str) -> str:
    """`url` as the learner's computer reaches it: Docker Desktop's alias for this computer is its loopback."""
    parts = urlsplit(url)
    if parts.hostname != ENGINE_HOST_ALIAS:
        return url
    return parts._replace(netloc=f"127.0.0.1:{parts.port}" if parts.port else "127.0.0.1").geturl()


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    scheme, _, params = header.strip().partition(" ")
    return scheme.lower(), {k: (v or "") for k, v in parse_dict_header(params).items()}


class RegistryClient:
    def __init__(self, credentials: Credentials | None = None, session: requests.Session | None = None,
                 tls: Mapping[str, str | bool] | None = None) -> None:
        """`tls`: registries known to speak TLS, host:port -> CA bundle path to trust (or True)."""
        self._credentials = credentials or (lambda registry: None)
        self._session = session or requests.Session()
        self._tokens: dict[tuple[str, str], str] = {}
        self._configs: dict[str, tuple[str, ...]] = {}  # manifest digest -> config digests (immutable: kept)
        self._tls = dict(tls or {})

    def _url(self, host: str) -> str:
        return base_url(host, host in self._tls)

    def close(self) -> None:
        self._session.close()

    def _request(self, method: str, url: str, host: str, **kwargs) -> requests.Response:
        if host in self._tls:
            kwargs.setdefault("verify", self._tls[host])
        try:
            return self._session.request(method, url, timeout=TIMEOUT, allow_redirects=True, **kwargs)
        except requests.exceptions.SSLError:
            raise RegistryError("error.registry_tls", host=host) from None
        except requests.RequestException:
            raise RegistryError("error.registry_unreachable", host=host) from None

    def _token(self, host: str, challenge: dict[str, str], scope_fallback: str) -> str:
        realm = challenge.get("realm")
        if not realm or urlsplit(realm).scheme not in ("http", "https"):
            raise RegistryError("error.registry_garbage", host=host)
        realm = host_side(realm)
        scope = challenge.get("scope") or scope_fallback
        cache_key = (realm, scope)
        if cache_key in self._tokens:
            return self._tokens[cache_key]
        # client_id names the tutor (the token spec allows it on GET too): a token service that records how
        # learners authenticated (the practice one) tells the tutor's checks from Docker's own requests.
        params = {"service": challenge.get("service", ""), "scope": scope, "client_id": CLIENT_ID}
        secret = self._credentials(host)
        if secret is not None and secret.identity_token:
            form = {**params, "grant_type": "refresh_token", "refresh_token": secret.identity_token,
                    "client_id": CLIENT_ID}
            response = self._request("POST", realm, host, data=form)
            refused = response.status_code in (400, 401, 403)  # OAuth's invalid_grant is a 400
        else:
            response = self._request("GET", realm, host, params=params, auth=secret.basic() if secret else None)
            refused = response.status_code == 401
        if refused:
            raise _Unauthorized()
        try:
            body = response.json()
            token = body.get("token") or body.get("access_token")
        except ValueError:
            token = None
        if response.status_code != 200 or not isinstance(token, str) or not token:
            raise RegistryError("error.registry_garbage", host=host)
        self._tokens[cache_key] = token
        return token

    def _authorized(self, method: str, url: str, host: str, scope: str, headers: dict[str, str]) -> requests.Response:
        response = self._request(method, url, host, headers=headers)
        if response.status_code != 401:
            return response
        scheme, challenge = parse_challenge(response.headers.get("WWW-Authenticate", ""))
        if scheme == "basic":
            secret = self._credentials(host)
            basic = secret.basic() if secret else None
            if not basic:
                return response
            return self._request(method, url, host, headers=headers, auth=basic)
        if scheme == "bearer":
            while True:
                kept = set(self._tokens.values())
                try:
                    token = self._token(host, challenge, scope)
                except _Unauthorized:
                    return response
                answer = self._request(method, url, host, headers={**headers, "Authorization": f"Bearer {token}"})
                if answer.status_code != 401 or token not in kept:
                    return answer
                # A kept token the registry refuses has expired (a live lesson outlasts it): fetch a new one, once.
                self._tokens = {key: other for key, other in self._tokens.items() if other != token}
        raise RegistryError("error.registry_garbage", host=host)

    def manifest(self, ref: ImageRef) -> ManifestAnswer:
        """HEAD /v2/<name>/manifests/<tag or digest>: its digest, or why there is none."""
        host = ref.api_host
        url = f"{self._url(host)}/v2/{ref.path}/manifests/{ref.digest or ref.tag_or_latest}"
        response = self._authorized("HEAD", url, host, f"repository:{ref.path}:pull", {"Accept": MANIFEST_TYPES})
        if response.status_code == 200:
            digest = response.headers.get("Docker-Content-Digest")
            if not digest or not digest.startswith("sha256:"):
                raise RegistryError("error.registry_garbage", host=host)
            return ManifestAnswer("found", digest)
        if response.status_code == 404:
            return ManifestAnswer("missing")
        if response.status_code == 401:
            return ManifestAnswer("unauthorized")
        if response.status_code == 403:
            return ManifestAnswer("denied")
        raise RegistryError("error.registry_garbage", host=host)

    def config_digests(self, ref: ImageRef, digest: str) -> tuple[str, ...]:
        """The config digests (each an IMAGE ID) of what manifest `digest` describes: its own config, or, for an
        index (several platforms), each child's. Manifests are content-addressed, so each is fetched once: a
        GET counts as a pull on Docker Hub, where a HEAD does not."""
        if digest not in self._configs:
            body = self._manifest_body(ref, digest)
            children = body.get("manifests")
            if isinstance(children, list):
                child_digests = [c.get("digest") for c in children[:MAX_CHILDREN] if isinstance(c, dict)]
                found = tuple(config for child in child_digests if isinstance(child, str)
                              for config in self._own_config(ref, self._manifest_body(ref, child)))
            else:
                found = self._own_config(ref, body)
            self._configs[digest] = found
        return self._configs[digest]

    def _own_config(self, ref: ImageRef, body: dict) -> tuple[str, ...]:
        config = body.get("config")
        digest = config.get("digest") if isinstance(config, dict) else None
        return (digest,) if isinstance(digest, str) and digest.startswith("sha256:") else ()

    def _manifest_body(self, ref: ImageRef, digest: str) -> dict:
        host = ref.api_host
        url = f"{self._url(host)}/v2/{ref.path}/manifests/{digest}"
        response = self._authorized("GET", url, host, f"repository:{ref.path}:pull", {"Accept": MANIFEST_TYPES})
        if response.status_code != 200 or len(response.content) > MAX_MANIFEST:
            raise RegistryError("error.registry_garbage", host=host)
        try:
            body = response.json()
        except ValueError:
            raise RegistryError("error.registry_garbage", host=host) from None
        if not isinstance(body, dict):
            raise RegistryError("error.registry_garbage", host=host)
        return body

    def tags(self, host: str, path: str) -> list[str] | None:
        url = f"{self._url(host)}/v2/{path}/tags/list"
        response = self._authorized("GET", url, host, f"repository:{path}:pull", {})
        if response.status_code != 200:
            return None
        try:
            return list(response.json().get("tags") or [])
        except (ValueError, AttributeError):
            raise RegistryError("error.registry_garbage", host=host) from None


class _Unauthorized(Exception):
    pass
