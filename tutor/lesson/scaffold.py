"""`tutor new LESSON`: a lesson folder to start from that already works. It validates, and its tests pass as
made (`tutor test`): a question with a hint for each wrong option, a command step with a check and a
trigger, and the tests that exercise all of it. Indonesian is its source language; en.md records the hashes
of the steps it was translated from (tutor/lesson/translations.py)."""

from __future__ import annotations

from pathlib import Path

from tutor.errors import TutorError
from tutor.lesson.loader import load_lesson
from tutor.lesson.markdown import ID_PATTERN
from tutor.lesson.translations import RECORD, source_hashes

MANIFEST = """\
# The {id} lesson: what is the same in every language. Prose, commands and hints are in id.md / en.md.
# Guide: docs/writing-lessons.md (new, write, validate, test, start).
format_version: 1
id: {id}
languages: [id, en]  # the first is the source language: en.md is translated from id.md

variables:
  user: budi
  registry: 127.0.0.1:5000

# Hints every step may need.
triggers:
  - output: "Cannot connect to the Docker daemon"
    hint: engine-down

steps:
  - id: why
    checks:
      - answer: {{correct: b}}

  - id: look
    checks:
      - command_ran: {{pattern: '^\\s*docker\\s+(images|image\\s+(ls|list))\\b'}}
      - exit_code: {{code: 0}}
"""

INDONESIAN = """\
---
title: {id}
summary: Satu kalimat tentang isi pelajaran ini.
---

Pengantar singkat: apa yang akan dipelajari, dan untuk siapa.

## Mengapa? {{#why}}

Jelaskan satu gagasan, lalu tanyakan.

**Pertanyaan.** Apa yang ditampilkan `docker images`?

- **a.** Container yang sedang berjalan
- **b.** Image yang ada di komputer Anda
- **c.** Image yang ada di Docker Hub

### Petunjuk {{.hints}}

1. *Image*, bukan *container*: dan di komputer yang mana?

### Belum tepat {{#answer-a}}

Container yang berjalan ditampilkan oleh `docker ps`.

### Belum tepat {{#answer-c}}

`docker images` hanya melihat komputer Anda sendiri, bukan registry.

## Lihat image Anda {{#look}}

Jalankan:

```bash
docker images
```

### Petunjuk {{.hints}}

1. Ketik `docker images` lalu tekan Enter.

## Bantuan umum {{.hints}}

### Docker tidak berjalan {{#engine-down}}

Docker engine tidak menjawab. Jalankan Docker Desktop, atau di Linux `sudo systemctl start docker`, lalu
ulangi perintahnya.
"""

ENGLISH = """\
---
title: {id}
summary: One sentence about what this lesson teaches.
{record}---

A short introduction: what will be learnt, and for whom.

## Why? {{#why}}

Explain one idea, then ask about it.

**Question.** What does `docker images` show?

- **a.** The containers that are running
- **b.** The images on your computer
- **c.** The images on Docker Hub

### Hints {{.hints}}

1. *Images*, not *containers*: and on which computer?

### Not quite {{#answer-a}}

Running containers are what `docker ps` shows.

### Not quite {{#answer-c}}

`docker images` only looks at your own computer, not at a registry.

## Look at your images {{#look}}

Run:

```bash
docker images
```

### Hints {{.hints}}

1. Type `docker images` and press Enter.

## Common hints {{.hints}}

### Docker is not running {{#engine-down}}

The Docker engine does not answer. Start Docker Desktop, or on Linux `sudo systemctl start docker`, then run
the command again.
"""

TESTS = """\
# {id}'s own tests: `tutor test {id}` plays them in every language of the lesson against the real engine
# and a throwaway practice registry. Guide: docs/writing-lessons.md, "Testing a lesson".
format_version: 1

steps:
  why:
    mistakes:
      - name: containers instead of images
        type: answer a
        expect: {{hint: answer-a}}
      - name: the registry instead of this computer
        type: answer c
        expect: {{hint: answer-c}}
  look:
    mistakes:
      - name: listing the containers
        type: docker ps
        expect: not_yet
      - name: the Docker engine does not answer
        type: DOCKER_HOST=unix://$HOME/no-engine.sock docker images
        expect: {{hint: engine-down}}
"""


class LessonExists(TutorError):
    pass


def new_lesson(directory: Path) -> Path:
    """Writes the folder `directory` (its name is the lesson id); refuses to touch one that exists."""
    lesson_id = directory.name
    if not ID_PATTERN.match(lesson_id):
        raise TutorError("cli.new.bad_id", id=lesson_id)
    if directory.exists():
        raise LessonExists("cli.new.exists", path=str(directory))
    directory.mkdir(parents=True)
    (directory / "lesson.yaml").write_text(MANIFEST.format(id=lesson_id), encoding="utf-8")
    (directory / "id.md").write_text(INDONESIAN.format(id=lesson_id), encoding="utf-8")
    (directory / "en.md").write_text(ENGLISH.format(id=lesson_id, record=""), encoding="utf-8")
    (directory / "tests.yaml").write_text(TESTS.format(id=lesson_id), encoding="utf-8")
    hashes = source_hashes(load_lesson(directory))
    record = f"{RECORD}:\n" + "".join(f"  {step}: {value}\n" for step, value in hashes.items())
    (directory / "en.md").write_text(ENGLISH.format(id=lesson_id, record=record), encoding="utf-8")
    return directory
