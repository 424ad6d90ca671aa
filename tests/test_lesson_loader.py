"""The loader and validator on the real lesson and on broken copies of it, with exact path:line messages."""

from pathlib import Path

import pytest
from conftest import line_of, replace_in

from tutor.errors import LessonError
from tutor.lesson.catalog import bundled_root, find_lesson
from tutor.lesson.loader import load_lesson, validate_lesson
from tutor.lesson.values import lesson_values
from tutor.ui.lessons import problem_line


def messages(directory: Path) -> list[str]:
    return [problem_line(p, "en") for p in validate_lesson(directory)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_named_hint_keeps_the_line_of_its_heading(lang):
    """The loader keeps where each named hint is written; the lesson tests' coverage points a hint never shown
    there (it used to parse the language file a second time for these lines)."""
    from tutor.lessontest.coverage import HINT, gaps
    from tutor.lessontest.runner import Exercised
    from tutor.live.hints import hint_names

    lesson = load_lesson(bundled_root() / "docker-push")
    text = lesson.texts[lang]
    assert set(text.hint_lines) == set(hint_names(text))
    for name, line in text.hint_lines.items():
        assert line == line_of(Path(text.path), f"{{#{name}}}"), name
    unshown = {gap.name: gap.line for gap in gaps(lesson, lang, Exercised()) if gap.kind == HINT}
    assert unshown and all(line == text.hint_lines[name] for name, line in unshown.items())


def test_bundled_lesson_is_valid_and_complete():
    directory = bundled_root() / "docker-push"
    assert validate_lesson(directory) == []
    lesson = load_lesson(directory)
    assert lesson.step_ids == ("registry", "image", "login", "tag", "images", "push", "find", "other-registries")
    assert set(lesson.texts) == {"id", "en"}
    for lang in ("id", "en"):
        tag = lesson.texts[lang].steps["tag"]
        assert tag.commands == ("docker tag {{ image }} {{ target }}",)
        assert len(tag.hints) == 2
        assert {"no-source", "lowercase", "bad-reference"} <= set(tag.named_hints)
        assert {"engine-down", "engine-permission", "https-only"} <= set(lesson.texts[lang].common_hints)
    # every check kind the issue names for this lesson is declared
    kinds = {c.kind for s in lesson.steps for c in s.checks}
    assert kinds == {"image_exists", "same_image", "logged_in", "in_registry", "command_ran", "output_matches",
                     "exit_code", "answer"}
    # Every point is taught and checked: no step of this lesson passes by reading alone.
    assert [s.id for s in lesson.steps if not s.checks] == []


def test_the_lesson_teaches_every_point_of_the_seed():
    lesson = load_lesson(bundled_root() / "docker-push")
    idn = "\n".join(s.body for s in lesson.texts["id"].steps.values())
    for point in ("Docker registry", "Docker Hub", "docker pull", "https://hub.docker.com/signup",
                  "tanpa enkripsi", "credential helper", "--password-stdin", "docker tag", "docker images",
                  "IMAGE ID yang sama", "docker push", "https://hub.docker.com/r/", "Google",
                  "autentikasinya bisa berbeda"):
        assert point in idn, point


def test_variables_follow_the_registry_and_user():
    lesson = load_lesson(bundled_root() / "docker-push")
    practice = lesson_values(lesson, "practice", "siti", practice_address="127.0.0.1:5123")
    assert practice["target"] == "127.0.0.1:5123/siti/fastapi-app"
    assert practice["where"] == "docker pull 127.0.0.1:5123/siti/fastapi-app"  # never a page that answers 401
    hub = lesson_values(lesson, "docker.io", "siti")
    assert hub["target"] == "siti/fastapi-app"
    assert hub["where"] == "https://hub.docker.com/r/siti/fastapi-app"
    other = lesson_values(lesson, "registry.example.test:5000", "siti")
    assert other["target"] == "registry.example.test:5000/siti/fastapi-app"


def test_yaml_syntax_error_has_file_and_line(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "  - id: login\n", "  - id: login\n    checks: [oops\n")
    line = line_of(manifest, "checks: [oops")
    [message] = messages(lesson_copy)
    assert message.startswith(f"{manifest}:")
    assert "YAML syntax error" in message
    assert abs(int(message.split(":")[1]) - line) <= 1


def test_front_matter_syntax_error(lesson_copy):
    md = lesson_copy / "en.md"
    replace_in(md, "title: Docker Push", "title: [Docker Push")
    result = messages(lesson_copy)
    assert any(m.startswith(f"{md}:") and "YAML syntax error" in m for m in result), result


def test_step_missing_in_one_language_is_an_error_in_that_file(lesson_copy, tutor):
    md = lesson_copy / "en.md"
    text = md.read_text()
    start = text.index("## Check with `docker images` {#images}")
    end = text.index("## Upload with `docker push` {#push}")
    md.write_text(text[:start] + text[end:])
    line = line_of(md, "{#push}")  # where the missing section belongs
    expected = f"{md}:{line}: step 'images' is missing in this file: its section '## Title {{#images}}' belongs " \
        "right before this line"
    assert messages(lesson_copy) == [expected]
    # An error, not a warning: its prose would otherwise run into the step before it.
    with pytest.raises(LessonError):
        load_lesson(lesson_copy)
    result = tutor("validate", str(lesson_copy))
    assert result.exit_code == 1 and expected in " ".join(result.stdout.split()) and "warning" not in result.stdout


def test_the_last_step_missing_in_one_language(lesson_copy):
    md = lesson_copy / "id.md"
    text = md.read_text()
    start = text.index("{#other-registries}")
    start = text.rindex("\n## ", 0, start) + 1
    end = text.index("## Bantuan umum")
    md.write_text(text[:start] + text[end:])
    assert messages(lesson_copy) == [
        f"{md}:{line_of(md, '{#find}')}: step 'other-registries' is missing in this file: its section "
        "'## Title {#other-registries}' belongs after the step at this line ('find')"]


def test_duplicate_step_ids(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "  - id: other-registries\n", "  - id: other-registries\n  - id: tag\n")
    first = line_of(manifest, "- id: tag")
    assert messages(lesson_copy) == [f"{manifest}:{line_of(manifest, '- id: other-registries') + 1}: "
                                     f"duplicate step id 'tag' (first at line {first})"]


def test_unknown_check_kind_and_bad_arguments(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "- image_exists: {ref: \"{{ image }}\"}", "- image_there: {ref: \"{{ image }}\"}")
    replace_in(manifest, "- same_image: {a: \"{{ image }}\", b: \"{{ target }}\"}\n    triggers",
               "- same_image: {a: \"{{ image }}\", c: \"x\"}\n    triggers")
    replace_in(manifest, "- output_matches: {pattern: '{{ target }}\\s+latest\\s'}",
               "- output_matches: {pattern: '([unclosed'}")
    result = messages(lesson_copy)
    unknown = line_of(manifest, "image_there")
    same = line_of(manifest, 'c: "x"')
    regex = line_of(manifest, "[unclosed")
    assert result[0].startswith(f"{manifest}:{unknown}: unknown check kind 'image_there' (known: ")
    assert f"{manifest}:{same}: check 'same_image' needs the argument 'b'" in result
    assert f"{manifest}:{same}: check 'same_image' has no argument 'c' (it takes: a, b)" in result
    assert any(m.startswith(f"{manifest}:{regex}: argument 'pattern' of check 'output_matches' is not a valid "
                            "regular expression") for m in result)
    assert len(result) == 4


def test_trigger_naming_an_undefined_hint(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "hint: rate-limit", "hint: rate-limited")
    line = line_of(manifest, "hint: rate-limited") - 1
    assert messages(lesson_copy) == [
        f"{manifest}:{line}: the trigger names hint 'rate-limited', which no language defines"]


def test_undefined_variable_in_prose_and_in_checks(lesson_copy):
    md = lesson_copy / "id.md"
    replace_in(md, "docker push {{ target }}\n```", "docker push {{ tujuan }}\n```")
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "- in_registry: {ref: \"{{ target }}\"}", "- in_registry: {ref: \"{{ targett }}\"}")
    assert messages(lesson_copy) == [
        f"{md}:{line_of(md, '{{ tujuan }}')}: variable 'tujuan' is used but not defined in lesson.yaml",
        f"{manifest}:{line_of(manifest, 'targett')}: variable 'targett' is used but not defined in lesson.yaml",
    ]


