"""The course as data: each lesson's place (lesson.yaml `course`), validated across lessons, and where a learner
goes on (`tutor start` with no lesson, the card at the end of a lesson)."""

from __future__ import annotations

from pathlib import Path

from tutor.lesson.catalog import list_lessons
from tutor.lesson.course import continue_with, course_order, course_problems, standings
from tutor.lesson.summary import Summary, lesson_summaries
from tutor.progress import Completion, LessonProgress


def _summary(lesson: str, order: int | None, *requires: str) -> Summary:
    return Summary(lesson, {"en": lesson}, 5, ("en",), False, order, tuple(requires))


COURSE = [_summary("first", 1), _summary("second", 2, "first"), _summary("third", 3, "first"),
          _summary("outside", None)]


def _done(lesson: str) -> LessonProgress:
    return LessonProgress(lesson, None, ("a", "b"), finished=1.0, completions=(Completion(1.0, 60, 0, 2),))


def test_the_course_goes_on_where_the_learner_is():
    assert [s.id for s in course_order(COURSE)] == ["first", "second", "third"]
    assert continue_with(COURSE, {}) == "first"
    assert continue_with(COURSE, {"first": _done("first")}) == "second"
    # A lesson in progress comes first, even out of order.
    assert continue_with(COURSE, {"first": _done("first"), "third": LessonProgress("third", "b", ("a",))}) == "third"
    # A lesson whose required lesson is not done is not where the course goes on.
    assert continue_with(COURSE[1:], {}) is None
    every = {lesson: _done(lesson) for lesson in ("first", "second", "third")}
    assert continue_with(COURSE, every) is None
    # The card at the end of a lesson counts it as done before its progress says so.
    assert continue_with(COURSE, {"first": LessonProgress("first", "b", ("a",))}, finished="first") == "second"


def test_each_lessons_standing():
    states = standings(COURSE, {"first": _done("first"), "third": LessonProgress("third", "b", ("a",))})
    assert states["first"].done and not states["first"].started
    assert states["third"].started and states["third"].step == 2 and states["third"].steps == 5
    assert states["second"].missing == () and not states["second"].started
    assert standings(COURSE, {})["second"].missing == ("first",)


def test_course_problems_across_lessons(tmp_path):
    broken = [(tmp_path / "a", _summary("a", 1, "b")), (tmp_path / "b", _summary("b", 2)),
              (tmp_path / "c", _summary("c", 2, "nope"))]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "lesson.yaml").write_text("id: c\ncourse:\n  order: 2\n")
    found = {(Path(p.path).parent.name, p.line, p.key) for p in course_problems(broken)}
    assert found == {("a", 1, "problem.course_requires_later"), ("c", 2, "problem.course_same_order"),
                     ("c", 2, "problem.course_unknown_lesson")}


def test_the_shipped_course_is_whole():
    shipped = lesson_summaries(list_lessons())
    assert course_problems(shipped) == []
    order = [s.id for s in course_order(s for _, s in shipped if s is not None)]
    assert order[:2] == ["docker-push", "image-tags"]


def _finish(lesson: str) -> None:
    from tutor import progress

    progress.save(LessonProgress(lesson, None, ("a",), finished=1.0, completions=(Completion(1.0, 60, 0, 1),)))


def test_tutor_list_shows_the_course_and_where_the_learner_is(tutor):
    from tutor import progress

    listed = tutor("list")
    lines = listed.stdout.splitlines()
    assert listed.exit_code == 0
    assert [line.split()[0] for line in lines[1:5]] == ["docker-push", "image-tags", "access-tokens",
                                                        "credential-helper"]
    assert lines[1].endswith("8   id, en") and "(after docker-push)" in lines[2]
    _finish("docker-push")
    progress.save(LessonProgress("image-tags", "build", ("latest", "tag-version", "push-version", "digests")))
    lines = tutor("--lang", "id", "list").stdout.splitlines()
    assert lines[1].endswith("8 ✓   id, en") and lines[2].endswith("5/9   id, en")
    assert "setelah" not in lines[3] and lines[3].endswith("8   id, en")


def test_tutor_start_without_a_lesson_goes_on_with_the_course(tutor):
    from tutor.lesson.course import course_order

    going = tutor("start")  # nothing done yet: the first lesson (then: no terminal here, one sentence)
    assert "Going on with the course: docker-push." in going.stdout
    _finish("docker-push")
    assert "Going on with the course: image-tags." in tutor("start").stdout
    for summary in course_order(s for _, s in lesson_summaries(list_lessons()) if s is not None):
        _finish(summary.id)
    done = tutor("start")
    assert done.exit_code == 0 and "Every lesson of the course is done" in done.stdout


def test_validate_checks_the_course_across_the_shipped_lessons(tutor, monkeypatch, tmp_path):
    import shutil

    from conftest import replace_in

    import tutor.lesson.catalog as catalog

    root = tmp_path / "lessons"
    shutil.copytree(catalog.bundled_root(), root)
    replace_in(root / "image-tags" / "lesson.yaml", "requires: [docker-push]", "requires: [docker-pusj]")
    monkeypatch.setattr(catalog, "bundled_root", lambda: root)
    result = tutor("validate")
    assert result.exit_code == 1
    assert "image-tags/lesson.yaml:" in result.stdout
    assert "course: 'image-tags' requires 'docker-pusj', which is not a lesson here" in result.stdout
