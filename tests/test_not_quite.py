"""The immediate "Not quite": a command that made a name close to, but not, the one the step expects is told
what differs at once. Real engine, real tags and pushes, the real LiveLesson (its shell left out: the command
records are what the shell would report)."""

from __future__ import annotations

import re

import pytest
from learner import Live
from realdocker import docker_cli, docker_login

from tutor.lesson.loader import load_named
from tutor.lesson.values import lesson_values
from tutor.live.marks import Prompt
from tutor.live.record import CommandRecord
from tutor.progress import LessonProgress

ANSI = re.compile(r"\x1b\[[0-9;]*m|[\u2500-\u257f]")  # colours and panel borders


@pytest.fixture
def lesson_at(practice, docker_config, app_image, monkeypatch):
    """A live lesson at a given step, for budi on the practice registry; every name it makes is removed."""
    from tutor import progress

    made: list[str] = []
    lessons: list[Live] = []
    lesson = load_named("docker-push")
    values = lesson_values(lesson, "practice", "budi", practice_address=practice.address)

    def at(step_id: str, lang: str = "en") -> Live:
        progress.save(LessonProgress("docker-push", current=step_id, registry=practice.address, user="budi"))
        live = Live(lesson, values, practice.address, "budi", lang)
        live.session.on_state_change()  # as on arrival: the tutor has looked at Docker once
        lessons.append(live)
        return live

    def tag(live: Live, target: str) -> str:
        assert docker_cli("tag", "fastapi-app", target).returncode == 0
        made.append(target)
        return said(live, f"docker tag fastapi-app {target}")

    at.tag, at.address, at.practice = tag, practice.address, practice
    at.made = made
    yield at
    for live in lessons:
        live.close()
    for name in made:
        docker_cli("rmi", name)


def said(live: Live, command: str, output: str = "", code: int = 0) -> str:
    shown = live.at_prompt(Prompt(CommandRecord(command, code, output)))
    return " ".join(ANSI.sub(" ", shown).split())


@pytest.mark.parametrize(("name", "lang", "expected"), [
    ("{address}/fastapi-app", "en", "there is no username in front of the name: it must start with budi/"),
    ("{address}/siti/fastapi-app", "en", "siti is not your username: the name must start with budi/"),
    ("{address}/username_anda/fastapi-app", "id", "username_anda hanya contoh, bukan username siapa pun"),
    ("localhost:{port}/budi/fastapi-app", "en", "the registry address is localhost:{port}, not {address}"),
    ("budi/fastapi-app", "id", "alamat registry-nya docker.io, bukan {address}"),
    ("{address}/budi/fastapi", "en", "the image name is fastapi, not fastapi-app"),
    ("{address}/budi/fastapi-app:v1", "en", "the tag is v1, not latest"),
])
def test_a_wrong_name_at_the_tag_step_is_told_at_once(lesson_at, name, lang, expected):
    port = lesson_at.address.rsplit(":", 1)[1]
    values = {"address": lesson_at.address, "port": port}
    live = lesson_at("tag", lang)
    shown = lesson_at.tag(live, name.format(**values))
    title = "Not quite" if lang == "en" else "Belum tepat"
    assert shown.startswith(title), shown
    assert f"{lesson_at.address}/budi/fastapi-app:latest" in shown  # what the step expects
    assert expected.format(**values) in shown, shown
    assert live.session.progress.current == "tag"


def test_unrelated_commands_and_a_passed_step_get_no_not_quite(lesson_at, docker_client):
    live = lesson_at("tag")
    assert "Not quite" not in said(live, "docker images")
    assert "Not quite" not in said(live, "ls -l")
    assert "Not quite" not in lesson_at.tag(live, "tutortest-unrelated-name:v9")  # nothing like the step's name
    passed = lesson_at.tag(live, f"{lesson_at.address}/budi/fastapi-app")
    assert "Done: A new name" in passed and "Not quite" not in passed
    # The next step (docker images) expects no new name: a stray tag there is not judged against the last one.
    assert "Not quite" not in lesson_at.tag(live, f"{lesson_at.address}/fastapi-app")


def test_a_push_of_another_repository_is_told_at_once(lesson_at):
    live = lesson_at("push")
    assert docker_login(lesson_at.address, "budi", "budipush1").returncode != 0  # not yet an account
    lesson_at.practice.add_user("budi", "budipush1")
    assert docker_login(lesson_at.address, "budi", "budipush1").returncode == 0
    wrong = f"{lesson_at.address}/budi/fastapi"
    lesson_at.tag(live, wrong)
    pushed = docker_cli("push", wrong)
    assert pushed.returncode == 0, pushed.stderr
    shown = said(live, f"docker push {wrong}", pushed.stdout)
    assert f"Not quite You pushed {wrong}, but this step expects {lesson_at.address}/budi/fastapi-app:" in shown
    assert "the image name is fastapi, not fastapi-app" in shown
    # Pushing it again changes nothing in Docker: said once, not again.
    assert "Not quite" not in said(live, f"docker push {wrong}", docker_cli("push", wrong).stdout)


def test_watch_mode_says_it_once_from_its_poll(lesson_at):
    live = lesson_at("tag")
    wrong = f"{lesson_at.address}/siti/fastapi-app"
    assert docker_cli("tag", "fastapi-app", wrong).returncode == 0
    lesson_at.made.append(wrong)
    polled = " ".join(ANSI.sub(" ", live.polled()).split())
    assert "Not quite" in polled and "siti is not your username" in polled
    assert live.polled() == ""  # the next poll: nothing new, nothing said
