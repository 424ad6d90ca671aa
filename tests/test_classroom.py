"""A classroom on 127.0.0.1 (loopback, so every byte stays on this machine): TLS registry, token service,
classroom service; learners are separate homes and Docker configs, as on their own laptops."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import requests
from realdocker import REGISTRY_BINARY, docker_cli, free_port

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
LISTEN = "127.0.0.1"


def tutor_cli(env: dict, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tutor", *args], env=env, input=input, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def room(tmp_path_factory, docker_client, app_image):
    home = tmp_path_factory.mktemp("instructor")
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_PRACTICE_LAUNCH": "binary", "COLUMNS": "200"}
    port = free_port()
    up = tutor_cli(env, "classroom", "up", "--listen", LISTEN, "--port", str(port), "--count", "3")
    assert up.returncode == 0, up.stdout + up.stderr
    with open(home / "classroom" / "handout.csv", newline="") as handle:
        handout = {row["username"]: row for row in csv.DictReader(handle)}
    room_config = json.loads((home / "classroom" / "room.json").read_text())
    info = {"env": env, "home": home, "handout": handout, "registry": f"{LISTEN}:{port}", "config": room_config,
            "service": f"https://{LISTEN}:{room_config['service_port']}", "ca": str(home / "classroom" / "ca.crt"),
            "up_output": up.stdout}
    yield info
    tutor_cli(env, "classroom", "down", "--purge")
    for name in handout:
        docker_cli("rmi", f"{info['registry']}/{name}/fastapi-app")


@pytest.fixture
def laptop(tmp_path, docker_client):
    """A learner's machine: own tutor home, Docker config and certs directory."""
    (tmp_path / "docker").mkdir()
    return {**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "DOCKER_CONFIG": str(tmp_path / "docker"),
            "TUTOR_DOCKER_CERTS_DIR": str(tmp_path / "certs.d"), "COLUMNS": "200"}


def join(room, laptop, user: str) -> subprocess.CompletedProcess:
    command = room["handout"][user]["join"].split()
    assert command[:2] == ["tutor", "join"] and command[-2:] == ["--user", user]
    return tutor_cli(laptop, *command[1:], "--password-stdin", input=room["handout"][user]["password"] + "\n")


def post(room, user: str, events: list, password: str | None = None, raw: bytes | None = None):
    auth = (user, password or room["handout"][user]["password"])
    if raw is not None:
        return requests.post(f"{room['service']}/api/events", data=raw, auth=auth, verify=room["ca"], timeout=10,
                             headers={"Content-Type": "application/json"})
    return requests.post(f"{room['service']}/api/events", json=events, auth=auth, verify=room["ca"], timeout=10)


def event(kind: str, step: str | None = None, **extra) -> dict:
    return {"id": uuid.uuid4().hex, "kind": kind, "step": step, "at": time.time(), **extra}


def board_data(room) -> dict:
    response = requests.get(f"{room['service']}/api/board", verify=room["ca"], timeout=10,
                            headers={"Authorization": f"Bearer {room['config']['instructor_key']}"})
    assert response.status_code == 200
    return response.json()


def board(room) -> dict:
    return {row["learner"]: row for row in board_data(room)["learners"]}


def test_up_writes_a_handout_with_one_join_command_each(room):
    assert set(room["handout"]) == {"learner01", "learner02", "learner03"}
    assert "Classroom running: registry 127.0.0.1:" in room["up_output"]
    for row in room["handout"].values():
        assert len(row["password"]) >= 12 and "#sha256=" in row["join"]
    handout_md = (room["home"] / "classroom" / "handout.md").read_text()
    assert "learner02" in handout_md and oct((room["home"] / "classroom" / "handout.md").stat().st_mode)[-3:] == "600"


