"""`tutor check` / `tutor why` end to end, and every environment failure as one sentence and its own code."""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading

import pytest
from realdocker import docker_cli, docker_login, free_port, tag_and_push

PASSWORD = "learnerpw42"


@pytest.fixture
def learner(practice, docker_config, docker_client):
    """A learner `budi` with the practice image `fastapi-app` (made fresh, removed afterwards)."""
    from tutor.docker.engine import DockerEnv
    from tutor.lesson.loader import load_named
    from tutor.practice.image import ensure_practice_image

    practice.add_user("budi", PASSWORD)
    existing = DockerEnv().image("fastapi-app:latest")
    if existing is None:
        ensure_practice_image(DockerEnv(), load_named("docker-push"))
    image_id = DockerEnv().image("fastapi-app:latest").id
    yield practice
    target = f"{practice.address}/budi/fastapi-app"
    docker_cli("rmi", target)
    if existing is None:
        docker_client.images.remove(image_id, force=True)


def test_check_json_follows_the_real_state(tutor, learner):
    first = tutor("check", "docker-push", "--json")
    assert first.exit_code == 1
    report = json.loads(first.stdout)
    assert report["format"] == 1 and report["lesson"] == "docker-push"
    assert report["registry"] == learner.address and report["user"] == "budi"
    status = {s["id"]: s["status"] for s in report["steps"]}
    assert status == {"registry": "not_applicable", "image": "pass", "login": "fail", "tag": "fail",
                      "images": "fail", "push": "fail", "find": "fail", "other-registries": "not_applicable"}
    registry = next(s for s in report["steps"] if s["id"] == "registry")["verdicts"]
    # A question is answered in a session only; the report never says which option is right.
    assert [(v["check"], v["status"]) for v in registry] == [("answer", "not_applicable")]
    assert registry[0]["expected"]["en"] == "the right answer to the step's question"
    login = next(s for s in report["steps"] if s["id"] == "login")["verdicts"][0]
    assert login["expected"] == {"en": f"a login for {learner.address}", "id": f"login untuk {learner.address}"}
    assert report["summary"] == {"steps": 8, "passed": 1, "failed": 5, "not_applicable": 2, "ok": False}

    assert docker_login(learner.address, "budi", PASSWORD).returncode == 0
    assert tag_and_push("fastapi-app", f"{learner.address}/budi/fastapi-app").returncode == 0
    done = tutor("check", "docker-push", "--json")
    assert done.exit_code == 0, done.stdout
    report = json.loads(done.stdout)
    assert report["summary"]["ok"] and report["summary"]["failed"] == 0
    images = next(s for s in report["steps"] if s["id"] == "images")
    assert [v["status"] for v in images["verdicts"]] == ["pass", "not_applicable", "not_applicable"]
    assert PASSWORD not in done.stdout + done.stderr


def test_check_human_table_one_step_and_why(tutor, learner):
    result = tutor("check", "docker-push", "--step", "login", "--lang", "id")
    assert result.exit_code == 1
    assert "belum" in result.stdout and "0 lulus, 1 belum, 0 tidak berlaku" in result.stdout
    why = tutor("why", "docker-push")
    assert why.exit_code == 0
    assert "Current step: Log in to the registry" in why.stdout
    assert f"Expected: a login for {learner.address}" in why.stdout
    assert f"Found: no login for {learner.address} in " in why.stdout
    unknown = tutor("check", "docker-push", "--step", "pushh")
    assert unknown.exit_code == 1 and "The lesson has no step 'pushh'" in unknown.stderr


def test_check_docker_hub_namespace_placeholder_is_denied_by_the_practice_registry(learner):
    """The seed's placeholder `username_anda` is not the learner's namespace: push is denied, as on Hub."""
    assert docker_login(learner.address, "budi", PASSWORD).returncode == 0
    denied = tag_and_push("fastapi-app", f"{learner.address}/username_anda/fastapi-app")
    docker_cli("rmi", f"{learner.address}/username_anda/fastapi-app")
    assert denied.returncode != 0 and "denied: requested access to the resource is denied" in denied.stderr


def _run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.mark.slow  # the tutor in fresh processes, as a learner runs it
def test_no_engine_is_one_sentence(tmp_path):
    result = _run_cli("check", "docker-push", env={"DOCKER_HOST": f"unix://{tmp_path}/nothing.sock"})
    assert result.returncode == 4
    assert result.stderr.startswith(f"✗ No Docker engine answers at unix://{tmp_path}/nothing.sock.")
    assert "Traceback" not in result.stderr
    indonesian = _run_cli("why", "docker-push", "--lang", "id", env={"DOCKER_HOST": f"unix://{tmp_path}/x.sock"})
    assert indonesian.returncode == 4 and "Tidak ada Docker engine yang menjawab" in indonesian.stderr


