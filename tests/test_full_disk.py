"""A full disk, for real: the tutor's home on a tiny tmpfs filled to the last byte. One sentence, exit 9,
and the file that was there before is untouched (writes go to a temporary file that is renamed only once
complete)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import fill_up


@pytest.fixture
def full_home(small_disk):
    progress = {"docker-push": {"current": "tag", "done": ["registry", "image", "login"], "hints_used": 1}}
    (small_disk / "progress.json").write_text(json.dumps(progress))
    fill_up(small_disk)
    return small_disk


@pytest.mark.slow  # the tutor in a fresh process, as a learner runs it
@pytest.mark.parametrize("lang, sentence", [("en", "The disk is full"), ("id", "Disk penuh")])
def test_a_full_disk_is_one_sentence_and_loses_nothing(full_home, lang, sentence):
    before = (full_home / "progress.json").read_bytes()
    done = subprocess.run([sys.executable, "-m", "tutor", "--lang", lang, "reset", "docker-push"],
                          env={**os.environ, "TUTOR_HOME": str(full_home)}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 9, done.stderr
    assert done.stderr.strip().startswith(f"✗ {sentence}") and str(full_home / "progress.json") in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert (full_home / "progress.json").read_bytes() == before
    assert sorted(p.name for p in full_home.iterdir()) == ["filler", "progress.json", "progress.json.lock"]
