"""Issue 15's classroom: a room that runs one lesson or the whole course, learners going on through its lessons,
the board and the export per lesson; and the review findings mended in the same files. Pure where the thing
under test is pure (the fold, the board's data, the handout's text); the service, store and export run for real
in tests/test_classroom.py and tests/test_classroom_board.py."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tutor.classroom.board import (
    LessonInfo,
    RoomLesson,
    board,
    board_data,
    common_errors,
    funnel_rows,
    mistake_text,
    summarize,
    where_text,
)
from tutor.classroom.handout import Card, as_markdown
from tutor.classroom.store import Event, Store


def test_the_markdown_handout_speaks_both_languages_as_the_printed_cards_do():
    text = as_markdown([Card("budi", "k7m2-x9pq", "tutor join https://h/#sha256=ab --user budi")], ("docker-push",),
                       "127.0.0.1:5443")
    assert "Nama pengguna · Username" in text and "Password sekali pakai · One-time password" in text
    assert "Ketik perintah ini (satu baris), lalu password saat diminta: · Type this command" in text
    assert "Registry: `127.0.0.1:5443`" in text
    assert "| budi | `k7m2-x9pq` | `tutor join https://h/#sha256=ab --user budi` |" in text


# --- a room of several lessons: the fold, the board, the funnel, the mistakes ---------------------------------

# Two lessons that share step ids ("login"), as docker-push and access-tokens do: a step id alone names no place.
FIRST = RoomLesson("first", ("registry", "login", "push"))
SECOND = RoomLesson("second", ("why", "login", "revoke"))
ROOM = (FIRST, SECOND)


def ev(learner: str, kind: str, step: str | None, lesson: str | None, at: float = 1000.0,
       category: str | None = None, digest: str | None = None, n: list = [0]) -> Event:  # noqa: B006
    n[0] += 1
    return Event(f"{learner}:{n[0]}", learner, kind, step, category, digest, at, lesson)


def info(lesson: RoomLesson, short: str) -> LessonInfo:
    """What lesson_info() makes of a loaded lesson, for these two made-up ones."""
    return LessonInfo(lesson, id=lesson.id, title=f"{short} — a lesson", short=short, steps=list(lesson.steps),
                      step_titles={step: f"{step.title()} in {short}" for step in lesson.steps}, platform_steps={})


SHOWN = [info(FIRST, "First"), info(SECOND, "Second")]


def test_a_learner_s_progress_is_kept_per_lesson_and_the_board_spans_the_room_s_lessons():
    events = [ev("budi", "started", "registry", "first"),
              *(ev("budi", "step_passed", s, "first", 1001.0) for s in FIRST.steps),
              ev("budi", "finished", None, "first"),
              ev("budi", "started", "why", "second", 1002.0), ev("budi", "step_passed", "why", "second", 1003.0),
              # siti has passed "login" in the second lesson only: that is not the first lesson's login
              ev("siti", "started", "registry", "first"), ev("siti", "step_passed", "registry", "first"),
              ev("siti", "step_passed", "login", "second"),
              ev("dewi", "started", None, "first"),
              *(ev("dewi", "step_passed", s, lesson.id) for lesson in ROOM for s in lesson.steps)]
    summaries = summarize(events)
    assert summaries["budi"].lessons["first"].finished and summaries["budi"].lessons["second"].done == ["why"]
    rows = {row.learner: row for row in board(["budi", "siti", "dewi", "eko"], summaries, ROOM, now=1010.0)}
    budi, siti, dewi, eko = rows["budi"], rows["siti"], rows["dewi"], rows["eko"]
    assert (budi.state, budi.lesson, budi.step, budi.steps_done, budi.lesson_steps_done, budi.lessons_done) == \
        ("moving", "second", "login", 4, (3, 1), 1)
    assert (siti.lesson, siti.step, siti.lesson_steps_done) == ("first", "login", (1, 1))
    # Finished only when every lesson of the room is.
    assert (dewi.state, dewi.step, dewi.lesson, dewi.lessons_done) == ("finished", "finished", None, 2)
    assert (eko.state, eko.step, eko.lesson) == ("waiting", None, None)
    data = board_data(["budi", "siti", "dewi", "eko"], summaries, SHOWN, 1010.0)
    funnel = {(entry["lesson"], entry["step"]): entry["learners"] for entry in data["funnel"]}
    assert list(funnel) == [(None, "waiting"), *(("first", s) for s in FIRST.steps),
                            *(("second", s) for s in SECOND.steps), (None, "finished")]
    assert funnel[("first", "login")] == 1 and funnel[("second", "login")] == 1 and funnel[(None, "finished")] == 1
    assert data["title"] == "First → Second"
    # The funnel as the views show it: a heading per lesson with how many are in it, the steps someone is on.
    assert funnel_rows(data, "en") == [(False, "Not started", 1), (True, "1 · First", 1),
                                       (False, "Login in First", 1), (True, "2 · Second", 1),
                                       (False, "Login in Second", 1), (False, "Finished", 1)]
    assert funnel_rows(data, "id")[0] == (False, "Belum mulai", 1)
    assert where_text(data["learners"][0], data) == "2/2 · Login in Second"  # budi


def test_common_mistakes_name_their_lesson_and_a_step_id_of_two_lessons_is_two_places():
    events = [ev("budi", "error", "login", "first", category="denied"),
              ev("siti", "error", "login", "first", category="denied"),
              ev("dewi", "error", "login", "second", category="denied")]
    errors = [e.as_dict() for e in common_errors(summarize(events))]
    assert errors == [{"lesson": "first", "step": "login", "category": "denied", "learners": 2},
                      {"lesson": "second", "step": "login", "category": "denied", "learners": 1}]
    data = board_data([], summarize(events), SHOWN, 1010.0)
    assert mistake_text(errors[1], data, "en") == "denied · Second: Login in Second"
    # A room of one lesson says it as before: the mistake and the step.
    one = board_data([], summarize(events), SHOWN[:1], 1010.0)
    assert mistake_text(errors[0], one, "id") == "denied · Login in First"


def test_an_older_room_json_and_joined_json_naming_one_lesson_still_load(tmp_path, monkeypatch):
    from tutor.classroom.learner import JoinedRoom, joined_dir
    from tutor.classroom.room import RoomConfig

    (tmp_path / "room.json").write_text(json.dumps({
        "directory": str(tmp_path), "host": "127.0.0.1", "registry": "127.0.0.1:5443", "service_port": 4000,
        "instructor_key": "k", "lesson": "image-tags", "stuck_minutes": 5.0, "view_key": "v"}))
    room = RoomConfig.load(tmp_path)
    assert room.lessons == ("image-tags",) and room.lesson == "image-tags"
    assert room.public()["lessons"] == ["image-tags"] and room.public()["lesson"] == "image-tags"
    room.save()
    assert RoomConfig.load(tmp_path) == room
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    joined_dir().mkdir(parents=True)
    (joined_dir() / "joined.json").write_text(json.dumps(
        {"service": "https://h:1", "registry": "h:2", "user": "budi", "ca": "/ca.crt", "lesson": "docker-push"}))
    assert JoinedRoom.load().lessons == ("docker-push",)
    (joined_dir() / "joined.json").write_text(json.dumps(
        {"service": "https://h:1", "registry": "h:2", "user": "budi", "ca": "/ca.crt", "lessons": "docker-push"}))
    assert JoinedRoom.load() is None  # not this shape: as if not joined


# What a room names, as the three readers meet it -> the room's lessons. "" names no lesson, like null or nothing.
NAMED = [({"lesson": ""}, ("docker-push",)), ({"lesson": None}, ("docker-push",)), ({}, ("docker-push",)),
         ({"lessons": [""], "lesson": "image-tags"}, ("docker-push",)),
         ({"lessons": ["", "image-tags", ""]}, ("image-tags",)), ({"lesson": "image-tags"}, ("image-tags",)),
         ({"lessons": ["image-tags", "access-tokens"], "lesson": "image-tags"}, ("image-tags", "access-tokens"))]


@pytest.mark.parametrize(("named", "lessons"), NAMED)
def test_the_instructor_s_room_the_learner_s_joined_room_and_the_service_s_answer_read_lessons_alike(
        tmp_path, monkeypatch, named, lessons):
    """Review finding: the old `lesson` -> `lessons` reading was written three times and the copies differed on
    "" (a room of the lesson "" for room.json and joined.json, the default lesson for the /api/room answer)."""
    from tutor.classroom.joined import JoinedRoom, joined_dir
    from tutor.classroom.named_lessons import named_lessons
    from tutor.classroom.room import RoomConfig

    (tmp_path / "room.json").write_text(json.dumps({
        "directory": str(tmp_path), "host": "127.0.0.1", "registry": "127.0.0.1:5443", "service_port": 4000,
        "instructor_key": "k", "stuck_minutes": 5.0, "view_key": "v", **named}))
    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    joined_dir().mkdir(parents=True)
    (joined_dir() / "joined.json").write_text(json.dumps(
        {"service": "https://h:1", "registry": "h:2", "user": "budi", "ca": "/ca.crt", **named}))
    answer = {"registry": "127.0.0.1:5443", "service": "https://h:1", **named}  # /api/room, as `tutor join` reads it
    assert RoomConfig.load(tmp_path).lessons == JoinedRoom.load().lessons == named_lessons(answer) == lessons


def test_an_older_classroom_db_gains_the_lesson_column_its_events_the_room_s_first_lesson(tmp_path):
    path = tmp_path / "classroom.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE events (id TEXT PRIMARY KEY, learner TEXT NOT NULL, kind TEXT NOT NULL, step TEXT,
          category TEXT, digest TEXT, at REAL NOT NULL, received REAL NOT NULL);
        CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, at REAL NOT NULL);
        INSERT INTO events VALUES ('budi:1', 'budi', 'step_passed', 'registry', NULL, NULL, 1000.0, 1000.0);""")
    db.commit()
    db.close()
    store = Store(path, lesson_of_older_events="first")
    try:
        assert store.summaries()["budi"].lessons["first"].done == ["registry"]
        assert store.add_events([ev("budi", "step_passed", "why", "second")]) == 1
        assert store.summaries()["budi"].lessons["second"].done == ["why"]
        # and the platform column: a newer tutor's platform is kept, the older rows stay without one
        newer = Event("budi:p", "budi", "started", None, None, None, 1004.0, "second", "macos")
        assert store.add_events([newer]) == 1 and store.summaries()["budi"].platform == [1004.0, "macos"]
    finally:
        store.close()
    store = Store(path, lesson_of_older_events="first")  # and again, from the file
    try:
        assert set(store.summaries()["budi"].lessons) == {"first", "second"}
        assert store.summaries()["budi"].platform == [1004.0, "macos"]
    finally:
        store.close()