def test_empty_step(lesson_copy):
    md = lesson_copy / "en.md"
    text = md.read_text()
    start = text.index("## Where is your image now? {#find}")
    end = text.index("## Other registries, other logins")
    md.write_text(text[:start] + "## Where is your image now? {#find}\n\n" + text[end:])
    assert messages(lesson_copy) == [f"{md}:{line_of(md, '{#find}')}: step 'find' is empty"]


def test_unknown_format_version(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "format_version: 1", "format_version: 7")
    assert messages(lesson_copy) == [f"{manifest}:{line_of(manifest, 'format_version')}: "
                                     "unknown format_version 7 (this tutor reads: 1)"]
    with pytest.raises(LessonError):
        load_lesson(lesson_copy)


def test_step_heading_without_id_and_undeclared_step(lesson_copy):
    md = lesson_copy / "en.md"
    replace_in(md, "## Where is your image now? {#find}", "## Where is your image now?")
    replace_in(md, "## Other registries, other logins {#other-registries}", "## Other registries {#others}")
    result = messages(lesson_copy)
    assert f"{md}:{line_of(md, '## Where is your image now?')}: step heading 'Where is your image now?' has no " \
           "id: write it as '## Where is your image now? {#step-id}'" in result
    assert f"{md}:{line_of(md, '{#others}')}: step 'others' is not declared in lesson.yaml" in result
    assert f"{md}:{line_of(md, '{#push}')}: step 'find' is missing in this file: its section " \
        "'## Title {#find}' belongs after the step at this line ('push')" in result


