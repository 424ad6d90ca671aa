"""typer's own words (help headings, placeholders, usage errors) reach the learner in their language.

typer's copy of click has them in English only; tutor/cli/words.py translates them where they leave typer.
Every help page of every command is read in Indonesian and searched for typer's English, so a new option
or a typer upgrade that brings English back fails here."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from tutor.cli import build_app

TYPER_ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[default:", "[required]",
                 "[OPTIONS]", "COMMAND [ARGS]", "<str>", "<int", "<float", "<file>", "<path>", "TEXT", "INTEGER")


def _command_paths() -> list[list[str]]:
    """Every command and group of the CLI, as the words that reach it (`[]`, `["practice", "up"]`, ...)."""
    root = typer.main.get_command(build_app("en"))
    paths, todo = [], [([], root)]
    while todo:
        words, command = todo.pop()
        paths.append(words)
        for name, sub in getattr(command, "commands", {}).items():
            todo.append((words + [name], sub))
    return sorted(paths)


@pytest.mark.parametrize("words", _command_paths(), ids=lambda words: " ".join(words) or "tutor")
def test_every_help_page_in_indonesian_has_no_english_from_typer(tutor, words):
    page = tutor("--lang", "id", *words, "--help")
    assert page.exit_code == 0, page.stderr
    assert page.stdout.startswith(f"Penggunaan: {' '.join(['tutor', *words])} [OPSI]")
    assert "Tampilkan pesan ini lalu keluar." in page.stdout
    left = [word for word in TYPER_ENGLISH if word in page.stdout]
    assert left == [], page.stdout


def test_help_page_in_english_keeps_its_usual_words(tutor):
    page = " ".join(tutor("--lang", "en", "classroom", "up", "--help").stdout.split())  # wrapping aside
    assert page.startswith("Usage: tutor classroom up [OPTIONS]")
    assert "Options:" in page and "--port PORT" in page and "[default: 127.0.0.1]" in page
    assert "[default: 5.0; x>=0.1]" in page  # the parts of a bracket are translated one by one
    indonesian = " ".join(tutor("--lang", "id", "classroom", "up", "--help").stdout.split())
    assert "[bawaan: 127.0.0.1]" in indonesian and "[bawaan: 5.0; x>=0.1]" in indonesian


USAGE_ERRORS = [
    (["shw"], "Error: No such command 'shw'. Did you mean show?",
     "Kesalahan: Tidak ada perintah 'shw'. Maksud Anda show?"),
    (["show"], "Error: Missing argument 'LESSON'.", "Kesalahan: Argumen 'PELAJARAN' belum diberikan."),
    (["join", "https://x"], "Error: Missing option '--user'.", "Kesalahan: Opsi '--user' belum diberikan."),
    (["list", "--foo"], "Error: No such option: --foo.", "Kesalahan: Tidak ada opsi: --foo."),
    (["list", "extra", "more"], "Error: Unexpected extra arguments (extra more).",
     "Kesalahan: Ada argumen lebih yang tidak dikenal (extra more)."),
    (["practice", "up", "--port", "abc"], "Error: Invalid value for '--port': 'abc' is not a number.",
     "Kesalahan: Nilai tidak sah untuk '--port': 'abc' bukan angka."),
    (["practice", "up", "--port", "99999"], "Error: Invalid value for '--port': 99999 is outside 1<=x<=65535.",
     "Kesalahan: Nilai tidak sah untuk '--port': 99999 di luar rentang 1<=x<=65535."),
    (["classroom", "up", "--roster", "/no/such/roster.csv"],
     "Error: Invalid value for '--roster': '/no/such/roster.csv' does not exist.",
     "Kesalahan: Nilai tidak sah untuk '--roster': '/no/such/roster.csv' tidak ada."),
    (["classroom", "up", "--roster", "/"], "Error: Invalid value for '--roster': '/' is a folder, not a file.",
     "Kesalahan: Nilai tidak sah untuk '--roster': '/' adalah folder, bukan file."),
    (["classroom", "up", "--stuck-minutes", "0"], "Error: Invalid value for '--stuck-minutes': 0.0 is outside x>=0.1.",
     "Kesalahan: Nilai tidak sah untuk '--stuck-minutes': 0.0 di luar rentang x>=0.1."),
]


@pytest.mark.parametrize(("args", "english", "indonesian"), USAGE_ERRORS,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_usage_errors_are_one_sentence_in_the_learners_language(tutor, args, english, indonesian):
    for lang, sentence, usage, helping in (("en", english, "Usage: tutor", "for help."),
                                           ("id", indonesian, "Penggunaan: tutor", "untuk bantuan.")):
        result = tutor("--lang", lang, *args)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert lines[0].startswith(usage) and lines[1].endswith(helping) and lines[-1] == sentence, result.stderr


def test_the_installed_command_speaks_the_same_way():
    """Through the real entry point, not CliRunner: exit code 2 and the sentence on stderr."""
    done = subprocess.run([sys.executable, "-m", "tutor", "--lang", "id", "lst"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().endswith("Kesalahan: Tidak ada perintah 'lst'. Maksud Anda list?")
