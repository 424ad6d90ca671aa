"""The lesson tests' sandbox (tutor/lessontest/sandbox.py) against the real engine: the names a run moved are
put back without losing an image, and a setup command that hangs is a failed setup, not an internal error."""

from __future__ import annotations

from realdocker import import_image

from tutor.docker.engine import DockerEnv
from tutor.lessontest import sandbox


def test_swapped_names_are_put_back_without_deleting_either_image(docker_client, unique):
    """Two of the author's images swap their only names during a run and each gets a new one. The engine lists
    an image's names in order (m- before n-): whichever image comes first, removing its new name before its old
    one is back would delete it."""
    first = import_image(docker_client, f"tutortest-{unique}-m1:latest", f"{unique}-1")
    second = import_image(docker_client, f"tutortest-{unique}-m2:latest", f"{unique}-2")
    docker = DockerEnv()
    try:
        before = sandbox.EngineState.take(docker)
        docker.tag(second, f"tutortest-{unique}-m1:latest")
        docker.tag(first, f"tutortest-{unique}-m2:latest")
        docker.tag(first, f"tutortest-{unique}-n1:latest")
        docker.tag(second, f"tutortest-{unique}-n2:latest")

        sandbox.put_names_back(docker, before.names, before.images)

        assert sandbox.differences(before, sandbox.EngineState.take(docker)) == []
    finally:
        for image in (first, second):
            docker.remove_image(image)


def test_a_setup_command_that_cannot_start_is_a_failed_command(tmp_path):
    """bash cannot start in a folder that is gone: a failed command with the system's words, not an exception."""
    place = sandbox.Place(tmp_path, tmp_path / "gone", tmp_path / "gone" / ".docker", 0, "/usr/bin:/bin")
    done = sandbox.run_shell("true", place)
    assert done.code == 126 and not done.timed_out
    assert str(tmp_path / "gone") in done.output