def test_not_a_lesson_directory(tmp_path):
    manifest = tmp_path / "lesson.yaml"
    assert messages(tmp_path) == [f"{manifest}:1: lesson.yaml is missing: this is not a lesson directory"]


def test_messages_come_in_indonesian_too(lesson_copy):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "format_version: 1", "format_version: 2")
    [problem] = validate_lesson(lesson_copy)
    assert problem_line(problem, "id").endswith("format_version 2 tidak dikenal (tutor ini membaca: 1)")


def test_find_lesson_by_id_or_path(lesson_copy, monkeypatch):
    assert find_lesson("docker-push") == bundled_root() / "docker-push"
    assert find_lesson(str(lesson_copy)) == lesson_copy.resolve()
    monkeypatch.chdir(lesson_copy.parent)
    assert find_lesson("./docker-push") == lesson_copy.resolve()


def test_duplicate_yaml_key(lesson_copy):
    """Found by the fuzz test: a repeated top-level key once crashed the validator."""
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "format_version: 1\n", "format_version: 1\nformat_version: 1\n")
    assert messages(lesson_copy) == [f"{manifest}:4: key 'format_version' appears twice"]


# --- arch: what the tutor once knew of docker-push by name is declared in lesson.yaml -------------------------
def test_the_lesson_declares_its_journey_card_practice_image_and_default():
    lesson = load_lesson(bundled_root() / "docker-push")
    assert [part.step for part in lesson.journey] == ["image", "tag", "images", "push", "find"]
    assert dict(lesson.summary) == {"pushed": "{{ target }}:latest", "lives": "{{ where }}"}
    image = lesson.practice_image
    assert (image.name, image.context, image.command) == ("fastapi-app", "app", ("/bin/busybox", "cat", "/app/main.py"))
    assert lesson.default is True
    assert lesson_values(lesson, "docker.io", "siti")["registry_name"] == "Docker Hub"
    assert lesson_values(lesson, "practice", "siti", "127.0.0.1:5123")["registry_name"] == "127.0.0.1:5123"


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ('  - tag: "── docker tag ──▶"', '  - tagg: "── docker tag ──▶"', "  - tagg:",
     "the journey names step 'tagg', which the lesson does not declare"),
    ('  - tag: "── docker tag ──▶"', '  - "── docker tag ──▶"', '  - "── docker tag',
     "each part of 'journey' is one step id and its label"),
    ('  - find: "{{ registry_name }}"', '  - find: "{{ registry_nam }}"', "  - find:",
     "variable 'registry_nam' is used but not defined in lesson.yaml"),
    ('  lives: "{{ where }}"', '  lifes: "{{ where }}"', "  lifes:",
     "the summary has no row 'lifes' (known: pushed, lives)"),
    ('  lives: "{{ where }}"', "  lives: [1]", "  lives: [1]", "row 'lives' of the summary must be text"),
    ("  context: app", "  context: ../../..", "  context:",
     "the practice image's context '../../..' is not a folder inside this lesson or a lesson beside it"),
    ("  context: app", "  context: ..", "  context:",  # the folder of lessons itself is no lesson
     "the practice image's context '..' is not a folder inside this lesson or a lesson beside it"),
    ('  name: "{{ image }}"', '  name: "fastapi-app:v1"', '  name: "fastapi-app:v1"',
     "the practice image needs a name: a plain image name without a tag"),
    ('  name: "{{ image }}"', '  name: "Fastapi"', '  name: "Fastapi"', "'Fastapi' is not a plain image name"),
    ("  command: [", "  commands: [", "  commands:", "unknown key 'commands' in 'practice_image'"),
    ("default: true", "default: yes please", "default:", "'default' must be true or false"),
])
def test_the_lesson_data_is_validated_with_its_line(lesson_copy, old, new, needle, message):
    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, old, new)
    found = messages(lesson_copy)
    expected = f"{manifest}:{line_of(manifest, needle)}: {message}"
    assert any(line.startswith(expected) for line in found), found
