"""CI runs the lesson tests of every shipped lesson, as a maintainer would: `tutor test LESSON --json` in its
own process, against the real engine and a throwaway practice registry, every language of the lesson. And
`tutor new` makes a lesson that validates and whose tests pass as made."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, fill_up
from realdocker import REGISTRY_BINARY

from tutor.lesson.catalog import list_lessons
from tutor.lesson.loader import load_lesson
from tutor.lesson.translations import recorded, source_language

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")

SHIPPED = [directory.name for directory in list_lessons()]


def tutor_cli(*args: str, home) -> subprocess.CompletedProcess:
    env = {**os.environ, "TUTOR_HOME": str(home / "tutor-home"), "HOME": str(home), "COLUMNS": "200"}
    env.pop("TUTOR_LANG", None)
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, timeout=900,
                          env=env, cwd=REPO)


@pytest.mark.parametrize("lesson", SHIPPED)
def test_a_shipped_lesson_passes_its_own_tests(lesson, docker_client, tmp_path):
    done = tutor_cli("test", lesson, "--json", home=tmp_path)
    report = json.loads(done.stdout)
    failures = [f"{lang}: {f['path']}:{f['line']}: {f['message']}" for lang, run in report["languages"].items()
                for f in run["failures"]]
    assert done.returncode == 0 and report["ok"], "\n".join(failures + report["engine"]["changes"]) or done.stderr
    shipped = load_lesson(list_lessons()[SHIPPED.index(lesson)])
    assert set(report["languages"]) == set(shipped.languages)  # every language played
    for run in report["languages"].values():
        assert run["steps_passed"] == run["steps"] and run["mistakes_played"] > 0
        # A lesson with steps for some platforms only is played on each of them, in every language.
        assert set(run["platforms"]) == set(shipped.platforms)
        for platform in run["platforms"].values():
            assert platform["steps_passed"] == platform["steps"] > 0 and not platform["failures"]
        # What could not be played here is said, never passed.
        assert all(gap["status"] in ("needs_network", "reported") for gap in run["coverage"])
    assert report["engine"] == {"left_as_found": True, "changes": []}


@pytest.mark.parametrize("lesson", SHIPPED)
def test_a_shipped_lessons_translations_record_their_source(lesson):
    shipped = load_lesson(list_lessons()[SHIPPED.index(lesson)])
    for lang, text in shipped.texts.items():
        if lang != source_language(shipped):
            assert set(recorded(text.path) or {}) == set(shipped.step_ids), text.path


@pytest.mark.parametrize("lesson", SHIPPED)
def test_a_shipped_lessons_folder_bears_its_id(lesson):
    """catalog.bundled_lesson finds a shipped lesson by its folder's name, and a room checks its lessons that way
    without loading them (classroom.room.shipped_lesson_ids): the name must be the lesson.yaml id."""
    assert load_lesson(list_lessons()[SHIPPED.index(lesson)]).id == lesson


def test_a_new_lesson_validates_and_passes_its_tests_as_made(docker_client, tmp_path):
    folder = tmp_path / "my-first-lesson"
    made = tutor_cli("new", str(folder), home=tmp_path)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["en.md", "id.md", "lesson.yaml", "tests.yaml"]
    validated = tutor_cli("validate", str(folder), home=tmp_path)
    assert validated.returncode == 0 and "no problems" in validated.stdout, validated.stdout + validated.stderr
    tested = tutor_cli("test", str(folder), home=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "my-first-lesson [id]" in tested.stdout and "my-first-lesson [en]" in tested.stdout
    again = tutor_cli("--lang", "id", "new", str(folder), home=tmp_path)
    assert again.returncode != 0 and "sudah ada" in again.stderr  # nothing of the author's is overwritten


@pytest.mark.slow  # the tutor in a fresh process, as an author runs it
def test_a_bad_lesson_id_for_new_is_one_sentence(tmp_path):
    done = tutor_cli("new", str(tmp_path / "My Lesson"), home=tmp_path)
    assert done.returncode != 0 and "cannot be a lesson id" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "My Lesson").exists()


def test_new_where_a_file_is_in_the_way_is_one_sentence_and_makes_nothing(tmp_path):
    (tmp_path / "notes").write_text("mine\n")
    done = tutor_cli("new", str(tmp_path / "notes" / "lessons" / "first"), home=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == (f"✗ {tmp_path / 'notes' / 'lessons' / 'first'} could not be made "
                                   f"({tmp_path / 'notes' / 'lessons'}: Not a directory): nothing was written.")
    assert (tmp_path / "notes").read_text() == "mine\n"


def test_new_on_a_full_disk_leaves_nothing_half_made(small_disk, tmp_path):
    """The folder is made, its files cannot be: before, a half-made folder stayed, and the next `tutor new`
    called it existing ("nothing was written")."""
    fill_up(small_disk)
    full_disk = small_disk
    target = full_disk / "course" / "first"
    done = tutor_cli("new", str(target), home=tmp_path)
    assert done.returncode == 9 and done.stderr.strip().startswith("✗ The disk is full"), done.stderr
    assert str(target) in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_find_step_names_docker_hubs_page_only_on_docker_hub(lang):
    """QA finding 16: on the practice registry the find step showed https://hub.docker.com/r/<learner>/...,
    a page that does not exist for an image pushed elsewhere."""
    from tutor.lesson.loader import load_named
    from tutor.lesson.template import fill_markdown
    from tutor.lesson.values import lesson_values

    lesson = load_named("docker-push")
    body = lesson.step_text("find", lang)[0].body
    practice = fill_markdown(body, lesson_values(lesson, "127.0.0.1:5000", "siti"))
    assert "hub.docker.com" not in practice and "docker pull 127.0.0.1:5000/siti/fastapi-app" in practice
    hub = fill_markdown(body, lesson_values(lesson, "docker.io", "siti"))
    assert "https://hub.docker.com/r/siti/fastapi-app" in hub


def test_the_credentials_file_named_is_docker_configs_when_it_is_set(monkeypatch, tmp_path):
    """QA finding 16: the login step said ~/.docker/config.json while DOCKER_CONFIG put the logins elsewhere. The
    learner's own tutor (`tutor show`, as `tutor start` and `tutor check`) passes its DOCKER_CONFIG to the values."""
    from tutor.app.lessons import show
    from tutor.lesson.template import fill_markdown

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TUTOR_PLATFORM", "linux")  # the learner's platform without asking an engine

    def login_step() -> str:
        shown = show("docker-push", "127.0.0.1:5000", "siti")
        return fill_markdown(shown.lesson.step_text("login", "en")[0].body, shown.values)

    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    assert "~/.docker/config.json" in login_step()
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    shown = login_step()
    assert str(tmp_path / "docker" / "config.json") in shown and "~/.docker/config.json" not in shown
