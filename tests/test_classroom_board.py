"""Issue 16: the board the room sees on the projector, and the handout printed for it. A real room of 40 on
127.0.0.1 (registry, token service, classroom service), learners in mixed states made by events posted through
the real service, the page rendered by headless Chromium at 1920x1080 and its pixels counted; the handout's
cards printed to PDF by the same browser and read back with poppler. The screenshots are kept: the tests print
where (under the pytest tmp dir, copied to ARTEFACTS)."""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from pathlib import Path

import pytest
import requests
from realdocker import REGISTRY_BINARY, free_port

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
LISTEN = "127.0.0.1"
CHROMIUM = shutil.which("chromium")
ARTEFACTS = Path(tempfile.gettempdir()) / "tutor-test-artefacts"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing (apt: poppler-utils)")


def tutor_cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tutor", *args], env=env, capture_output=True, text=True,
                          timeout=180)


def event(kind: str, step: str | None = None, at: float | None = None, **extra) -> dict:
    return {"id": uuid.uuid4().hex, "kind": kind, "step": step, "at": time.time() if at is None else at, **extra}


def room_up(tmp_path_factory, *options: str):
    """A room of its own (its own TUTOR_HOME) made by `classroom up OPTIONS`; taken down when done."""
    home = tmp_path_factory.mktemp("instructor")
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_PRACTICE_LAUNCH": "binary", "COLUMNS": "250"}
    up = tutor_cli(env, "classroom", "up", "--listen", LISTEN, "--port", str(free_port()), *options)
    assert up.returncode == 0, up.stdout + up.stderr
    directory = home / "classroom"
    config = json.loads((directory / "room.json").read_text())
    with open(directory / "handout.csv", newline="") as handle:
        handout = {row["username"]: row for row in csv.DictReader(handle)}
    info = {"env": env, "dir": directory, "config": config, "handout": handout, "up_output": up.stdout,
            "service": f"https://{LISTEN}:{config['service_port']}", "ca": str(directory / "ca.crt")}
    yield info
    tutor_cli(env, "classroom", "down", "--purge")


@pytest.fixture(scope="module")
def room(tmp_path_factory, docker_client):
    yield from room_up(tmp_path_factory, "--count", "40", "--stuck-minutes", "5")


def post(room, user: str, events: list) -> None:
    answer = requests.post(f"{room['service']}/api/events", json=events, verify=room["ca"], timeout=30,
                           auth=(user, room["handout"][user]["password"]))
    assert answer.status_code == 200, answer.text


STEPS = ("registry", "image", "login", "tag", "images", "push", "find", "other-registries")


@pytest.fixture(scope="module")
def mixed_room(room):
    """40 learners: 5 not started, 10 finished, 17 moving, 8 stuck (4 by the same mistake three times, 4 by no
    progress for 20 minutes, longer than --stuck-minutes 5). Returns each learner's (state, steps done)."""
    names = sorted(room["handout"])
    expected: dict[str, tuple[str, int]] = {}
    long_ago = time.time() - 20 * 60
    for n, name in enumerate(names):
        if n < 5:
            expected[name] = ("waiting", 0)
            continue
        if n < 15:
            post(room, name, [event("started")] + [event("step_passed", s) for s in STEPS] + [event("finished")])
            expected[name] = ("finished", len(STEPS))
        elif n < 32:
            done = n % len(STEPS)
            post(room, name, [event("started")] + [event("step_passed", s) for s in STEPS[:done]])
            expected[name] = ("moving", done)
        elif n < 36:
            done = 3
            post(room, name, [event("started")] + [event("step_passed", s) for s in STEPS[:done]] +
                 [event("error", STEPS[done], category="denied") for _ in range(3)])
            expected[name] = ("stuck", done)
        else:
            done = n % 4 + 1
            post(room, name, [event("started", at=long_ago)] +
                 [event("step_passed", s, at=long_ago + k) for k, s in enumerate(STEPS[:done])])
            expected[name] = ("stuck", done)
    key = room["config"]["instructor_key"]
    said = requests.post(f"{room['service']}/api/say", json={"text": "Istirahat 10 menit, kembali jam 10:15"},
                         headers={"Authorization": f"Bearer {key}"}, verify=room["ca"], timeout=10)
    assert said.status_code == 200
    return expected


def board_json(room, lang: str = "en") -> dict:
    answer = requests.get(f"{room['service']}/api/board", params={"lang": lang}, verify=room["ca"], timeout=10,
                          headers={"Authorization": f"Bearer {room['config']['instructor_key']}"})
    assert answer.status_code == 200
    return answer.json()


