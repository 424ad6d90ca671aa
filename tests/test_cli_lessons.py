"""`tutor list`, `show` and `validate` through typer's CliRunner: exit code, stdout and stderr together."""

from conftest import replace_in

from tutor import __version__


def test_version(tutor):
    result = tutor("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"tutor {__version__}")


def test_help_in_both_languages(tutor):
    assert "A terminal tutor for publishing container images" in tutor("--help").stdout
    assert "Tutor terminal untuk mempublikasikan image container" in tutor("--lang", "id", "--help").stdout
    assert "Daftar pelajaran" in tutor("--help", env={"LANG": "id_ID.UTF-8"}).stdout or \
        "Daftar pelajaran" in tutor("--lang", "id", "--help").stdout


def test_list_shows_the_lesson_in_the_current_language(tutor):
    english = tutor("list")
    assert english.exit_code == 0
    assert "docker-push" in english.stdout and "uploading an image" in english.stdout
    header, row = english.stdout.splitlines()[:2]  # the course's first lesson first
    assert header.split() == ["ID", "TITLE", "STEPS", "LANGUAGES"]
    # The ID column fits credential-helper.
    assert row.startswith("docker-push         Docker Push — uploading an image to a registry")
    assert row.endswith("8   id, en")
    # Columns line up: each value starts (or, for STEPS, ends) where its heading does.
    assert row.index("Docker Push") == header.index("TITLE")
    assert row.index("8   id, en") + 1 == header.index("STEPS") + len("STEPS")
    assert row.index("id, en") == header.index("LANGUAGES")
    indonesian = tutor("list", "--lang", "id")
    assert "meng-upload image ke registry" in indonesian.stdout and "LANGKAH" in indonesian.stdout


def test_show_renders_every_step_with_variables_filled(tutor):
    result = tutor("show", "docker-push", "--lang", "id")
    assert result.exit_code == 0, result.stderr
    assert "Langkah 8 dari 8" in result.stdout
    assert "Login, beri nama image sesuai akun Anda, lalu kirim dengan docker push." in result.stdout
    assert "docker tag fastapi-app 127.0.0.1:5000/budi/fastapi-app" in result.stdout
    assert "{{" not in result.stdout
    english = tutor("show", "docker-push", "--lang", "en", "--registry", "docker.io", "--user", "siti")
    assert "docker push siti/fastapi-app" in english.stdout
    assert "https://hub.docker.com/r/siti/fastapi-app" in english.stdout
    assert "Step 5 of 8" in english.stdout


def test_a_lesson_without_the_learners_language_is_shown_in_another(tutor, lesson_copy):
    replace_in(lesson_copy / "lesson.yaml", "languages: [id, en]", "languages: [id]")
    (lesson_copy / "en.md").unlink()
    result = tutor("show", str(lesson_copy), "--lang", "en")
    assert result.exit_code == 0
    assert "This step has no English translation yet; showing Bahasa Indonesia." in result.stdout
    assert "Registry lain, cara login lain" in result.stdout


def test_a_step_missing_in_one_language_stops_show(tutor, lesson_copy):
    md = lesson_copy / "en.md"
    text = md.read_text()
    md.write_text(text[: text.index("## Other registries")] + text[text.index("## Common hints"):])
    result = tutor("show", str(lesson_copy), "--lang", "en")
    assert result.exit_code == 3
    assert "step 'other-registries' is missing in this file" in " ".join(result.stdout.split())


def test_show_unknown_lesson_is_one_sentence(tutor):
    result = tutor("show", "docker-pul")
    assert result.exit_code == 3
    assert ("No lesson called 'docker-pul'. Known lessons: access-tokens, credential-helper, docker-push, "
            "image-tags.") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_show_broken_lesson_lists_its_problems(tutor, lesson_copy):
    replace_in(lesson_copy / "lesson.yaml", "format_version: 1", "format_version: 9")
    result = tutor("show", str(lesson_copy))
    assert result.exit_code == 3
    assert "The lesson has 1 problem(s)" in result.stderr
    assert f"{lesson_copy / 'lesson.yaml'}:3: unknown format_version 9" in result.stdout


def test_validate_all_bundled(tutor):
    result = tutor("validate")
    assert (result.exit_code, result.stdout.strip()) == (0, "4 lesson(s) checked, no problems.")


def test_validate_reports_path_line_and_exits_1(tutor, lesson_copy):
    replace_in(lesson_copy / "lesson.yaml", "hint: denied", "hint: refused")
    result = tutor("validate", str(lesson_copy), "--lang", "id")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{lesson_copy / 'lesson.yaml'}:")
    assert lines[0].endswith("trigger menyebut petunjuk 'refused', yang tidak didefinisikan bahasa mana pun")
    assert lines[-1] == "1 masalah dalam 1 pelajaran."


def test_bad_language_is_a_usage_error():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tutor", "--lang", "fr", "list"], capture_output=True, text=True)
    assert done.returncode == 2 and "id | en" in done.stderr


def test_sample_tables_stay_aligned_after_the_learners_values_are_filled_in(tutor):
    for lang, registry, target in (("en", "127.0.0.1:5000", "127.0.0.1:5000/budi/fastapi-app"),
                                   ("id", "registry.example.test:5000", "registry.example.test:5000/budi/fastapi-app"),
                                   ("en", "docker.io", "budi/fastapi-app")):
        shown = tutor("show", "docker-push", "--lang", lang, "--registry", registry, "--user", "budi").stdout
        header = next(line for line in shown.splitlines() if "REPOSITORY" in line and "IMAGE ID" in line)
        rows = [line for line in shown.splitlines() if "a6856deec95a" in line]
        assert any(f"  {target}  " in row for row in rows) and len(rows) == 2
        for row in rows:
            assert row.index("latest") == header.index("TAG"), (header, row)
            assert row.index("a6856deec95a") == header.index("IMAGE ID"), (header, row)
            assert row.index("2 minutes ago") == header.index("CREATED"), (header, row)


def test_typer_reads_the_commands_annotations_as_objects_not_strings():
    """typer reads every command's parameters at each start, `tutor list` and `tutor --help` alike: annotations
    left as strings (`from __future__ import annotations`) are compiled and evaluated twice each, about a third
    of building the command tree (benchmarks/bench_session.py: start-up within 1.5x of `import typer`)."""
    from tutor.cli import build_app

    def callbacks(app):
        found = [info.callback for info in app.registered_commands]
        if app.registered_callback is not None:
            found.append(app.registered_callback.callback)
        for group in app.registered_groups:
            found += callbacks(group.typer_instance)
        return found

    found = callbacks(build_app("en"))
    assert len(found) > 20
    strings = {f"{f.__module__}.{f.__qualname__}": name for f in found for name, annotation in f.__annotations__.items()
               if isinstance(annotation, str)}
    assert strings == {}
