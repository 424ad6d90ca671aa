"""`tutor reset docker-push --cleanup` removes what the lesson made and nothing the learner had."""

import base64
import json

import pytest
from realdocker import REGISTRY_BINARY, docker_cli, docker_login, free_port, import_image, tag_and_push

from tutor.docker.config import login_for


@pytest.fixture
def home(tmp_path, monkeypatch):
    if not REGISTRY_BINARY:
        pytest.skip("registry binary missing")
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    yield tmp_path / "home"
    from tutor.practice import launcher

    launcher.down(purge=True)


def test_cleanup_leaves_what_the_learner_had(tutor, home, docker_client, docker_config, unique):
    from tutor import progress
    from tutor.practice import launcher

    port = free_port()
    address = f"127.0.0.1:{port}"
    # What the learner had before: an unrelated image, an own tag under that address, another login.
    mine = f"tutortest-mine-{unique}"
    mine_id = import_image(docker_client, mine, unique)
    own_before = f"{address}/budi/old-{unique}"
    assert docker_cli("tag", mine, own_before).returncode == 0
    other_auth = base64.b64encode(b"someone:theirs").decode()
    (docker_config / "config.json").write_text(json.dumps({"auths": {"registry.example.test": {"auth": other_auth}}}))
    had_app = docker_client.images.list(name="fastapi-app")

    try:
        up = tutor("practice", "up", "--port", str(port))
        assert up.exit_code == 0, up.stderr
        launcher.add_user("budi", "cleanpw12")
        target = f"{address}/budi/fastapi-app"
        assert docker_login(address, "budi", "cleanpw12").returncode == 0
        assert tag_and_push("fastapi-app", target).returncode == 0
        progress.mark("docker-push", current="push", done=("registry", "image", "login", "tag", "images"))

        for answer in (None, "n\n"):  # no answer at all, or "n": nothing happens
            cancelled = tutor("reset", "docker-push", "--cleanup", input=answer)
            assert cancelled.exit_code == 1 and "Nothing removed." in cancelled.stdout
            assert progress.load("docker-push") is not None and login_for(address) is not None

        result = tutor("reset", "docker-push", "--cleanup", "--yes")
        assert result.exit_code == 0, result.stderr
        assert f"the tag {target}:latest" in result.stdout and f"the login to {address}" in result.stdout
        assert own_before in result.stdout  # listed as kept

        assert docker_cli("image", "inspect", target).returncode != 0  # the lesson's tag: gone
        assert login_for(address) is None  # the practice login: gone
        assert progress.load("docker-push") is None
        assert docker_client.images.get(mine).id == mine_id  # unrelated image: untouched
        assert docker_cli("image", "inspect", own_before).returncode == 0  # own earlier tag: untouched
        config = json.loads((docker_config / "config.json").read_text())
        assert config["auths"]["registry.example.test"] == {"auth": other_auth}  # other login: untouched
        app_now = docker_client.images.list(name="fastapi-app")
        assert bool(app_now) == bool(had_app)  # the practice image goes only if the tutor made it
    finally:
        docker_client.images.remove(mine_id, force=True)
        docker_cli("rmi", "-f", f"{address}/budi/fastapi-app")


def test_cleanup_covers_every_spelling_of_the_practice_registry(tutor, home, docker_client, docker_config, unique,
                                                                  app_image):
    """QA finding 4: a learner who logged in and tagged under localhost:PORT (and named the practice image
    root/fastapi-app on the way) kept the practice login and those tags after `reset --cleanup`. Every
    spelling of the practice registry is the practice registry; what the learner had before stays."""
    from tutor.practice import launcher

    port = free_port()
    address, other = f"127.0.0.1:{port}", f"localhost:{port}"
    mine = f"tutortest-mine-{unique}"
    mine_id = import_image(docker_client, mine, unique)
    own_before = f"{other}/budi/old-{unique}"  # the learner's, under the other spelling, before the lesson
    own_name_before = f"mine{unique}/fastapi-app:latest"  # a name of theirs for the app image, before
    assert docker_cli("tag", mine, own_before).returncode == 0
    assert docker_cli("tag", "fastapi-app", own_name_before).returncode == 0
    made = [f"{other}/budi/fastapi-app:latest", f"{address}/budi/fastapi-app:latest",
            f"root{unique}/fastapi-app:latest"]
    try:
        up = tutor("practice", "up", "--port", str(port))
        assert up.exit_code == 0, up.stderr
        launcher.add_user("budi", "cleanpw12")
        for spelling in (other, address):
            assert docker_login(spelling, "budi", "cleanpw12").returncode == 0
        for tag in made:
            assert docker_cli("tag", "fastapi-app", tag).returncode == 0

        result = tutor("reset", "docker-push", "--cleanup", "--yes")
        assert result.exit_code == 0, result.stderr
        assert f"the login to {other}" in result.stdout and f"the login to {address}" in result.stdout
        for tag in made:
            assert f"the tag {tag}" in result.stdout
            assert docker_cli("image", "inspect", tag).returncode != 0, tag
        assert login_for(other) is None and login_for(address) is None
        assert docker_cli("image", "inspect", own_before).returncode == 0  # theirs, kept
        assert docker_cli("image", "inspect", own_name_before).returncode == 0
        assert own_before in result.stdout and own_name_before in result.stdout  # listed as kept
    finally:
        docker_client.images.remove(mine_id, force=True)
        for tag in [*made, own_name_before]:
            docker_cli("rmi", tag)


def test_a_lesson_s_own_cleanup_counts_every_spelling_of_the_practice_registry(tmp_path, monkeypatch, docker_client,
                                                                               docker_config, unique):
    """A lesson's baseline kept the tags under `127.0.0.1:PORT/` only: a tag the lesson made under `localhost:PORT/`
    stayed after `reset LESSON --cleanup`, and a tag of the learner's there that the lesson moved was not put
    back. The baseline and the changes come from the engine's one listing (tag_ids), in every spelling."""
    from tutor.docker.engine import DockerEnv
    from tutor.practice.lesson_baseline import (
        lesson_changes,
        read_lesson_baseline,
        record_lesson_baseline,
        undo_changes,
    )

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    port = free_port()
    address, other = f"127.0.0.1:{port}", f"localhost:{port}"
    first_id = import_image(docker_client, f"tutortest-first-{unique}", unique)
    second_id = import_image(docker_client, f"tutortest-second-{unique}", unique + "-2")
    theirs, made = f"{other}/budi/app-{unique}:latest", f"{other}/budi/app-{unique}:2.0"
    assert docker_cli("tag", first_id, theirs).returncode == 0
    docker = DockerEnv()
    try:
        record_lesson_baseline(docker, "image-tags", address, None)
        assert read_lesson_baseline("image-tags").tags == {theirs: first_id}
        for tag in (theirs, made):  # the lesson moves the learner's tag and makes a new one
            assert docker_cli("tag", second_id, tag).returncode == 0
        changes = lesson_changes(docker, read_lesson_baseline("image-tags"))
        assert changes.made == (made,) and changes.moved == ((theirs, first_id),)
        undo_changes(docker, changes)
        now = docker.tag_ids()
        assert now[theirs] == first_id and made not in now
    finally:
        docker.close()
        for image_id in (first_id, second_id):
            docker_client.images.remove(image_id, force=True)
