"""in_registry recognises the image whoever pushed it: Docker, skopeo, podman, buildah (Debian's, with
`--storage-driver vfs`), and an index (a manifest list) holding it. Real pushes to the practice registry on
127.0.0.1; the image goes from Docker to the others through `docker save` (never the docker-daemon transport,
which would read the machine's default engine)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from realdocker import docker_cli, docker_login

from tutor.checks.context import CheckContext
from tutor.checks.state import in_registry

PASSWORD = "clients-pass1"


def run(*command: str) -> subprocess.CompletedProcess:
    done = subprocess.run(list(command), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"
    return done


@pytest.fixture
def podman_store(tmp_path):
    """Options giving podman and buildah a private image store (vfs: works in any container); the run root
    must be a short path (podman refuses one over 50 characters)."""
    import tempfile

    runroot = tempfile.mkdtemp(prefix="tutor-run-", dir="/tmp")
    yield ["--root", str(tmp_path / "storage"), "--runroot", runroot, "--storage-driver", "vfs"]
    shutil.rmtree(runroot, ignore_errors=True)


@pytest.fixture
def pushed_by_others(practice, docker_config, scratch_image, tmp_path, podman_store):
    """The scratch image pushed by each client under its own tag; returns (target repository, {client: tag})."""
    missing = [name for name in ("skopeo", "podman", "buildah") if not shutil.which(name)]
    if missing:
        pytest.skip(f"{', '.join(missing)} missing (scripts/provision.sh installs them)")
    (docker_config / "config.json").write_text("{}")  # containers/image reads $DOCKER_CONFIG/config.json
    practice.add_user("budi", PASSWORD)
    repository, _ = scratch_image
    target = f"{practice.address}/budi/{repository}"
    archive = tmp_path / "image.tar"
    run("docker", "save", "-o", str(archive), f"{repository}:latest")
    creds = f"budi:{PASSWORD}"
    store = podman_store
    run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds, f"docker-archive:{archive}",
        f"docker://{target}:skopeo")
    run("podman", *store, "load", "-q", "-i", str(archive))
    image_id = run("podman", *store, "images", "-q", "--no-trunc", f"localhost/{repository}:latest").stdout
    image_id = image_id.strip().removeprefix("sha256:")
    run("podman", *store, "push", "--tls-verify=false", "--creds", creds, image_id, f"docker://{target}:podman")
    run("buildah", *store, "push", "--tls-verify=false", "--creds", creds, image_id, f"docker://{target}:buildah")
    run("podman", *store, "manifest", "create", "tutortest-list")
    run("podman", *store, "manifest", "add", "tutortest-list", f"containers-storage:{image_id}")
    run("podman", *store, "manifest", "push", "--all", "--tls-verify=false", "--creds", creds, "tutortest-list",
        f"docker://{target}:index")
    return target, ("skopeo", "podman", "buildah", "index")


def test_an_image_pushed_by_skopeo_podman_buildah_or_in_an_index_is_recognised(pushed_by_others, scratch_image):
    target, tags = pushed_by_others
    assert docker_login(target.split("/")[0], "budi", PASSWORD).returncode == 0
    ctx = CheckContext()
    try:
        digests = set()
        for tag in tags:
            assert docker_cli("tag", scratch_image[0], f"{target}:{tag}").returncode == 0  # the learner's own name
            verdict = in_registry(ctx, f"{target}:{tag}")
            assert verdict.passed, (tag, verdict.found.text("en"))
            digest = verdict.found.values["digest"]
            assert verdict.found.text("en") == f"{target}:{tag} is in the registry as {digest}, the same as your " \
                                               "local image"
            digests.add(digest)
        # Not Docker's manifest digest: the image is recognised by what it is, and the registry's digest is shown.
        local = ctx.docker.image(f"{target}:skopeo")
        assert not any(d.split("@")[1] in digests for d in local.repo_digests)
        assert len(digests) >= 2  # a manifest and an index, at least
    finally:
        ctx.close()


def test_another_image_under_the_same_name_is_still_refused(pushed_by_others, docker_client):
    from realdocker import import_image

    target, _ = pushed_by_others
    assert docker_login(target.split("/")[0], "budi", PASSWORD).returncode == 0
    other = import_image(docker_client, f"{target}:podman", "another image")  # the local name now means another
    ctx = CheckContext()
    try:
        verdict = in_registry(ctx, f"{target}:podman")
        assert not verdict.passed and "another image than your local" in verdict.found.text("en")
        assert docker_cli("tag", other, f"{target}:index").returncode == 0  # an index none of whose children is it
        verdict = in_registry(ctx, f"{target}:index")
        assert not verdict.passed
    finally:
        ctx.close()
        docker_client.images.remove(other, force=True)


def test_docker_pushing_one_image_twice_gives_one_verdict(practice, docker_config, scratch_image):
    """Docker itself: the same image pushed to two repositories, then one re-tagged and pushed again; each
    name is recognised from what it holds, whichever manifest digest Docker produced."""
    practice.add_user("budi", PASSWORD)
    assert docker_login(practice.address, "budi", PASSWORD).returncode == 0
    repository, _ = scratch_image
    names = [f"{practice.address}/budi/{repository}-{n}" for n in ("a", "b")]
    ctx = CheckContext()
    try:
        for name in names:
            assert docker_cli("tag", repository, name).returncode == 0
            assert docker_cli("push", name).returncode == 0
        for name in names:
            assert in_registry(ctx, name).passed
    finally:
        ctx.close()