def test_the_board_knows_each_learner_s_state_and_where_the_room_is(room, mixed_room):
    data = board_json(room)
    states = {row["learner"]: (row["state"], row["steps_done"]) for row in data["learners"]}
    assert states == mixed_room
    funnel = {entry["step"]: entry["learners"] for entry in data["funnel"]}
    assert list(funnel) == ["waiting", *STEPS, "finished"]  # the lesson's steps, in its order
    assert funnel["waiting"] == 5 and funnel["finished"] == 10 and sum(funnel.values()) == 40
    assert funnel["tag"] == sum(1 for state, done in mixed_room.values() if state in ("moving", "stuck") and done == 3)
    assert data["common_errors"] == [{"lesson": "docker-push", "step": "tag", "category": "denied", "learners": 4}]
    assert data["last_say"]["text"] == "Istirahat 10 menit, kembali jam 10:15"
    assert 0 <= time.time() - data["started_at"] < 600
    assert data["lessons"][0]["step_titles"]["push"] == "Upload with docker push"
    assert board_json(room, "id")["lessons"][0]["step_titles"]["push"] == "Upload dengan docker push"


def spki_hash(certificate: Path) -> str:
    """What Chromium's --ignore-certificate-errors-spki-list takes: this one server key is trusted, no other."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(certificate.read_bytes())
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


@pytest.fixture
def chromium():
    """Headless Chromium, one run per call with the given profile folder. A test that uses it is `slow`
    (tests/conftest.py): a browser start is seconds."""
    if not CHROMIUM:
        pytest.skip("chromium missing (apt: chromium)")

    def run(profile: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--hide-scrollbars", "--force-device-scale-factor=1", *args],
            capture_output=True, text=True, timeout=180)

    return run


def keep(artefact: Path) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    kept = ARTEFACTS / artefact.name
    shutil.copyfile(artefact, kept)
    print(f"\nartefact: {artefact} (copy: {kept})")
    return kept


def segments(image, colour: tuple[int, int, int], tolerance: int = 6) -> list[int]:
    """The sizes (in pixels) of the separate blocks of `colour` in the image: one per bar segment drawn in it."""
    from PIL import ImageChops

    # Which pixels are of the colour: one lookup table per band, applied by PIL (a Python loop over the 2 million
    # pixels of a 1920x1080 screenshot took ~6 s of CPU for each colour).
    bands = [band.point([255 if abs(value - wanted) <= tolerance else 0 for value in range(256)])
             for band, wanted in zip(image.split(), colour, strict=True)]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2]).tobytes()
    width = image.size[0]
    found = {divmod(index, width)[::-1] for run in re.finditer(rb"\xff+", mask)
             for index in range(run.start(), run.end())}
    sizes = []
    while found:
        queue = deque([found.pop()])
        size = 0
        while queue:
            x, y = queue.popleft()
            size += 1
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if near in found:
                    found.remove(near)
                    queue.append(near)
        sizes.append(size)
    return sizes


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def expected_segments(states: dict[str, tuple[str, int]]) -> dict[str, int]:
    done = {state: sum(d for s, d in states.values() if s == state) for state in ("moving", "stuck", "finished")}
    done["empty"] = len(states) * len(STEPS) - sum(done.values())
    return done


def count_bars(image, smallest: int = 300) -> dict[str, int]:
    """Segments per colour, counting only blocks of a segment's size (letters never match these colours; a
    block half the size would be a bar cut off by the edge of the screen, and is not counted). `smallest`: a
    course's bar has four times the segments, each a quarter of the size."""
    from tutor.classroom.board_page import COLOURS, EMPTY_SEGMENT

    counted = {}
    for name, colour in {**COLOURS, "empty": EMPTY_SEGMENT}.items():
        sizes = segments(image, hex_rgb(colour))
        counted[name] = len([s for s in sizes if s > smallest])
    return counted


