"""A room running a lesson with `only:` steps (the shipped credential-helper: Linux, macOS, Windows and Docker
Desktop each have their own steps): the board follows each learner's platform. The real service on 127.0.0.1,
learners' tutors reporting through the real outbox, each with TUTOR_PLATFORM in its environment."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from realdocker import REGISTRY_BINARY, free_port

from tutor.app.platform import for_learner
from tutor.classroom.board import RoomLesson, board, summarize
from tutor.classroom.learner import EventOutbox, JoinedRoom
from tutor.classroom.reporting import RoomReporter
from tutor.classroom.store import Event
from tutor.lesson.loader import load_named
from tutor.live.events import Opening, StepPassed

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
LISTEN = "127.0.0.1"
LESSON = "credential-helper"


def tutor_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tutor", *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def room(tmp_path_factory, docker_client):
    home = tmp_path_factory.mktemp("instructor")
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_PRACTICE_LAUNCH": "binary", "COLUMNS": "200"}
    up = tutor_cli(env, "classroom", "up", "--listen", LISTEN, "--port", str(free_port()), "--count", "3",
                   "--lesson", LESSON)
    assert up.returncode == 0, up.stdout + up.stderr
    with open(home / "classroom" / "handout.csv", newline="") as handle:
        handout = {row["username"]: row["password"] for row in csv.DictReader(handle)}
    config = json.loads((home / "classroom" / "room.json").read_text())
    yield {"env": env, "handout": handout, "config": config, "ca": str(home / "classroom" / "ca.crt"),
           "service": f"https://{LISTEN}:{config['service_port']}", "registry": config["registry"]}
    tutor_cli(env, "classroom", "down", "--purge")


def board_data(room, lang: str = "en") -> dict:
    response = requests.get(f"{room['service']}/api/board", params={"lang": lang}, verify=room["ca"], timeout=10,
                            headers={"Authorization": f"Bearer {room['config']['instructor_key']}"})
    assert response.status_code == 200
    return response.json()


def learner_reports(room, tmp_path: Path, monkeypatch, user: str, platform: str, passed: list[str]) -> None:
    """`user`'s tutor on `platform` (TUTOR_PLATFORM in its environment, as an author or a test sets it): the
    lesson as that learner meets it, and its reporter sending through the real outbox what a session sends."""
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / user))
    monkeypatch.setenv("TUTOR_PLATFORM", platform)
    lesson = for_learner(load_named(LESSON))  # what `tutor start` plays, and names in its reporter
    assert lesson.platform == platform
    joined = JoinedRoom(room["service"], room["registry"], user, room["ca"], (LESSON,))
    (tmp_path / user / "room").mkdir(parents=True)
    outbox = EventOutbox(joined, lambda: (user, room["handout"][user]))
    reporter = RoomReporter(outbox, lesson.id, lesson.platform)
    opening = Opening(lesson, {}, "en", room["registry"], user, password=None, set_aside=None, finished_before=None,
                      resumed=False, current=lesson.step_ids[0], watch=False)
    reporter.seen(opening, None)
    for step in passed:
        assert step in lesson.step_ids
        reporter.seen(StepPassed(step, None), step)
    assert outbox.flush() is True


def test_the_board_follows_each_learner_s_platform(room, tmp_path, monkeypatch):
    lesson = load_named(LESSON)
    linux, macos = lesson.for_platform("linux").step_ids, lesson.for_platform("macos").step_ids
    assert "install" in linux and "install-macos" in macos and len(lesson.step_ids) > len(linux)
    # learner01 on Linux has passed every step up to `install` and `vault`: next is Linux's own `config`, not
    # macOS's `install-macos` (which comes next in the lesson as written).
    upto_vault = list(linux[:linux.index("vault") + 1])
    learner_reports(room, tmp_path, monkeypatch, "learner01", "linux", upto_vault)
    # learner02 on macOS has passed the steps before the fork: next is `install-macos`, not Linux's `install`.
    before_fork = list(macos[:macos.index("install-macos")])
    learner_reports(room, tmp_path, monkeypatch, "learner02", "macos", before_fork)
    # learner03's tutor is older: its events carry no platform (posted by hand, as it sends them).
    response = requests.post(
        f"{room['service']}/api/events", verify=room["ca"], timeout=10,
        auth=("learner03", room["handout"]["learner03"]),
        json=[{"id": uuid.uuid4().hex, "kind": kind, "step": step, "category": None, "digest": None,
               "at": time.time()} for kind, step in (("started", linux[0]), ("step_passed", linux[0]))])
    assert response.status_code == 200 and response.json()["stored"] == 2

    data = board_data(room)
    rows = {row["learner"]: row for row in data["learners"]}
    assert rows["learner01"]["step"] == linux[linux.index("vault") + 1] == "config"
    assert rows["learner01"]["lesson_steps_total"] == [len(linux)]
    assert rows["learner01"]["steps_done"] == len(upto_vault)
    assert rows["learner02"]["step"] == "install-macos" and rows["learner02"]["steps_done"] == len(before_fork)
    assert rows["learner02"]["lesson_steps_total"] == [len(macos)]
    # The older tutor's learner is stored and shown: over the steps every platform has, where they are in them.
    common = [step.id for step in lesson.steps if not step.only]
    assert rows["learner03"]["steps_done"] == 1 and rows["learner03"]["state"] == "moving"
    assert rows["learner03"]["step"] == common[1] and rows["learner03"]["lesson_steps_total"] == [len(common)]
    funnel = {(entry["lesson"], entry["step"]): entry["learners"] for entry in data["funnel"]}
    assert funnel[(LESSON, "config")] == 1 and funnel[(LESSON, "install-macos")] == 1
    assert funnel[(LESSON, "install")] == 0 and funnel[(LESSON, "vault")] == 0
    # The projector's page draws each learner's bar over their own platform's steps.
    page = requests.get(f"{room['service']}/board", params={"view": room["config"]["view_key"]}, verify=room["ca"],
                        timeout=10)
    assert page.status_code == 200
    bars = page.text.split('class="bar"')[1:]
    assert sorted(bar.split("</div>")[0].count("<i") for bar in bars) == sorted([len(linux), len(macos), len(common)])


def test_the_export_names_each_learner_s_platform(room, tmp_path, monkeypatch):
    """`tutor classroom export` (JSON and --csv) names the platform each learner's tutor reported, and nothing
    for a tutor that reported none (learner03's, posted by hand as an older tutor sends it). It named none."""
    learner_reports(room, tmp_path, monkeypatch, "learner01", "linux", ["why-helper"])
    learner_reports(room, tmp_path, monkeypatch, "learner02", "macos", ["why-helper"])
    response = requests.post(f"{room['service']}/api/events", verify=room["ca"], timeout=10,
                             auth=("learner03", room["handout"]["learner03"]),
                             json=[{"id": uuid.uuid4().hex, "kind": "started", "step": "why-helper", "category": None,
                                    "digest": None, "at": time.time()}])
    assert response.status_code == 200
    exported = tutor_cli(room["env"], "classroom", "export")
    assert exported.returncode == 0, exported.stderr
    entries = {row["learner"]: row for row in json.loads(exported.stdout)["learners"]}
    assert {name: (row["lesson"], row["platform"]) for name, row in entries.items()} == {
        "learner01": (LESSON, "linux"), "learner02": (LESSON, "macos"), "learner03": (LESSON, None)}
    as_csv = tutor_cli(room["env"], "classroom", "export", "--csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = {row["learner"]: row for row in csv.DictReader(as_csv.stdout.splitlines())}
    assert {name: row["platform"] for name, row in rows.items()} == {
        "learner01": "linux", "learner02": "macos", "learner03": ""}
    assert rows["learner01"]["lesson"] == LESSON and rows["learner01"]["image_verified"] == "False"


def test_a_platform_is_inferred_from_the_steps_passed_when_the_tutor_does_not_say():
    lesson = load_named(LESSON)
    room = (RoomLesson.of(lesson),)
    macos = lesson.for_platform("macos").step_ids
    events = [Event(f"siti:{n}", "siti", "step_passed", step, None, None, 1000.0 + n, LESSON)
              for n, step in enumerate(macos[:macos.index("install-macos") + 1])]
    [row] = board(["siti"], summarize(events), room, now=1010.0)
    assert row.step == macos[macos.index("install-macos") + 1] and row.lesson_steps_total == (len(macos),)


def test_a_platform_no_only_names_gets_the_common_steps(tmp_path):
    """A lesson whose `only:` names Linux and macOS alone (here credential-helper with its Windows and Desktop
    steps given to macOS): a Windows learner's tutor says `windows`, and their path is the common steps. The
    board put them on the shared guess for an unknown platform instead, which holds `config` (Linux and macOS
    both have it): stuck on a step they never get, their bar never full."""
    import shutil

    from tutor.lesson.loader import load_lesson

    shutil.copytree(load_named(LESSON).directory.parent, tmp_path / "lessons")  # its image is docker-push's app
    folder = tmp_path / "lessons" / LESSON
    manifest = folder / "lesson.yaml"
    text = manifest.read_text()
    for only in ("only: [windows]", "only: [desktop]"):
        assert only in text
        text = text.replace(only, "only: [macos]")
    manifest.write_text(text)
    lesson = load_lesson(folder)
    windows = lesson.for_platform("windows").step_ids
    assert "config" not in windows
    events = [Event(f"ana:{n}", "ana", "step_passed", step, None, None, 1000.0 + n, LESSON, "windows")
              for n, step in enumerate(windows)]
    [row] = board(["ana"], summarize(events), (RoomLesson.of(lesson),), now=1010.0)
    assert row.state == "finished" and row.lesson_steps_total == (len(windows),)


def test_a_learner_at_the_fork_whose_platform_is_not_known_is_shown_there():
    """An older tutor reports no platform. A learner of a lesson whose platforms' own steps come last, who passed
    every shared step, is at the fork: shown on its first step and counted there in the funnel, not as a learner
    who has not started (the shared steps held no step left to show)."""
    from tutor.classroom.board import funnel

    lesson = RoomLesson("forked", ("registry", "image", "install-linux", "install-macos"),
                        {"linux": ("registry", "image", "install-linux"),
                         "macos": ("registry", "image", "install-macos")})
    events = [Event("budi:0", "budi", "started", None, None, None, 1000.0, "forked"),
              *(Event(f"budi:{n}", "budi", "step_passed", step, None, None, 1001.0 + n, "forked")
                for n, step in enumerate(("registry", "image")))]
    [row] = board(["budi"], summarize(events), (lesson,), now=1010.0)
    assert row.state == "moving" and row.lesson == "forked" and row.step == "install-linux"
    places = {(place.lesson, place.step): place.learners for place in funnel([row], (lesson,))}
    assert places[("forked", "install-linux")] == 1 and places[(None, "waiting")] == 0
