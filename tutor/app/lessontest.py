"""`tutor test LESSON|DIR`: the lesson's own tests (tests.yaml) played in each of its languages against the
real engine and a throwaway practice registry (tutor/lessontest/), the coverage of what the lesson declares,
and the engine compared before and after (assertion 5: images, tags with their IDs, the Docker config's
shape). Returns data; tutor/ui/lessontest.py says it, as text or JSON."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from tutor.docker.engine import DockerEnv
from tutor.errors import TutorError
from tutor.lesson.catalog import find_lesson
from tutor.lesson.loader import load_lesson
from tutor.lesson.model import Lesson, Problem
from tutor.lessontest import sandbox
from tutor.lessontest.coverage import Gap, gaps
from tutor.lessontest.runner import Failed, LanguageRun, play_language, together
from tutor.lessontest.spec import read_tests


@dataclass
class TestRun:
    lesson: Lesson
    problems: list[Problem] = field(default_factory=list)  # the tests' own (nothing was played)
    runs: list[LanguageRun] = field(default_factory=list)  # per language, and per platform the lesson names
    gaps: dict[str, list[Gap]] = field(default_factory=dict)  # per language, over all its platforms' runs
    engine_changes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def gap_failures(self, lang: str) -> list[Failed]:
        """The coverage gaps of `lang` that fail a lesson."""
        return [Failed(gap.path, gap.line, f"lessontest.gap.{gap.kind}", {"name": gap.name})
                for gap in self.gaps.get(lang, []) if gap.fails]

    def failures(self, lang: str) -> list[Failed]:
        """What failed in `lang`: the assertions of each of its runs, then its coverage gaps that fail a lesson."""
        found = [failure for run in self.runs if run.lang == lang for failure in run.failures]
        return found + self.gap_failures(lang)

    @property
    def count(self) -> int:
        languages = dict.fromkeys(run.lang for run in self.runs)
        return len(self.problems) + sum(len(self.failures(lang)) for lang in languages) + bool(self.engine_changes)

    @property
    def ok(self) -> bool:
        return self.count == 0


def run_tests(name_or_path: str, languages: Sequence[str] | None = None) -> TestRun:
    """Every language of the lesson (or `languages`); a lesson with steps for some platforms only (`only:`) is
    played once per platform it names, each run with that platform's steps (as TUTOR_PLATFORM would choose), and
    its coverage counts what the runs of one language exercised together."""
    lesson = load_lesson(find_lesson(name_or_path))
    for lang in languages or ():
        if lang not in lesson.languages:
            raise TutorError("lessontest.unknown_language", language=lang, known=", ".join(lesson.languages))
    started = time.monotonic()
    tests, problems = read_tests(lesson)
    result = TestRun(lesson, sorted(problems, key=lambda p: (p.path, p.line)))
    if tests is None or problems:
        return result
    docker = DockerEnv()
    docker.ping()  # no engine: one sentence, before anything is made
    before = sandbox.EngineState.take(docker)
    played = [lesson.for_platform(platform) for platform in lesson.platforms] or [lesson]
    try:
        for lang in languages or lesson.languages:
            runs = [play_language(each, tests, lang, docker) for each in played]
            result.runs += runs
            result.gaps[lang] = gaps(lesson, lang, together(run.exercised for run in runs))
    finally:
        result.engine_changes = sandbox.differences(before, sandbox.EngineState.take(docker))
        result.seconds = time.monotonic() - started
    return result