def test_the_projector_page_at_1920x1080_shows_every_bar_in_its_state_s_colour(chromium, room, mixed_room, tmp_path):
    """The picture of the room: all 40 learners on one screen, each bar with one segment per step, the done ones
    in the colour of the learner's state; counted segment by segment in the browser's own screenshot."""
    from PIL import Image

    shot = tmp_path / "board-40-learners.png"
    url = f"{room['service']}/board?view={room['config']['view_key']}"
    pinned = f"--ignore-certificate-errors-spki-list={spki_hash(room['dir'] / 'server.crt')}"
    done = chromium(tmp_path / "profile", pinned, "--window-size=1920,1080", f"--screenshot={shot}", url)
    assert shot.exists(), done.stderr[-2000:]
    keep(shot)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1920, 1080)
    assert count_bars(image) == expected_segments(mixed_room)
    # Indonesian, the same picture.
    shot_id = tmp_path / "board-40-learners-id.png"
    chromium(tmp_path / "profile-id", pinned, "--window-size=1920,1080", f"--screenshot={shot_id}", url + "&lang=id")
    keep(shot_id)
    assert count_bars(Image.open(shot_id).convert("RGB")) == expected_segments(mixed_room)


def test_the_projector_page_holds_the_funnel_the_stuck_the_mistakes_and_the_message(room, mixed_room):
    view = room["config"]["view_key"]
    page = requests.get(f"{room['service']}/board", params={"view": view, "lang": "id"}, verify=room["ca"], timeout=10)
    assert page.status_code == 200
    text = page.text
    assert text.count('<div class="card ') == 40
    for name, (state, _) in mixed_room.items():
        assert f'<div class="card s-{state}"><div class="top"><span class="name">{name}</span>' in text
    assert "10 selesai · 17 berjalan · 8 macet · 5 belum mulai" in text
    assert "<h2>Macet: 8</h2>" in text and "<h2>Posisi peserta</h2>" in text
    assert "<li>denied · Beri nama baru: &lt;nama&gt;/fastapi-app: <b>4</b></li>" in text
    # The room started when the module's fixture made it: minutes, however long the machine took to get here.
    assert "Istirahat 10 menit, kembali jam 10:15" in text and re.search(r"dimulai \d+ menit lalu", text)
    assert "<script" not in text and "style=" not in text  # the CSP allows neither
    printed = tutor_cli({**room["env"], "COLUMNS": "250"}, "classroom", "board", "--once")
    assert printed.returncode == 0, printed.stderr
    flat = " ".join(printed.stdout.split())
    assert "10 finished · 17 moving · 8 stuck · 5 not started" in flat
    assert "Common mistakes: denied · A new name: <name>/fastapi-app: 4" in flat
    assert re.search(r"Last message \(\d+ min ago\): Istirahat 10 menit, kembali jam 10:15", flat)
    assert "Where the room is" in flat and "Stuck: " in flat
    assert all(name in printed.stdout for name in mixed_room)


# --- a room that runs the whole course (issue 15) -----------------------------------------------------------

@pytest.fixture(scope="module")
def course_room(tmp_path_factory, docker_client):
    """A second room, running the whole course: `classroom up --course`, 12 learners."""
    yield from room_up(tmp_path_factory, "--count", "12", "--course")


def in_lesson(lesson: str, kind: str, step: str | None = None, **extra) -> dict:
    """An event of a learner's tutor on Linux (TUTOR_PLATFORM or the computer's): the course's credential-helper
    has steps per platform, and the tutor names its platform with every event."""
    return event(kind, step, lesson=lesson, platform="linux", **extra)


def lesson_done(lesson: str, steps: list[str]) -> list[dict]:
    return [in_lesson(lesson, "started", steps[0])] + [in_lesson(lesson, "step_passed", s) for s in steps] + \
        [in_lesson(lesson, "finished")]


@pytest.fixture(scope="module")
def course_mixed(course_room):
    """12 learners spread over the course's four lessons: 2 not started, 2 finished every lesson, 6 moving (two
    in each of the first three lessons), 2 stuck in the third (the same mistake three times). Returns each
    learner's (state, steps done in each lesson) and the course's lessons with their steps on Linux."""
    course = course_room["config"]["lessons"]
    steps = {lesson["id"]: lesson.get("platform_steps", {}).get("linux", lesson["steps"])
             for lesson in board_json(course_room)["lessons"]}
    names = sorted(course_room["handout"])
    expected: dict[str, tuple[str, list[int]]] = {}
    for n, name in enumerate(names):
        if n < 2:
            expected[name] = ("waiting", [0] * len(course))
            continue
        if n < 4:
            post(course_room, name, [e for lesson in course for e in lesson_done(lesson, steps[lesson])])
            expected[name] = ("finished", [len(steps[lesson]) for lesson in course])
            continue
        at = (n - 4) // 2 if n < 10 else 2  # the lesson they are in
        partly = 2 if n >= 10 else 1 + n % 3  # the two stuck at the same step
        events = [e for lesson in course[:at] for e in lesson_done(lesson, steps[lesson])]
        events += [in_lesson(course[at], "started", steps[course[at]][0])]
        events += [in_lesson(course[at], "step_passed", s) for s in steps[course[at]][:partly]]
        if n >= 10:
            events += [in_lesson(course[at], "error", steps[course[at]][partly], category="denied") for _ in range(3)]
        post(course_room, name, events)
        done = [len(steps[lesson]) for lesson in course[:at]] + [partly] + [0] * (len(course) - at - 1)
        expected[name] = ("stuck" if n >= 10 else "moving", done)
    return expected, course, steps