@pytest.mark.slow  # the tutor in a fresh process, waiting out its 1 s Docker timeout
def test_engine_that_hangs_is_bounded(tmp_path):
    """A real process on 127.0.0.1 that accepts and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept_and_say_nothing():
        try:
            while True:
                accepted.append(listener.accept())
        except OSError:  # the listener was closed: the test is over
            pass

    thread = threading.Thread(target=accept_and_say_nothing, daemon=True)
    thread.start()
    try:
        result = _run_cli("check", "docker-push", env={
            "DOCKER_HOST": f"tcp://127.0.0.1:{listener.getsockname()[1]}", "TUTOR_DOCKER_TIMEOUT": "1"})
    finally:
        listener.close()
    assert result.returncode == 4
    assert "did not answer within 1 s" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to act as another user")
def _readable_by_anyone(root) -> tuple[str, str]:
    """An interpreter and a PYTHONPATH another user can read, wherever the clone sits.

    The clone (and its .venv) may live under a folder only root can enter (`mktemp -d` is 0700), so user 65534
    could not import tutor from there. The tutor package and the venv's site-packages are hard-linked (copied
    across devices) into `root`, whose folders are made fresh with mode 0755; the venv's interpreter is a
    symlink into that folder too, so the base interpreter is run directly."""
    import sysconfig

    import tutor

    def link_or_copy(source, target):
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    source_root = os.path.dirname(os.path.dirname(tutor.__file__))
    shutil.copytree(os.path.join(source_root, "tutor"), os.path.join(root, "src", "tutor"),
                    copy_function=link_or_copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(sysconfig.get_paths()["purelib"], os.path.join(root, "site"), copy_function=link_or_copy,
                    ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    for folder, _, _ in os.walk(root):
        os.chmod(folder, 0o755)
    return os.path.realpath(sys.executable), os.pathsep.join([os.path.join(root, "src"), os.path.join(root, "site")])


def _run_as_nobody(home, *args, cwd):
    python, python_path = _readable_by_anyone(os.path.join(home, "code"))
    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", python, "-m", "tutor", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
        env={"PATH": os.environ["PATH"], "HOME": str(home), "COLUMNS": "200", "PYTHONPATH": python_path,
             "DOCKER_HOST": os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")},
    )


@pytest.fixture
def nobody_home():
    import tempfile

    home = tempfile.mkdtemp(prefix="tutor-nobody-", dir="/tmp")  # pytest's tmp_path is root-only
    os.chmod(home, 0o777)
    yield home
    shutil.rmtree(home, ignore_errors=True)


def test_permission_denied_on_the_socket(docker_client, nobody_home, monkeypatch):
    """As a user outside the `docker` group, the real socket refuses: the sentence names the group."""
    socket_path = "/var/run/docker.sock"
    if not os.path.exists(socket_path):
        pytest.skip("the engine does not listen on the default socket")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{socket_path}")
    done = _run_as_nobody(nobody_home, "check", "docker-push", cwd=nobody_home)
    assert done.returncode == 5, done.stderr
    assert "You may not use the Docker engine" in done.stderr and "`docker` group" in done.stderr


@pytest.mark.slow  # hard-links the venv's site-packages (~140 MB) for another user: seconds
def test_a_lesson_id_in_a_folder_the_learner_may_not_read(nobody_home, tmp_path):
    """`tutor show docker-push` from a working folder the learner cannot read: the id is still the bundled
    lesson (looking for a folder of that name there raised PermissionError, an internal error)."""
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o700)
    done = _run_as_nobody(nobody_home, "show", "docker-push", cwd=locked)
    assert done.returncode == 0, done.stderr
    assert "docker push" in done.stdout


def test_docker_context_is_followed(docker_client, docker_config, tmp_path, monkeypatch):
    """Docker Desktop style: no DOCKER_HOST, a current CLI context names the engine (docker SDK 7.2)."""
    import docker

    if "use_context" not in docker.from_env.__func__.__code__.co_varnames and docker.__version__ < "7.2":
        pytest.skip("docker SDK < 7.2 has no context fallback")
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    dead = f"unix://{tmp_path}/dead.sock"
    assert docker_cli("context", "create", "tutor-dead", "--docker", f"host={dead}").returncode == 0
    assert docker_cli("context", "use", "tutor-dead").returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "DOCKER_HOST"}
    result = subprocess.run([sys.executable, "-m", "tutor", "check", "docker-push", "--step", "image"],
                            capture_output=True, text=True, timeout=120, env={**env, "COLUMNS": "200"})
    assert result.returncode == 4, result.stdout + result.stderr  # it used the context's (dead) engine


def test_unreachable_registry_is_its_own_exit_code(tutor, docker_client, docker_config):
    result = tutor("check", "docker-push", "--step", "push", "--registry", f"127.0.0.1:{free_port()}")
    assert result.exit_code == 6 and "does not answer" in result.stderr


def test_corrupt_config_json_is_its_own_exit_code(tutor, docker_client, docker_config):
    (docker_config / "config.json").write_text("{\"auths\": ")
    result = tutor("check", "docker-push", "--step", "login")
    assert result.exit_code == 7 and "is not valid JSON" in result.stderr


def test_why_follows_the_saved_session_step(tutor, learner):
    from tutor import progress

    progress.save(progress.LessonProgress("docker-push", current="push", registry=learner.address, user="budi"))
    why = tutor("why", "docker-push")
    assert why.exit_code == 0
    assert "Current step: Upload with docker push" in why.stdout
    assert f"Found: {learner.address}/budi/fastapi-app:latest is not in the registry" in why.stdout


@pytest.mark.parametrize("finished", [False, True])
def test_check_and_why_grade_the_saved_sessions_user_and_registry(tutor, learner, registry, finished):
    """QA finding 8: after `tutor start --registry R --user siti`, `tutor check` graded `budi` at the practice
    registry while `tutor why` looked at siti's step at R. Both follow the saved session; options still win."""
    from tutor import progress

    saved = progress.LessonProgress("docker-push", current=None if finished else "push", registry=registry.address,
                                    user="siti", finished=1.0 if finished else None)
    progress.save(saved)
    report = json.loads(tutor("check", "docker-push", "--json").stdout)
    assert (report["registry"], report["user"]) == (registry.address, "siti")
    why = tutor("why", "docker-push")
    assert registry.address in why.stdout and learner.address not in why.stdout and "/budi/" not in why.stdout
    assert finished or f"{registry.address}/siti/fastapi-app" in why.stdout
    chosen = json.loads(tutor("check", "docker-push", "--json", "--user", "budi").stdout)
    assert (chosen["registry"], chosen["user"]) == (registry.address, "budi")
    practice = json.loads(tutor("check", "docker-push", "--json", "--registry", "practice").stdout)
    assert practice["registry"] == learner.address  # another registry: the saved session is not about it


