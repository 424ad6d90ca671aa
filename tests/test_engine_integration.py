"""Proves that the Docker engine and the registry binary work here: build from nothing, push, read back."""

import requests
from realdocker import docker_cli


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