def test_a_course_room_s_board_follows_each_learner_through_the_lessons(course_room, course_mixed):
    expected, course, steps = course_mixed
    assert len(course) >= 2 and "--course" not in course  # the course's lessons, in its order
    data = board_json(course_room)
    assert [lesson["id"] for lesson in data["lessons"]] == course
    rows = {row["learner"]: row for row in data["learners"]}
    assert {name: (row["state"], row["lesson_steps_done"]) for name, row in rows.items()} == expected
    learner = sorted(expected)[8]  # moving in the course's third lesson
    assert rows[learner]["lesson"] == course[2] and rows[learner]["lessons_done"] == 2
    funnel = {(entry["lesson"], entry["step"]): entry["learners"] for entry in data["funnel"]}
    assert funnel[(None, "waiting")] == 2 and funnel[(None, "finished")] == 2 and sum(funnel.values()) == 12
    assert len(funnel) == 2 + sum(len(info["steps"]) for info in data["lessons"])  # every step of every lesson
    assert sum(len(info["steps"]) for info in data["lessons"]) > sum(len(steps[lesson]) for lesson in course)
    assert data["common_errors"][0]["lesson"] == course[2] and data["common_errors"][0]["learners"] == 2
    # An event of a lesson the room does not run is refused; one without a lesson (an older tutor) is the first's.
    name = sorted(expected)[0]
    refused = requests.post(f"{course_room['service']}/api/events", verify=course_room["ca"], timeout=10,
                            json=[in_lesson("no-such-lesson", "started")],
                            auth=(name, course_room["handout"][name]["password"]))
    assert refused.status_code == 422
    # The page: a heading per lesson in the funnel, the mistake with its lesson, both languages.
    page = requests.get(f"{course_room['service']}/board", verify=course_room["ca"], timeout=10,
                        params={"view": course_room["config"]["view_key"], "lang": "id"}).text
    third, ketiga = data["lessons"][2], board_json(course_room, "id")["lessons"][2]
    assert f'<span class="label">3 · {ketiga["short"]}</span><span class="n">4</span>' in page
    assert f"denied · {ketiga['short']}: " in page and "Belum mulai" in page
    printed = tutor_cli(course_room["env"], "classroom", "board", "--once")
    assert printed.returncode == 0, printed.stderr
    flat = " ".join(printed.stdout.split())
    assert f"3 · {third['short']} 4" in flat and f"Common mistakes: denied · {third['short']}: " in flat
    assert "2 finished · 6 moving · 2 stuck · 2 not started" in flat
    # The export: one entry per learner per lesson, reported steps kept apart from what a registry confirms.
    export = tutor_cli(course_room["env"], "classroom", "export")
    assert export.returncode == 0, export.stderr
    entries = json.loads(export.stdout)["learners"]
    assert [(e["learner"], e["lesson"]) for e in entries] == \
        [(name, lesson) for name in sorted(expected) for lesson in course]
    finished = [e for e in entries if e["learner"] == sorted(expected)[2]]
    assert all(e["steps_reported"] == steps[e["lesson"]] for e in finished)
    # Nothing was pushed: each step that looks in a registry is reported, not found there.
    assert all(not e["image_verified"] and not e["steps_confirmed_by_registry"] for e in entries)
    assert any(e["steps_not_found_in_registry"] for e in finished)
    as_csv = tutor_cli(course_room["env"], "classroom", "export", "--csv").stdout.splitlines()
    assert as_csv[0].startswith("learner,lesson,") and len(as_csv) == 1 + 12 * len(course)


