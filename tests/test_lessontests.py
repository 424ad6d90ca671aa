"""Lesson tests (`tutor test`): the tests format read with path:line, the runner proving docker-push against
the real engine and a throwaway practice registry, and a sabotaged copy of docker-push failing where it was
broken. The shipped lessons' own runs, through the command line as CI runs them, are in
test_shipped_lessons.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import line_of, replace_in
from realdocker import REGISTRY_BINARY

from tutor.lesson.catalog import bundled_root
from tutor.lesson.loader import load_lesson
from tutor.lessontest.spec import read_tests
from tutor.ui.lessons import problem_line


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "docker-push"
    shutil.copytree(bundled_root() / "docker-push", target)
    return target


# --- the format ---------------------------------------------------------------------------------------------
def test_docker_push_tests_read_without_problems():
    lesson = load_lesson(bundled_root() / "docker-push")
    tests, problems = read_tests(lesson)
    assert problems == []
    assert set(tests.steps) <= set(lesson.step_ids)
    assert sum(len(step.mistakes) for step in tests.steps.values()) >= 30
    assert tests.final is not None and tests.final.typed


@pytest.mark.parametrize(("old", "new", "needle", "says"), [
    ("  registry:\n    mistakes:", "  registri:\n    mistakes:", "  registri:", "step 'registri'"),
    ("expect: {hint: not-tagged}", "expect: {hint: not-taged}", "hint: not-taged", "hint 'not-taged'"),
    ("expect: {not_quite: [no_user]}", "expect: {not_quite: [no_usr]}", "no_usr", "difference 'no_usr'"),
    ("expect: {not_quite: [other_user]}", "expect: {hint: denied, not_yet: true}", "denied, not_yet",
     "'expect' is one of"),
    ("type: docker tag fastapi-ap {{ target }}", "type: docker tag fastapi-ap {{ targte }}", "targte",
     "targte"),
    ("        type: answer a\n", "        typ: answer a\n", "typ: answer a", "unknown key 'typ'"),
])
def test_a_broken_tests_file_is_named_with_path_and_line(copy, old, new, needle, says):
    tests_file = copy / "tests.yaml"
    replace_in(tests_file, old, new)
    _, problems = read_tests(load_lesson(copy))
    lines = [problem_line(problem, "en") for problem in problems]
    expected = f"{tests_file}:{line_of(tests_file, needle)}: "
    assert any(line.startswith(expected) and says in line for line in lines), lines


def test_a_lesson_without_tests_says_where_they_go(copy):
    (copy / "tests.yaml").unlink()
    _, problems = read_tests(load_lesson(copy))
    assert [problem_line(p, "en") for p in problems] == [
        f"{copy / 'tests.yaml'}:1: the lesson has no tests: write tests.yaml beside lesson.yaml "
        "(docs/writing-lessons.md)"]


# --- the runner, against the real engine ---------------------------------------------------------------------
def _failure_lines(result, lang: str) -> list[str]:
    return [f"{f.path}:{f.line}: {f.key}" for f in result.failures(lang)]


@pytest.mark.engine
@pytest.mark.registry
@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_a_sabotaged_docker_push_fails_where_it_was_broken(copy, docker_client, tmp_path, monkeypatch):
    """One copy broken three ways, played in English: a trigger pattern that no longer matches Docker's error,
    a hint missing in one language, a check that passes on a fresh machine. Each failure names its file and
    line; the engine is left as found all the same. (The fourth way, a mistake expecting a hint that does not
    exist, stops before anything is played: test_a_broken_tests_file_is_named_with_path_and_line.)"""
    from tutor.app.lessontest import run_tests

    monkeypatch.setenv("HOME", str(tmp_path))
    manifest, tests_file, english = copy / "lesson.yaml", copy / "tests.yaml", copy / "en.md"
    # 1. Docker says "must be lowercase"; the trigger now waits for words Docker never prints.
    replace_in(manifest, '      - output: "must be lowercase"\n        hint: lowercase',
               '      - output: "must be written in lowercase"\n        hint: lowercase')
    # 2. The not-tagged hint is gone from en.md (id.md still has it: the tutor would fall back to Indonesian).
    text = english.read_text()
    start = text.rindex("### ", 0, text.index("{#not-tagged}"))
    english.write_text(text[:start] + text[text.index("### ", start + 4):])
    # 3. The find step no longer wants the pull: the image is in the registry since the push step.
    replace_in(manifest, "      - command_ran: {pattern: '^\\s*docker\\s+(image\\s+)?pull", "      # was: pull")
    replace_in(manifest, "      - exit_code: {code: 0}\n", "")

    result = run_tests(str(copy), ["en"])

    lines = _failure_lines(result, "en")
    uppercase = line_of(tests_file, "type: docker tag {{ image }} {{ registry }}/Budi/{{ image }}") - 1
    assert f"{tests_file}:{uppercase}: lessontest.wrong_answer_by_tutor" in lines  # bad-reference answered
    trigger = line_of(manifest, '"must be written in lowercase"')
    assert f"{manifest}:{trigger}: lessontest.gap.trigger" in lines  # the trigger never fired
    before_tagging = line_of(tests_file, "name: pushing before tagging")
    assert f"{tests_file}:{before_tagging}: lessontest.hint_missing" in lines
    missing = next(f for f in result.failures("en") if f.key == "lessontest.hint_missing")
    assert missing.values == {"name": "not-tagged", "file": "en.md"}
    find = line_of(manifest, "  - id: find")
    assert f"{manifest}:{find}: lessontest.free_pass" in lines
    assert not result.ok and result.engine_changes == []


@pytest.mark.engine
@pytest.mark.registry
@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_a_final_break_that_does_not_break_and_a_mistake_that_passes_are_failures(copy, docker_client, tmp_path,
                                                                                  monkeypatch):
    from tutor.app.lessontest import run_tests

    monkeypatch.setenv("HOME", str(tmp_path))
    tests_file = copy / "tests.yaml"
    # A "mistake" that is the solution, and a final break that retags the very image already there.
    replace_in(tests_file, "        type: docker images {{ image }}\n        expect: not_yet",
               "        type: docker images\n        expect: not_yet")
    replace_in(tests_file, "final:\n  setup: [{image: tutortest-other}]\n  type: docker tag tutortest-other",
               "final:\n  setup: [{image: tutortest-other}]\n  type: docker tag {{ image }}")
    result = run_tests(str(copy), ["en"])
    lines = _failure_lines(result, "en")
    assert f"{tests_file}:{line_of(tests_file, 'name: listing only the source image')}: lessontest.mistake_passed" \
        in lines
    assert f"{tests_file}:{line_of(tests_file, 'final:')}: lessontest.check_passes_after_break" in lines
    assert result.engine_changes == []


# --- what docker-push's tests found, fixed -----------------------------------------------------------------------
def test_a_triggered_hint_still_answers_when_the_steps_checks_cannot_look():
    """The registry is down: the push step's in_registry check raises, and the learner's own `connection
    refused` must still get its hint (before, the check's failure swallowed it). Nothing matching: the failure
    goes on to the engine, which says it."""
    from tutor.errors import RegistryError
    from tutor.lesson.values import lesson_values
    from tutor.live.events import ShowHint
    from tutor.live.record import CommandRecord
    from tutor.live.session import Session
    from tutor.progress import LessonProgress

    lesson = load_lesson(Path(__file__).parent / "lessons" / "rules")

    def cannot_look(step, record, answer):
        raise RegistryError("error.registry_unreachable", host="127.0.0.1:5000")

    session = Session(lesson, lesson_values(lesson), "en", LessonProgress(lesson.id), cannot_look)
    [hint] = session.on_command(CommandRecord("ech hello", 127, "bash: ech: command not found"))
    assert hint == ShowHint("Check the spelling.", category="not-found",
                            trigger=line_of(lesson.directory / "lesson.yaml", '"command not found"'))
    with pytest.raises(RegistryError):
        session.on_command(CommandRecord("echo hello", 0, "hello"))


def test_a_push_without_any_login_is_diagnosed(docker_config):
    """A fresh registry answers an anonymous push with only `denied`, as it answers a push into someone else's
    namespace: the no-login diagnosis tells them apart from the state."""
    import base64
    import json

    from tutor.checks.context import CheckContext
    from tutor.checks.diagnoses import diagnose
    from tutor.live.record import CommandRecord

    denied = ("The push refers to repository [127.0.0.1:5000/budi/app]\n"
              "denied: requested access to the resource is denied\n")
    record = CommandRecord("docker push 127.0.0.1:5000/budi/app", 1, denied)
    assert diagnose("no-login", CheckContext(), record) == {"push_registry": "127.0.0.1:5000"}
    auth = base64.b64encode(b"budi:pw").decode()
    (docker_config / "config.json").write_text(json.dumps({"auths": {"localhost:5000": {"auth": auth}}}))
    assert diagnose("no-login", CheckContext(), record) is None  # a login under another spelling: login-spelling's
    (docker_config / "config.json").write_text(json.dumps({"auths": {"ghcr.io": {"auth": auth}}}))
    assert diagnose("no-login", CheckContext(), record) == {"push_registry": "127.0.0.1:5000"}


# --- translations ----------------------------------------------------------------------------------------------
def _translation_lines(directory: Path) -> list[str]:
    from tutor.lesson.translations import translation_problems

    return [problem_line(p, "en") for p in translation_problems(load_lesson(directory))]


def test_docker_push_translations_are_in_parity_and_up_to_date():
    assert _translation_lines(bundled_root() / "docker-push") == []


@pytest.mark.parametrize(("old", "new", "needle", "says"), [
    ("docker tag {{ image }} {{ target }}\n```", "docker tag {{ image }}  {{ target }}\n```", "{#tag}",
     "step 'tag': the command blocks differ from id.md"),
    ("- **c.** The password is too short", "- **d.** The password is too short", "{#login}",
     "step 'login': question options a, b, d here, a, b, c in id.md"),
    ("```text\n{{ where }}\n```", "```text\nDocker Hub\n```", "{#find}",
     "step 'find': variables target here, target, where in id.md"),
])
def test_a_translation_out_of_parity_is_named_with_path_and_line(copy, old, new, needle, says):
    english = copy / "en.md"
    replace_in(english, old, new)
    lines = _translation_lines(copy)
    assert any(line.startswith(f"{english}:{line_of(english, needle)}: ") and says in line for line in lines), lines


def test_a_changed_source_step_makes_its_translation_stale(copy):
    from tutor.lesson.translations import section_hash, source_hashes

    before = source_hashes(load_lesson(copy))
    replace_in(copy / "id.md", "Selanjutnya gunakan `docker push`", "Sekarang gunakan `docker push`")
    after = source_hashes(load_lesson(copy))
    assert [step for step in before if before[step] != after[step]] == ["push"]
    english = copy / "en.md"
    assert _translation_lines(copy) == [
        f"{english}:{line_of(english, '{#push}')}: step 'push' is not recorded as translated from the current id.md: "
        f"once it matches that text, record 'push: {after['push']}' under 'translated_from' in this file's front "
        "matter"]
    assert section_hash("a") != section_hash("b")


def test_validate_names_a_broken_tests_file_and_a_stale_translation(copy, tutor):
    """`tutor validate` reads the tests and the translations too: a mistake expecting a hint that does not
    exist, and a source step changed since its translation."""
    tests_file, english = copy / "tests.yaml", copy / "en.md"
    replace_in(tests_file, "expect: {hint: not-tagged}", "expect: {hint: not-taged}")
    replace_in(copy / "id.md", "Selanjutnya gunakan `docker push`", "Sekarang gunakan `docker push`")
    done = tutor("validate", str(copy))
    assert done.exit_code == 1
    assert f"{tests_file}:{line_of(tests_file, 'not-taged')}: the mistake expects hint 'not-taged'" in done.stdout
    assert f"{english}:{line_of(english, '{#push}')}: step 'push' is not recorded as translated" in done.stdout


def _played_with_setup(tmp_path, monkeypatch, command: str):
    """A new lesson whose tests.yaml runs `command` as its setup, played in English: (the result, its first
    failure, the line of `setup:`). The coverage's failures (nothing was played) come after it."""
    from tutor.app.lessontest import run_tests
    from tutor.lesson.scaffold import new_lesson

    monkeypatch.setenv("HOME", str(tmp_path))
    folder = new_lesson(tmp_path / "lesson")
    replace_in(folder / "tests.yaml", "format_version: 1\n", f"format_version: 1\nsetup: ['{command}']\n")
    result = run_tests(str(folder), ["en"])
    return result, result.failures("en")[0], line_of(folder / "tests.yaml", "setup:")


@pytest.mark.engine
@pytest.mark.registry
@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_the_password_never_appears_in_a_report(docker_client, tmp_path, monkeypatch):
    """A setup command that prints the throwaway account's password and fails: its output is in the report,
    the password is not."""
    result, failure, line = _played_with_setup(tmp_path, monkeypatch, "echo \"password={{ password }}\"; exit 3")
    assert failure.key == "lessontest.setup_failed" and failure.line == line
    assert failure.values == {"code": "3", "output": "password=***"}
    assert result.engine_changes == []


@pytest.mark.engine
@pytest.mark.registry
@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_a_setup_command_that_hangs_is_a_failed_setup(docker_client, tmp_path, monkeypatch):
    """A setup command still running at the limit (shortened here) is stopped, with the `sleep` it forked, and
    named where it is written; before, `tutor test` ended as an internal error."""
    from tutor.lessontest import sandbox

    monkeypatch.setattr(sandbox, "SHELL_SECONDS", 1)
    result, failure, line = _played_with_setup(tmp_path, monkeypatch, "echo started; sleep 30; echo never")
    assert failure.key == "lessontest.setup_timed_out" and failure.line == line
    assert failure.values == {"seconds": "1", "output": "started"}
    assert result.engine_changes == []


@pytest.mark.engine
@pytest.mark.registry
@pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")
def test_the_trigger_counted_is_the_one_that_fired_its_diagnosis_included(docker_client, tmp_path, monkeypatch):
    """Two triggers wait for the same output with the same hint; the first also names a diagnosis, which finds
    no cause (no push was named). The plain one fired and counts; the diagnosed one is a gap. Before, the runner
    guessed the first trigger whose hint and output matched, and counted the one that never fired."""
    from tutor.app.lessontest import run_tests
    from tutor.lesson.scaffold import new_lesson

    monkeypatch.setenv("HOME", str(tmp_path))
    folder = new_lesson(tmp_path / "diagnosed")
    manifest = folder / "lesson.yaml"
    replace_in(manifest, 'triggers:\n  - output: "Cannot connect to the Docker daemon"\n',
               'triggers:\n  - output: "Cannot connect to the Docker daemon"\n    diagnosis: no-login\n'
               '    hint: engine-down\n  - output: "Cannot connect to the Docker daemon"\n')
    result = run_tests(str(folder), ["en"])
    diagnosed = line_of(manifest, "diagnosis: no-login") - 1
    assert [f"{f.path}:{f.line}: {f.key}" for f in result.failures("en")] == [
        f"{manifest}:{diagnosed}: lessontest.gap.trigger"]
    assert result.engine_changes == []
