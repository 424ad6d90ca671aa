"""Image references follow distribution/reference (docker-facts.md section 3)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.reference import DOCKER_HUB_AUTH_KEY, ImageRef, InvalidReference, registry_auth_key


@pytest.mark.parametrize(
    ("text", "name", "tag", "familiar"),
    [
        ("fastapi-app", "docker.io/library/fastapi-app", None, "fastapi-app:latest"),
        ("username_anda/fastapi-app", "docker.io/username_anda/fastapi-app", None, "username_anda/fastapi-app:latest"),
        ("budi/fastapi-app:v1", "docker.io/budi/fastapi-app", "v1", "budi/fastapi-app:v1"),
        ("127.0.0.1:5000/budi/fastapi-app", "127.0.0.1:5000/budi/fastapi-app", None,
         "127.0.0.1:5000/budi/fastapi-app:latest"),
        ("localhost/app", "localhost/app", None, "localhost/app:latest"),
        ("index.docker.io/library/ubuntu:22.04", "docker.io/library/ubuntu", "22.04", "ubuntu:22.04"),
        ("docker.io/budi/app", "docker.io/budi/app", None, "budi/app:latest"),
        ("Registry/app", "Registry/app", None, "Registry/app:latest"),  # uppercase first component: a host
        ("ghcr.io/budi/app", "ghcr.io/budi/app", None, "ghcr.io/budi/app:latest"),
        ("0.0/app", "0.0/app", None, "0.0/app:latest"),  # a dot in the first component: a host
        ("budi.dev/app", "budi.dev/app", None, "budi.dev/app:latest"),
    ],
)
def test_known_references(text, name, tag, familiar):
    ref = ImageRef.parse(text)
    assert (ref.name, ref.tag, ref.familiar()) == (name, tag, familiar)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("budi/FastAPI-app", "invalid reference format: repository name (budi/FastAPI-app) must be lowercase"),
        ("fastapi-app:.bad", "invalid reference format"),
        ("https://hub.docker.com/budi/app", "invalid reference format"),
        ("budi/fastapi app", "invalid reference format"),
        ("", "repository name must have at least one component"),
    ],
)
def test_invalid_references_give_dockers_own_message(text, message):
    with pytest.raises(InvalidReference) as caught:
        ImageRef.parse(text)
    assert str(caught.value).startswith(message.split(":")[0])  # Docker's text, as distribution words it
    if "lowercase" in message:
        assert str(caught.value) == message


def test_registry_auth_keys():
    assert registry_auth_key("docker.io") == DOCKER_HUB_AUTH_KEY
    assert registry_auth_key("https://index.docker.io/v1/") == DOCKER_HUB_AUTH_KEY
    assert registry_auth_key("127.0.0.1:5000") == "127.0.0.1:5000"
    assert registry_auth_key("http://127.0.0.1:5000/") == "127.0.0.1:5000"


component = st.from_regex(r"[a-z0-9]{1,8}([._-][a-z0-9]{1,5}){0,2}", fullmatch=True)
host = st.one_of(st.just("localhost"),
                 st.from_regex(r"[a-z][a-z0-9]{0,6}\.[a-z]{2,4}(:[1-9][0-9]{1,4})?", fullmatch=True),
                 st.from_regex(r"127\.0\.0\.1:[1-9][0-9]{1,4}", fullmatch=True))
tag = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)


@given(domain=st.one_of(st.none(), host), path=st.lists(component, min_size=1, max_size=3),
       tag=st.one_of(st.none(), tag))
def test_round_trip(domain, path, tag):
    if domain is None and "." in path[0] and len(path) > 1:
        path = [path[0].replace(".", "-"), *path[1:]]  # a dotted first component would be a host, by the rule
    text = "/".join(([domain] if domain else []) + path) + (f":{tag}" if tag else "")
    ref = ImageRef.parse(text)
    assert ImageRef.parse(str(ref)) == ref
    assert ImageRef.parse(ref.familiar()).name == ref.name
    assert ref.tag_or_latest == (tag or "latest")
    if domain is None:
        assert ref.domain == "docker.io"
        assert ref.path == ("library/" + path[0] if len(path) == 1 else "/".join(path))
    else:
        assert ref.domain == domain