def test_a_course_room_at_1920x1080_shows_each_bar_across_the_lessons_in_its_state_s_colour(
        chromium, course_room, course_mixed, tmp_path):
    """The course's bars (one segment per step of every lesson) counted in the browser's screenshot, with
    learners in different lessons; in both languages."""
    from PIL import Image

    expected, course, steps = course_mixed
    # A bar has a segment per step the learner gets: Linux's, for those whose tutor has reported (as Linux); for
    # those not started (no platform known yet) the steps every platform shares.
    shared = sum(len([step for step in info["steps"] if all(step in mine for mine in info["platform_steps"].values())])
                 for info in board_json(course_room)["lessons"])
    total = sum(len(steps[lesson]) for lesson in course)
    done = {state: sum(sum(d) for s, d in expected.values() if s == state) for state in ("moving", "stuck", "finished")}
    waiting = sum(1 for s, _ in expected.values() if s == "waiting")
    done["empty"] = (len(expected) - waiting) * total + waiting * shared - sum(done.values())
    pinned = f"--ignore-certificate-errors-spki-list={spki_hash(course_room['dir'] / 'server.crt')}"
    url = f"{course_room['service']}/board?view={course_room['config']['view_key']}"
    for lang in ("en", "id"):
        shot = tmp_path / f"board-course-{lang}.png"
        ran = chromium(tmp_path / f"profile-{lang}", pinned, "--window-size=1920,1080", f"--screenshot={shot}",
                       f"{url}&lang={lang}")
        assert shot.exists(), ran.stderr[-2000:]
        keep(shot)
        assert count_bars(Image.open(shot).convert("RGB"), smallest=60) == done, lang


def room_of(count: int) -> dict:
    """Board data for `count` learners as the service makes it, without a service (for the paging)."""
    from tutor.classroom.board import board_data, lesson_info, summarize
    from tutor.classroom.store import Event
    from tutor.lesson.loader import load_named

    lesson = load_named("docker-push")
    now = time.time()
    events = []
    for n in range(count):
        name = f"learner{n:03d}"
        events.append(Event(f"{name}:s", name, "started", None, None, None, now - 60, "docker-push"))
        events += [Event(f"{name}:{s}", name, "step_passed", s, None, None, now - 30, "docker-push")
                   for s in STEPS[:n % 9]]
    return board_data([f"learner{n:03d}" for n in range(count)], summarize(events),
                      [lesson_info(lesson, "127.0.0.1:5443", "en", "<name>")], now, started_at=now - 60)


def test_a_room_of_200_is_shown_40_at_a_time_and_the_pages_take_turns_by_themselves():
    from tutor.classroom import board_page

    data = room_of(200)
    seen: list[str] = []
    start = 1_800_000_000.0  # the start of a page's turn
    for turn in range(5):
        now = start + turn * board_page.PAGE_SECONDS + 1
        page = board_page.render(data, "en", now)
        names = re.findall(r'<span class="name">(learner\d+)</span>', page)
        assert len(names) == 40 and f"page {turn + 1} of 5" in page
        # The page reloads itself when its turn ends (no script: a meta refresh, same URL).
        refresh = int(re.search(r'http-equiv="refresh" content="(\d+)"', page).group(1))
        assert 1 <= refresh <= board_page.PAGE_SECONDS - 1
        seen += names
    assert sorted(seen) == sorted(row["learner"] for row in data["learners"])  # each one, once
    assert board_page.render(data, "en", start + 5 * board_page.PAGE_SECONDS + 1).count("page 1 of 5") == 1


def test_a_page_of_a_room_of_200_at_1920x1080_shows_its_40_bars_whole(chromium, tmp_path):
    from PIL import Image

    from tutor.classroom import board_page

    data = room_of(200)
    now = 1_800_000_000.0 + 2 * board_page.PAGE_SECONDS + 1  # the third page
    (tmp_path / "board-200.html").write_text(board_page.render(data, "en", now))
    shot = tmp_path / "board-200-learners-page-3.png"
    chromium(tmp_path / "profile", "--window-size=1920,1080", f"--screenshot={shot}",
             (tmp_path / "board-200.html").as_uri())
    keep(shot)
    shown = {row["learner"]: (row["state"], row["steps_done"]) for row in data["learners"][80:120]}
    assert count_bars(Image.open(shot).convert("RGB")) == expected_segments(shown)


# --- the handout ---------------------------------------------------------------------------------------------