def test_tls_join_end_to_end_and_namespaces(room, laptop, tmp_path):
    joined = join(room, laptop, "learner01")
    assert joined.returncode == 0, joined.stdout + joined.stderr
    assert f"Joined: tutor start docker-push now uses {room['registry']} as learner01." in joined.stdout
    installed = tmp_path / "certs.d" / room["registry"] / "ca.crt"
    assert installed.read_bytes() == open(room["ca"], "rb").read()
    env = {"DOCKER_CONFIG": laptop["DOCKER_CONFIG"]}
    # The registry speaks TLS only: plain HTTP gets nothing.
    with pytest.raises(requests.RequestException):
        requests.get(f"http://{room['registry']}/v2/", timeout=3).raise_for_status()
    assert requests.get(f"https://{room['registry']}/v2/", verify=room["ca"], timeout=5).status_code == 401
    assert docker_cli("tag", "fastapi-app", f"{room['registry']}/learner01/fastapi-app").returncode == 0
    own = docker_cli("push", f"{room['registry']}/learner01/fastapi-app", env=env)
    assert own.returncode == 0, own.stderr
    assert docker_cli("tag", "fastapi-app", f"{room['registry']}/learner02/fastapi-app").returncode == 0
    other = docker_cli("push", f"{room['registry']}/learner02/fastapi-app", env=env)
    assert "denied: requested access to the resource is denied" in other.stderr


def test_join_refuses_a_certificate_that_is_not_the_rooms(room, laptop):
    command = room["handout"]["learner03"]["join"].split()
    url = command[2].split("#")[0] + "#sha256=" + "0" * 64
    result = tutor_cli(laptop, "join", url, "--user", "learner03", "--password-stdin", input="x\n")
    assert result.returncode == 1 and "fingerprint differs" in result.stderr


def test_board_reflects_three_learners(room):
    steps = room_steps = ["registry", "image", "login", "tag", "images", "push", "find", "other-registries"]
    everything = [event("started")] + [event("step_passed", s) for s in room_steps]
    assert post(room, "learner01", everything).status_code == 200
    assert post(room, "learner02", [event("started"), event("step_passed", "registry"), event("step_passed", "image"),
                                    event("step_passed", "login")] +
                [event("error", "tag", category="denied") for _ in range(3)] + [event("hint_used", "tag")]).ok
    assert post(room, "learner03", [event("started"), event("error", "registry", category="answer-c"),
                                    event("error", "tag", category="denied")]).ok
    rows = board(room)
    assert rows["learner01"]["step"] == "finished" and rows["learner01"]["steps_done"] == len(steps)
    assert rows["learner02"]["step"] == "tag" and rows["learner02"]["last_error"] == "denied"
    assert rows["learner02"]["stuck"] is True and rows["learner02"]["hints"] == 1
    assert rows["learner03"]["step"] == "registry" and rows["learner03"]["stuck"] is False
    # What to explain to the whole room: each mistake counted once per learner, most learners first.
    mistakes = board_data(room)["common_errors"]
    assert mistakes == [{"lesson": "docker-push", "step": "tag", "category": "denied", "learners": 2},
                        {"lesson": "docker-push", "step": "registry", "category": "answer-c", "learners": 1}]
    printed = tutor_cli(room["env"], "classroom", "board", "--once")
    assert printed.returncode == 0 and "learner02" in printed.stdout and "denied" in printed.stdout
    assert "Common mistakes: denied · A new name: <name>/fastapi-app: 2" in " ".join(printed.stdout.split())
    page = requests.get(f"{room['service']}/board", params={"view": room["config"]["view_key"]},
                        verify=room["ca"], timeout=5)
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.text
    assert '<div class="card s-stuck"><div class="top"><span class="name">learner02</span>' in page.text
    assert "<h2>Where the room is</h2>" in page.text
    indonesian = requests.get(f"{room['service']}/board", verify=room["ca"], timeout=5,
                              params={"view": room["config"]["view_key"], "lang": "id"})
    assert "<h2>Posisi peserta</h2>" in indonesian.text and "<h2>Kesalahan yang sering terjadi</h2>" in indonesian.text
    assert "<li>denied · Beri nama baru: &lt;nama&gt;/fastapi-app: <b>2</b></li>" in indonesian.text