def test_the_outbox_sends_the_lesson_each_event_happened_in(tmp_path, monkeypatch):
    from tutor.classroom.learner import EventOutbox, JoinedRoom
    from tutor.classroom.reporting import RoomReporter
    from tutor.live.events import StepPassed

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path))
    outbox = EventOutbox(JoinedRoom("https://127.0.0.1:9", "h:1", "budi", "/ca.crt", ("first", "second")),
                         lambda: None)
    RoomReporter(outbox, "second").seen(StepPassed("why", None), "why")
    assert [(e["kind"], e["step"], e["lesson"]) for e in outbox.pending()] == [("step_passed", "why", "second")]


# --- a learner goes on through the room's lessons ---------------------------------------------------------------

def test_the_room_s_next_lesson_is_the_one_in_progress_else_the_first_not_done():
    from tutor.app.course import room_lesson_to_go_on_with
    from tutor.progress_view import SavedView

    def saved(current=None, finished=None):
        return SavedView(lesson="-", current=current, done=(), finished=finished, completions=())

    lessons = ("docker-push", "image-tags", "access-tokens")
    assert room_lesson_to_go_on_with(lessons, {}) == "docker-push"
    assert room_lesson_to_go_on_with(lessons, {"docker-push": saved(finished=1.0)}) == "image-tags"
    assert room_lesson_to_go_on_with(lessons, {"docker-push": saved(finished=1.0),
                                               "access-tokens": saved(current="login-read")}) == "access-tokens"
    assert room_lesson_to_go_on_with(lessons, {"docker-push": saved(current="push")}, finished="docker-push") == \
        "image-tags"
    assert room_lesson_to_go_on_with(lessons, {name: saved(finished=1.0) for name in lessons}) is None