@needs_poppler
def test_the_handout_prints_one_card_per_learner_with_cut_lines_in_both_languages(chromium, room, tmp_path):
    from PIL import Image

    html_path = room["dir"] / "handout.html"
    assert oct(html_path.stat().st_mode & 0o777) == "0o600" and "handout.html" in room["up_output"]
    pdf = tmp_path / "handout.pdf"
    done = chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html_path.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    keep(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+5\b", info) and "A4" in info  # 40 cards, 8 to a sheet
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    squeezed = "".join(text.split())
    for name, row in room["handout"].items():
        assert name in text and row["password"] in text
        assert "".join(row["join"].split()) in squeezed  # the whole command, wrapped on the card
    for words in ("Nama pengguna", "Username", "Password sekali pakai", "One-time password",
                  "Ketik perintah ini", "Type this command", "tutor start docker-push"):
        assert text.count(words) >= 40, words
    pages = [text.split("\f")[n] for n in range(5)]
    assert [len(set(re.findall(r"learner\d\d", page))) for page in pages] == [8, 8, 8, 8, 8]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Mono" in fonts  # the password and the command in a monospace font
    # The cut lines: dashed lines between the cards, two columns and four rows of them on the first sheet.
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "sheet")],
                   check=True)
    sheet = Image.open(next(tmp_path.glob("sheet*.png"))).convert("L")
    keep(next(tmp_path.glob("sheet*.png")))
    width, height = sheet.size
    pixels = sheet.load()

    def dashed(values: list[int]) -> bool:
        """A dashed line: many marks and gaps, each of nearly one length and no hole in it (text is marks of
        every length, with spaces between words)."""
        marks, gaps, length, inked = [], [], 0, None
        for value in values:
            ink = value < 230
            if ink != inked and inked is not None:
                (marks if inked else gaps).append(length)
                length = 0
            inked, length = ink, length + 1
        if len(marks) < 20 or len(gaps) < 20:
            return False
        middle = sorted(marks)[len(marks) // 10:-len(marks) // 10], sorted(gaps)[len(gaps) // 10:-len(gaps) // 10]
        return all(part[-1] - part[0] <= 2 for part in middle) and max(gaps[1:-1]) <= 2 * middle[1][-1]

    columns = [x for x in range(width) if dashed([pixels[x, y] for y in range(height // 10, height * 9 // 10)])]
    rows = [y for y in range(height) if dashed([pixels[x, y] for x in range(width // 10, width * 9 // 10)])]
    assert len(cluster(columns)) == 3 and len(cluster(rows)) == 5, (cluster(columns), cluster(rows))


def cluster(positions: list[int]) -> list[int]:
    groups: list[list[int]] = []
    for p in positions:
        if groups and p - groups[-1][-1] <= 2:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [g[0] for g in groups]


def test_a_first_contact_with_a_handout_password_is_checked_by_the_fast_hash(room):
    """The join rush's fix, in the real room: the handout's passwords are stored under the room's keyed hash
    (none under bcrypt), and each verifies on the learner's very first request."""
    stored = json.loads((room["dir"] / "accounts.json").read_text())
    assert set(stored) == set(room["handout"]) and all(h.startswith("$tutor-hmac-sha256$") for h in stored.values())
    assert oct((room["dir"] / "accounts.key").stat().st_mode & 0o777) == "0o600"
    for name in list(room["handout"])[:3]:
        answer = requests.get(f"{room['service']}/api/messages", verify=room["ca"], timeout=10,
                              auth=(name, room["handout"][name]["password"]))
        assert answer.status_code == 200


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120])
def test_the_terminal_boards_caption_never_leaves_a_lone_figure(width):
    """QA finding 16: at 80 columns the caption wrapped as `... 0 finished · 1` / `moving · 0 stuck ...`."""
    import io
    import re
    import time

    from rich.console import Console

    from tutor.ui.classroom import board_view

    learner = {"learner": "learner01", "state": "moving", "stuck": False, "step": "login", "steps_done": 2,
               "seconds_on_step": 70, "hints": 1, "last_error": ""}
    data = {"lesson": "docker-push", "title": "Docker Push — uploading an image to a registry",
            "lessons": [{"id": "docker-push", "title": "Docker Push", "short": "Docker Push", "steps": ["s"] * 8,
                         "step_titles": {}}],
            "started_at": time.time() - 130, "learners": [learner], "funnel": [], "common_errors": []}
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None).print(board_view(data, "en"))
    caption = buffer.getvalue().split("┏")[0]
    assert "1 moving" in caption and "started 2 min ago" in caption
    assert not [line for line in caption.splitlines() if re.search(r"(^|\s)\d+\s*$", line)], caption