def test_security_and_bad_requests(room):
    before = board(room)
    assert post(room, "learner01", [event("started")], password="wrong").status_code == 401
    assert post(room, "learner01", [], raw=b"x" * 20000).status_code == 413
    assert post(room, "learner01", [], raw=b"{not json").status_code == 400
    assert post(room, "learner01", [{"id": "short", "kind": "started", "at": 1}]).status_code == 422
    assert post(room, "learner01", [event("step_passed", "Push; DROP")]).status_code == 422
    # A learner cannot write someone else's progress: the learner is who authenticated, not a field.
    assert post(room, "learner03", [event("step_passed", "registry", learner="learner02")]).ok
    for path in ("/api/board", "/api/export", "/board"):
        assert requests.get(f"{room['service']}{path}", verify=room["ca"], timeout=5).status_code == 403
    assert requests.post(f"{room['service']}/api/say", json={"text": "hi"}, verify=room["ca"], timeout=5,
                         auth=("learner01", room["handout"]["learner01"]["password"])).status_code == 403
    after = board(room)
    assert after["learner02"] == {**before["learner02"], "seconds_on_step": after["learner02"]["seconds_on_step"]}
    assert after["learner03"]["steps_done"] == before["learner03"]["steps_done"] + 1


def test_export_verifies_against_the_registry(room, laptop):
    assert join(room, laptop, "learner01").returncode == 0
    env = {"DOCKER_CONFIG": laptop["DOCKER_CONFIG"]}
    assert docker_cli("tag", "fastapi-app", f"{room['registry']}/learner01/fastapi-app").returncode == 0
    pushed = docker_cli("push", f"{room['registry']}/learner01/fastapi-app", env=env)
    digest = next(w for w in pushed.stdout.split() if w.startswith("sha256:"))
    assert post(room, "learner01", [event("step_passed", "push", digest=digest)]).ok
    fake = "sha256:" + "ab" * 32
    assert post(room, "learner03", [event("step_passed", "push", digest=fake)]).ok  # claims, never pushed
    # learner01 also answered the first question: a step only their tutor can report (QA finding 14: it was
    # listed under steps_verified, which no registry can confirm).
    assert post(room, "learner01", [event("step_passed", "registry")]).ok
    result = tutor_cli(room["env"], "classroom", "export")
    assert result.returncode == 0, result.stderr
    learners = {row["learner"]: row for row in json.loads(result.stdout)["learners"]}
    one, three = learners["learner01"], learners["learner03"]
    assert one["image_verified"] is True and "push" in one["steps_confirmed_by_registry"]
    assert set(one["steps_confirmed_by_registry"]) <= {"push", "find"}  # the steps that look in the registry
    assert "registry" in one["steps_reported_only"] and "registry" not in one["steps_confirmed_by_registry"]
    assert one["steps_not_found_in_registry"] == []
    assert three["image_verified"] is False and three["steps_confirmed_by_registry"] == []
    assert "push" in three["steps_not_found_in_registry"] and "push" in three["steps_reported"]
    assert "steps_verified" not in one and "steps_claimed" not in one
    as_csv = tutor_cli(room["env"], "classroom", "export", "--csv").stdout.splitlines()
    assert as_csv[0] == ("learner,lesson,steps_confirmed_by_registry,steps_not_found_in_registry,"
                         "steps_reported_only,image_verified,image,registry_digest,platform")
    row = next(line for line in as_csv if line.startswith("learner01,"))
    assert row.startswith("learner01,docker-push,push") and ",registry" in row


