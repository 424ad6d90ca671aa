"""Proves that the Docker engine and the registry binary work here: build from nothing, push, read back."""

import docker.errors
import requests
from realdocker import docker_cli, import_image

from tutor.docker.engine import DockerEnv


def test_scratch_image_pushes_to_a_local_registry(scratch_image, registry, docker_config):
    repository, image_id = scratch_image
    target = f"{registry.address}/tutor/{repository}"
    assert docker_cli("tag", repository, target).returncode == 0
    pushed = docker_cli("push", target)
    assert pushed.returncode == 0, pushed.stderr
    assert "digest: sha256:" in pushed.stdout
    tags = requests.get(f"{registry.url}/v2/tutor/{repository}/tags/list", timeout=5).json()
    assert tags == {"name": f"tutor/{repository}", "tags": ["latest"]}
    assert docker_cli("image", "inspect", "--format", "{{.Id}}", target).stdout.strip() == image_id


def test_the_seam_tags_untags_and_removes_and_says_when_the_engine_refused(docker_client, unique):
    """DockerEnv.tag, remove_tag and remove_image against the real engine: True when done, False when the engine
    refused (no such image or name), never an exception for that."""
    image_id = import_image(docker_client, f"tutortest-seam-{unique}", unique)
    other = f"localhost:5999/seam/{unique}:1.0"
    engine = DockerEnv()
    try:
        assert engine.tag(image_id, other) and engine.tag_ids()[other] == image_id
        assert not engine.tag("sha256:" + "0" * 64, f"tutortest-seam-{unique}:gone")
        assert engine.remove_tag(other) and other not in engine.tag_ids() and image_id in engine.image_ids()
        assert not engine.remove_tag(other)
        assert engine.remove_image(image_id) and image_id not in engine.image_ids()
        assert not engine.remove_image(image_id)
    finally:
        engine.close()
        try:
            docker_client.images.remove(image_id, force=True)
        except docker.errors.ImageNotFound:
            pass