@pytest.mark.parametrize("option", ["practice", "address"])
def test_a_session_saved_at_another_spelling_of_the_practice_registry_is_the_practice_one(tutor, learner, option):
    """`tutor start --registry localhost:PORT` saves that spelling; it is the practice registry all the same, so
    `--registry practice` (or its 127.0.0.1 address) grades the saved user. The saved string was compared as
    such: the saved user was dropped and the login (budi) graded instead."""
    from tutor import progress

    port = learner.address.rpartition(":")[2]
    progress.save(progress.LessonProgress("docker-push", current="push", registry=f"localhost:{port}", user="siti"))
    report = json.loads(tutor("check", "docker-push", "--json").stdout)
    assert (report["registry"], report["user"]) == (f"localhost:{port}", "siti")  # graded where the learner is
    chosen = "practice" if option == "practice" else learner.address
    report = json.loads(tutor("check", "docker-push", "--json", "--registry", chosen).stdout)
    assert (report["registry"], report["user"]) == (learner.address, "siti")


@pytest.mark.parametrize("command", ["check", "why"])
def test_check_and_why_read_the_saved_attempt_once(tutor, learner, monkeypatch, command):
    """With nothing saved, the use case read progress and then run_checks read it again for the date of the
    attempt. A spy counts the reads; the real progress.load answers each."""
    from tutor import progress

    reads = []
    real_load = progress.load
    monkeypatch.setattr(progress, "load", lambda lesson: reads.append(lesson) or real_load(lesson))
    assert tutor(command, "docker-push").exit_code in (0, 1)
    assert reads == ["docker-push"]


def test_a_damaged_progress_file_is_graded_without_it(tutor, learner):
    """`check` and `why` grade Docker's state; the saved attempt only names the learner and dates it. A
    damaged progress file used to refuse both (exit 10) although the checks themselves did without it."""
    from tutor import progress

    progress.progress_file().write_text('{"docker-push": 5}')
    result = tutor("check", "docker-push", "--step", "login")
    assert result.exit_code == 1 and f"no login for {learner.address}" in result.stdout, result.stderr
    why = tutor("why", "docker-push")
    assert why.exit_code == 0 and "Current step: Log in to the registry" in why.stdout, why.stderr


def test_start_on_a_registry_of_ones_own_takes_the_user_from_its_login(docker_config, docker_client):
    """`tutor start --registry R` without --user: the username Docker is logged in with at R (as `tutor check`
    finds it, one function for both); with no login there, one sentence instead of someone else's namespace."""
    import base64

    from tutor.app.start import prepare
    from tutor.docker.engine import DockerEnv
    from tutor.errors import TutorError
    from tutor.lesson.loader import load_named

    lesson, docker = load_named("docker-push"), DockerEnv()
    with pytest.raises(TutorError) as refused:
        prepare(docker, lesson, "127.0.0.1:5999", None, demo=False)
    assert refused.value.key == "session.need_user" and refused.value.values == {"registry": "127.0.0.1:5999"}
    auth = base64.b64encode(b"siti:pw").decode()
    (docker_config / "config.json").write_text(json.dumps({"auths": {"127.0.0.1:5999": {"auth": auth}}}))
    prepared = prepare(docker, lesson, "127.0.0.1:5999", None, demo=False)
    assert (prepared.registry, prepared.user, prepared.password) == ("127.0.0.1:5999", "siti", None)
    assert prepared.values["target"].startswith("127.0.0.1:5999/siti/")