def test_service_down_and_back_loses_no_event_and_say_reaches_learners(room, laptop, monkeypatch):
    from tutor.classroom.learner import EventOutbox, JoinedRoom

    monkeypatch.setenv("TUTOR_HOME", laptop["TUTOR_HOME"])
    learner = JoinedRoom(room["service"], room["registry"], "learner03", room["ca"])
    (__import__("pathlib").Path(laptop["TUTOR_HOME"]) / "room").mkdir(parents=True, exist_ok=True)
    outbox = EventOutbox(learner, lambda: ("learner03", room["handout"]["learner03"]["password"]))
    pid_file = room["home"] / "classroom" / "service.pid"
    os.kill(json.loads(pid_file.read_text())["pid"], signal.SIGTERM)  # pid and start time, as recorded
    time.sleep(0.5)
    outbox.record("step_passed", "image")
    outbox.record("hint_used", "login")
    assert outbox.flush() is False and len(outbox.pending()) == 2  # kept while the service is down
    up = tutor_cli(room["env"], "classroom", "up", "--listen", LISTEN, "--port", room["registry"].split(":")[1])
    assert up.returncode == 0, up.stderr
    assert tutor_cli(room["env"], "classroom", "say", "Istirahat 10 menit").returncode == 0
    assert outbox.flush() is True and outbox.pending() == []
    assert outbox.take_messages()[-1] == "Istirahat 10 menit"
    rows = board(room)
    assert rows["learner03"]["hints"] == 1
    # Sending the same batch again (a retry after a lost answer) stores nothing twice.
    assert outbox.flush() is True and board(room)["learner03"]["hints"] == 1


def test_a_joined_learner_s_tutor_start_feeds_the_board_and_hears_say(room, laptop):
    import pexpect

    assert join(room, laptop, "learner03").returncode == 0
    env = {**laptop, "TUTOR_PS1": "learner$ "}
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--lang", "en"], env=env,
                          encoding="utf-8", timeout=60, dimensions=(50, 120))
    try:
        child.expect(f"Registry: {room['registry']}")  # the room's registry, without --registry
        child.expect("user: learner03")
        child.expect_exact("learner$ ")
        child.sendline("answer b")
        child.expect("Done: What is a registry")
        child.expect_exact("learner$ ")
        child.sendline("docker images fastapi-app")
        child.expect("Done: Prepare the image")
        child.expect_exact("learner$ ")
        deadline = time.monotonic() + 20
        while board(room)["learner03"]["steps_done"] < 2 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert board(room)["learner03"]["steps_done"] >= 2
        assert tutor_cli(room["env"], "classroom", "say", "Five minutes left").returncode == 0
        time.sleep(6)  # the outbox asks for messages at least every 5 s
        child.sendline("true")
        child.expect("Five minutes left")
    finally:
        child.sendline("exit")
        child.expect(pexpect.EOF)


def test_roster_files(tmp_path):
    from tutor.classroom.instructor import roster_names
    from tutor.errors import TutorError

    good = tmp_path / "good.csv"
    good.write_text("username,full name\nbudi2026,Budi\nSITI99,Siti\n\nbudi2026,again\n")
    assert roster_names(good, None) == ["budi2026", "siti99"]  # header skipped, lowercased, no duplicates
    assert roster_names(None, 3) == ["learner01", "learner02", "learner03"]
    bad = tmp_path / "bad.csv"
    bad.write_text("username\nok-name_1\n")
    with pytest.raises(TutorError) as problem:
        roster_names(bad, None)
    assert problem.value.key == "classroom.bad_roster_name" and problem.value.values["name"] == "ok-name_1"