@pytest.mark.engine
def test_a_joined_learner_s_tutor_start_goes_on_with_the_room_s_next_lesson(tmp_path, docker_client, monkeypatch):
    """The real command: a learner who joined a room of docker-push then access-tokens, and finished
    docker-push, types `tutor start` alone: the tutor goes on with access-tokens (not the course's image-tags),
    up to where it needs a terminal."""
    from tutor import progress

    home = tmp_path / "home"
    env = {**os.environ, "TUTOR_HOME": str(home), "COLUMNS": "200"}
    (home / "room").mkdir(parents=True)
    (home / "room" / "joined.json").write_text(json.dumps(
        {"service": "https://127.0.0.1:9", "registry": "127.0.0.1:9", "user": "budi", "ca": str(tmp_path / "ca"),
         "lessons": ["docker-push", "access-tokens"]}))
    monkeypatch.setenv("TUTOR_HOME", str(home))
    progress.save(progress.LessonProgress("docker-push", None, ("registry",), finished=1_700_000_000.0,
                                          registry="127.0.0.1:9", user="budi"))
    started = subprocess.run([sys.executable, "-m", "tutor", "start", "--lang", "en"], env=env, capture_output=True,
                             text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Going on with the course: access-tokens." in started.stdout, started.stdout + started.stderr
    assert "Traceback" not in started.stderr


def test_tutor_start_loads_no_cryptography_only_join_does():
    """Review finding: tutor/app/start.py imports the learner's side of a classroom (the outbox), which imported
    tls and pinned at the top, and tls loads cryptography (~45 ms of every `tutor start`). Only `tutor join` needs
    them."""
    code = "import sys, tutor.app.start; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "tutor.classroom.learner" in loaded  # what start imports for a room's outbox: the path is the one measured
    assert not {name for name in loaded if name.split(".")[0] == "cryptography" or name == "tutor.classroom.tls"}


def test_the_classroom_fills_a_learner_s_values_without_the_service_s_docker_config(tmp_path, monkeypatch):
    """Review finding: lesson_values read DOCKER_CONFIG from the process's environment, so in the classroom
    service (the board's step titles, the export's images) the instructor's service environment stood in for
    each learner's computer. Now only the learner's own tutor passes its DOCKER_CONFIG."""
    import shutil

    from tutor.classroom.board import lesson_info
    from tutor.lesson.loader import load_lesson
    from tutor.lesson.values import lesson_values

    # docker-push, its login step titled with the file Docker keeps logins in (the shipped title does not say it)
    folder = tmp_path / "docker-push"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "lessons", "docker-push"), folder)
    for lang, title in (("en", "Log in to the registry"), ("id", "Login ke registry")):
        text = (folder / f"{lang}.md").read_text()
        assert f"## {title} {{#login}}" in text
        (folder / f"{lang}.md").write_text(text.replace(f"## {title} {{#login}}",
                                                        f"## {title}: `{{{{ docker_config_file }}}}` {{#login}}"))
    lesson = load_lesson(folder)

    def classroom() -> tuple[str, str]:
        """The board's title of the login step, and the values the export fills for a learner (verify.py)."""
        title = lesson_info(lesson, "127.0.0.1:5443", "en", "<name>")["step_titles"]["login"]
        return title, lesson_values(lesson, "127.0.0.1:5443", "budi")["docker_config_file"]

    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    before = classroom()
    assert before == ("Log in to the registry: ~/.docker/config.json", "~/.docker/config.json")
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "service-docker"))
    assert classroom() == before


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_lesson_folder_cannot_be_a_room_s_lesson(tmp_path, monkeypatch, lang):
    """A learner's tutor loads the room's lessons by id from its own copy of the tutor: it cannot read a folder
    on the instructor's computer. `up` started such a room (the service found the folder by its id only when it
    ran in the folder's parent) and each learner's `tutor start` then failed; a copy that kept a shipped id ran
    the shipped lesson instead of the folder's. Refused before anything starts, in the instructor's language."""
    import shutil

    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "lessons", "docker-push"), tmp_path / "my-lesson")
    manifest = tmp_path / "my-lesson" / "lesson.yaml"
    renamed = tmp_path / "renamed"
    shutil.copytree(tmp_path / "my-lesson", renamed)
    (renamed / "lesson.yaml").write_text(manifest.read_text().replace("id: docker-push", "id: renamed"))
    env = {**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "TUTOR_PRACTICE_LAUNCH": "binary", "COLUMNS": "200"}
    sentence = {"en": "Only lessons shipped with the tutor can be a room's",
                "id": "Hanya pelajaran bawaan tutor yang bisa dipakai di ruangan kelas"}[lang]
    for named in ("./my-lesson", "./renamed", str(renamed), "docker-push,./renamed"):
        refused = subprocess.run([sys.executable, "-m", "tutor", "classroom", "up", "--listen", "127.0.0.1",
                                  "--count", "1", "--lesson", named, "--lang", lang], env=env, cwd=tmp_path,
                                 capture_output=True, text=True, timeout=120)
        assert refused.returncode == 1 and sentence in " ".join(refused.stderr.split()), refused.stdout + refused.stderr
        assert "Traceback" not in refused.stderr
        assert not (tmp_path / "home" / "classroom" / "room.json").exists()  # nothing was set up
    # A shipped id names the shipped lesson, even where a folder of that name is at hand.
    from tutor.classroom.room import shipped_lesson
    from tutor.lesson.catalog import bundled_root

    monkeypatch.chdir(tmp_path)
    (tmp_path / "docker-push").symlink_to(renamed)
    assert shipped_lesson("docker-push").directory == bundled_root() / "docker-push"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_lesson_folder_kept_in_an_older_room_json_is_refused_at_up_too(tmp_path, lang):
    """Review finding: `up` without --lesson keeps the room's lessons from its room.json, and kept them unchecked,
    so an older tutor's room.json naming a folder started a room whose service and learners could not load it.
    The kept lessons get --lesson's check: one sentence at `up`, nothing started, room.json as it was."""
    import shutil

    folder = tmp_path / "my-lesson"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "lessons", "docker-push"), folder)
    home = tmp_path / "home"
    (home / "classroom").mkdir(parents=True, mode=0o700)
    room_json = home / "classroom" / "room.json"
    room_json.write_text(json.dumps({  # as an older tutor wrote it: one `lesson`, here a folder
        "directory": str(home / "classroom"), "host": "127.0.0.1", "registry": "127.0.0.1:5443", "service_port": 0,
        "instructor_key": "k", "lesson": str(folder), "stuck_minutes": 5.0, "view_key": "v"}))
    before = room_json.read_text()
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_PRACTICE_LAUNCH": "binary", "COLUMNS": "200"}
    # The sentence says the name is room.json's: the instructor did not type it this time.
    sentence = {"en": f"The room here (room.json) runs {folder}, which is not a lesson shipped with this tutor",
                "id": f"Ruangan di sini (room.json) menjalankan {folder}, yang bukan pelajaran bawaan tutor ini"}[lang]

    def tutor(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tutor", *args, "--lang", lang], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    try:
        refused = tutor("classroom", "up", "--listen", "127.0.0.1", "--count", "1")
        assert refused.returncode == 1 and sentence in " ".join(refused.stderr.split()), refused.stdout + refused.stderr
        assert "Traceback" not in refused.stderr
        assert room_json.read_text() == before
        assert not (home / "classroom" / "service.pid").exists()  # no service was started
    finally:
        tutor("classroom", "down")


def _room_json_of_an_older_up(home, lessons: list[str]):
    """room.json as an earlier `classroom up` left it, naming `lessons`."""
    (home / "classroom").mkdir(parents=True, mode=0o700)
    room_json = home / "classroom" / "room.json"
    room_json.write_text(json.dumps({
        "directory": str(home / "classroom"), "host": "127.0.0.1", "registry": "127.0.0.1:5443", "service_port": 0,
        "instructor_key": "k", "lessons": lessons, "stuck_minutes": 5.0, "view_key": "v"}))
    return room_json


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("kept", ["gone-folder", "retired-lesson"])
def test_a_kept_lesson_this_tutor_does_not_ship_is_said_as_the_room_s(tutor, tmp_path, monkeypatch, lang, kept):
    """Review finding: `up` without --lesson keeps room.json's lessons; one naming a folder since deleted, or an id
    this tutor no longer ships, was refused with lesson.not_found, whose sentence advised giving a lesson folder
    as a path: a name the instructor never typed, and advice a room refuses. Now one sentence that says the name
    comes from room.json, names the shipped lessons and what to do; nothing started, room.json as it was."""
    from tutor.lesson.catalog import list_lessons

    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    name = str(tmp_path / "my-lesson") if kept == "gone-folder" else "docker-push-2019"  # neither exists here
    home = tmp_path / "tutor-home"  # the `tutor` fixture's TUTOR_HOME
    room_json = _room_json_of_an_older_up(home, ["docker-push", name])
    before = room_json.read_text()
    shipped = ", ".join(directory.name for directory in list_lessons())
    sentence = {"en": f"✗ The room here (room.json) runs {name}, which is not a lesson shipped with this tutor "
                      f"({shipped}): choose the room's lessons with `tutor classroom up --lesson ID[,ID]` or "
                      "`--course`.",
                "id": f"✗ Ruangan di sini (room.json) menjalankan {name}, yang bukan pelajaran bawaan tutor ini "
                      f"({shipped}): pilih pelajaran ruangan dengan `tutor classroom up --lesson ID[,ID]` atau "
                      "`--course`."}[lang]
    try:
        refused = tutor("classroom", "up", "--listen", "127.0.0.1", "--count", "1", "--lang", lang)
        assert refused.exit_code == 1 and " ".join(refused.stderr.split()) == sentence, refused.stderr
        assert room_json.read_text() == before
        assert not (home / "classroom" / "service.pid").exists()  # no service was started
    finally:
        tutor("classroom", "down")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_unknown_lesson_for_a_room_names_the_shipped_ones_and_no_path(tutor, tmp_path, lang):
    """Review finding: `classroom up --lesson NAME` for a name that is no lesson at all said lesson.not_found,
    which advises giving a lesson folder as a path, which a room refuses (only shipped lessons can be a room's)."""
    from tutor.lesson.catalog import list_lessons

    shipped = ", ".join(directory.name for directory in list_lessons())
    sentence = {"en": f"✗ No lesson called 'dokcer-push' ships with this tutor, and a room runs shipped lessons "
                      f"only: {shipped}.",
                "id": f"✗ Tidak ada pelajaran bernama 'dokcer-push' yang dibawa tutor ini, dan ruangan kelas hanya "
                      f"menjalankan pelajaran bawaan: {shipped}."}[lang]
    for named in ("dokcer-push", "docker-push,dokcer-push", str(tmp_path / "dokcer-push")):
        refused = tutor("classroom", "up", "--listen", "127.0.0.1", "--count", "1", "--lesson", named,
                        "--lang", lang)
        said = " ".join(refused.stderr.split())
        assert refused.exit_code == 3, refused.stderr  # ExitCode.LESSON: no such lesson
        assert said == sentence.replace("'dokcer-push'", f"'{named.split(',')[-1]}'"), said
        assert not (tmp_path / "tutor-home" / "classroom" / "room.json").exists()  # nothing was set up


def test_a_room_checks_its_lessons_without_loading_them(tutor, tmp_path, monkeypatch):
    """Review finding: every `classroom up` with a room.json (and every --lesson) loaded each of the room's
    lessons in full, 350-460 ms for four, only to take its id. The check is now a look for the shipped folder; a
    spy on load_lesson (the real loader otherwise) shows nothing is loaded, and the answers stay the same."""
    from tutor.classroom import room
    from tutor.lesson.catalog import bundled_ids

    loaded = []
    real_load = room.load_lesson
    monkeypatch.setattr(room, "load_lesson", lambda folder: loaded.append(folder) or real_load(folder))
    shipped = tuple(bundled_ids())
    assert room.shipped_lesson_ids([*shipped, shipped[0]]) == shipped  # a name given twice counts once
    assert room.kept_lesson_ids(shipped) == shipped
    assert loaded == []
    assert room.shipped_lesson(shipped[0]).id == shipped[0] and len(loaded) == 1  # where a lesson is used: loaded
