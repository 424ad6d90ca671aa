"""A password the tutor would ask for at a terminal, with no terminal (QA finding 15): `echo PW | tutor join
URL --user x` without --password-stdin said Python's GetPassWarning and read the password with echo. Now it
is one sentence naming --password-stdin, as docker login does, and an exit code; nothing is read."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from realdocker import free_port


@pytest.mark.slow  # the tutor in a fresh process with a pipe for its standard input, as a learner runs it
@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "There is no terminal to ask the password at: pass it on standard input with --password-stdin"),
    ("id", "Tidak ada terminal untuk menanyakan password: berikan lewat standard input dengan --password-stdin"),
])
def test_join_with_a_piped_password_names_password_stdin(tmp_path, lang, sentence):
    url = f"https://127.0.0.1:{free_port()}/#sha256={'0' * 64}"
    done = subprocess.run([sys.executable, "-m", "tutor", "--lang", lang, "join", url, "--user", "budi"],
                          input="secret-pw\n", capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TUTOR_HOME": str(tmp_path / "home"), "COLUMNS": "200"})
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith(f"✗ {sentence}"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "GetPassWarning" not in done.stderr
    assert "secret-pw" not in done.stdout + done.stderr