@pytest.mark.slow  # the tutor in a fresh process, as an instructor runs it
def test_a_bad_roster_is_refused_in_one_sentence(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("username\nok-name_1\n")
    env = {**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    refused = tutor_cli(env, "classroom", "up", "--listen", LISTEN, "--roster", str(bad), "--lang", "id")
    assert refused.returncode == 1 and "bukan username valid" in refused.stderr and "Traceback" not in refused.stderr


def test_board_stuck_after_n_minutes_without_progress():
    from tutor.classroom.board import RoomLesson, board, summarize
    from tutor.classroom.store import Event

    steps = (RoomLesson("docker-push", ("registry", "image", "login")),)
    events = [Event("a:1", "budi", "started", None, None, None, 1000.0, "docker-push"),
              Event("a:2", "budi", "step_passed", "registry", None, None, 1010.0, "docker-push"),
              Event("b:1", "siti", "started", None, None, None, 1000.0, "docker-push"),
              Event("b:2", "siti", "step_passed", "registry", None, None, 1290.0, "docker-push")]
    rows = {r.learner: r for r in board(["budi", "siti", "dewi"], summarize(events), steps, now=1310.0,
                                        stuck_seconds=120)}
    assert rows["budi"].stuck and rows["budi"].seconds_on_step == 300 and rows["budi"].step == "image"
    assert not rows["siti"].stuck and rows["siti"].step == "image"
    assert rows["dewi"].step is None and not rows["dewi"].stuck  # not started: not stuck


def test_a_board_from_the_kept_rows_is_the_board_computed_afresh():
    """The service keeps what each row takes from a learner's summary (board.Settled) between boards. Each board
    must still equal the one computed from nothing: after a learner's new events (a new summary), as the clock
    moves (times on a step, stuck), and with a learner gone from the room."""
    import tempfile
    from pathlib import Path

    from tutor.classroom.board import RoomLesson, board
    from tutor.classroom.store import Event, Store

    lessons = (RoomLesson("docker-push", ("registry", "image", "login")),)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "classroom.db")
        kept: dict = {}

        def both(names, now):
            afresh = board(names, store.summaries(), lessons, now=now, stuck_seconds=120)
            from_kept = board(names, store.summaries(), lessons, now=now, stuck_seconds=120, settled=kept)
            assert from_kept == afresh
            return {row.learner: row for row in from_kept}

        store.add_events([Event("budi:1", "budi", "started", None, None, None, 1000.0, "docker-push")])
        assert both(["budi", "siti", "dewi"], 1010.0)["budi"].step == "registry"
        budi_before = kept["budi"]
        store.add_events([Event("budi:2", "budi", "step_passed", "registry", None, None, 1020.0, "docker-push")])
        rows = both(["budi", "siti", "dewi"], 1030.0)
        assert rows["budi"].step == "image" and kept["budi"] is not budi_before  # a new summary: worked out again
        budi_now = kept["budi"]
        rows = both(["budi", "siti", "dewi"], 1200.0)  # nothing new: the same Settled, only the clock moved
        assert kept["budi"] is budi_now and rows["budi"].stuck and rows["budi"].seconds_on_step == 180
        for n in range(3):
            store.add_events([Event(f"siti:{n}", "siti", "error", "registry", "denied", None, 1100.0 + n,
                                    "docker-push")])
        assert both(["budi", "siti", "dewi"], 1201.0)["siti"].stuck  # the same mistake three times
        both(["budi", "siti"], 1202.0)  # dewi, who never sent anything, left the room
        assert "dewi" not in kept and set(kept) == {"budi", "siti"}
        store.close()


def test_a_failed_start_leaves_nothing_running(tmp_path, monkeypatch, docker_client):
    """If the classroom service cannot start, the registry and token service started before it are stopped."""
    from tutor.classroom import instructor
    from tutor.errors import TutorError
    from tutor.practice import launcher

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    monkeypatch.setattr(instructor, "SERVICE_MARKER", "tutor.classroom.no_such_module")  # a service that dies
    with pytest.raises(TutorError) as failed:
        instructor.up(LISTEN, free_port(), ["learner01"])
    assert failed.value.key == "classroom.service_failed"
    from tutor.classroom.room import RoomConfig

    place = RoomConfig.load().place
    assert launcher.status(place).registry_alive is False and launcher.status(place).token_alive is False
    assert not (place.directory / "state.json").exists()


def test_join_fetches_the_ca_unverified_without_a_warning_and_pins_it(room, laptop):
    """The CA is fetched before anything can be verified, then pinned by fingerprint: on purpose, so the learner
    sees no InsecureRequestWarning (twice, as urllib3 printed it); the fetch raises no warning at all."""
    import warnings

    from tutor.classroom.pinned import fetch_unverified_ca
    from tutor.classroom.tls import fingerprint

    joined = join(room, laptop, "learner02")
    assert joined.returncode == 0, joined.stderr
    assert "Warning" not in joined.stderr and "warning" not in joined.stderr, joined.stderr
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pem = fetch_unverified_ca(room["service"])
    assert caught == [] and pem == open(room["ca"], "rb").read()
    assert fingerprint(pem) in room["handout"]["learner02"]["join"]
