"""The check kinds of versions and digests (registry_same_digest, built_from, pulled), each passing and failing
for the right reason against the real engine and a real registry, and their arguments validated."""

from __future__ import annotations

import time

import pytest
from realdocker import docker_cli, tag_and_push

from tutor.checks.context import CheckContext
from tutor.checks.state import built_from, pulled, registry_same_digest

pytestmark = pytest.mark.engine


@pytest.fixture
def ctx(docker_client, docker_config):
    context = CheckContext(since=time.time() - 1)
    yield context
    context.close()


def _build(tmp_path, tag: str, dockerfile: str) -> None:
    folder = tmp_path / tag.replace("/", "_").replace(":", "_")
    folder.mkdir()
    (folder / "Dockerfile").write_text(dockerfile)
    (folder / "VERSION").write_text("1.1\n")
    built = docker_cli("build", "-t", tag, str(folder))
    assert built.returncode == 0, built.stderr


def test_registry_same_digest_asks_the_registry_not_the_local_column(ctx, scratch_image, registry, tmp_path):
    repository, _ = scratch_image
    repo = f"{registry.address}/budi/{repository}"
    assert docker_cli("tag", repository, f"{repo}:1.0").returncode == 0
    assert docker_cli("tag", repository, f"{repo}:latest").returncode == 0
    pushed = docker_cli("push", f"{repo}:1.0")
    assert pushed.returncode == 0, pushed.stderr
    # Only 1.0 was pushed: locally both rows show its digest, but the registry has no latest.
    missing = registry_same_digest(ctx, f"{repo}:1.0", f"{repo}:latest")
    assert not missing.passed and missing.found.text("en") == f"{repo}:latest is not in the registry"
    assert docker_cli("push", f"{repo}:latest").returncode == 0
    same = registry_same_digest(ctx, f"{repo}:1.0", f"{repo}:latest")
    assert same.passed and same.found.text("en").startswith("both are sha256:")
    assert same.found.text("id").startswith("keduanya sha256:")
    # latest moves locally to a new build: the registry still has the old one until it is pushed.
    _build(tmp_path, f"{repo}:1.1", f"FROM {repository}\nCOPY VERSION /VERSION\n")
    try:
        assert docker_cli("push", f"{repo}:1.1").returncode == 0
        assert docker_cli("tag", f"{repo}:1.1", f"{repo}:latest").returncode == 0
        stale = registry_same_digest(ctx, f"{repo}:1.1", f"{repo}:latest")
        assert not stale.passed and "two different manifests" in stale.found.text("en")
        assert docker_cli("push", f"{repo}:latest").returncode == 0
        assert registry_same_digest(ctx, f"{repo}:1.1", f"{repo}:latest").passed
        # A digest reference names its manifest too.
        digest = same.found.values["digest"]
        assert registry_same_digest(ctx, f"{repo}@{digest}", f"{repo}:1.0").passed
    finally:
        docker_cli("rmi", f"{repo}:1.1", f"{repo}:latest")


def test_built_from_needs_the_base_layers_and_another_image(ctx, scratch_image, docker_client, unique, tmp_path):
    repository, image_id = scratch_image
    layered, labelled, other = f"tutortest-{unique}-layer", f"tutortest-{unique}-label", f"tutortest-{unique}-other"
    renamed = f"tutortest-{unique}-renamed"
    _build(tmp_path, layered, f"FROM {repository}\nCOPY VERSION /VERSION\n")
    _build(tmp_path, labelled, f"FROM {repository}\nLABEL version=1.1\n")
    from realdocker import import_image

    import_image(docker_client, other, "not built on it")
    assert docker_cli("tag", repository, renamed).returncode == 0
    try:
        with_layer = built_from(ctx, layered, repository)
        assert with_layer.passed
        assert with_layer.found.text("en").endswith(f"has {repository}'s 1 layers and 1 more of its own")
        config_only = built_from(ctx, labelled, repository)
        assert config_only.passed and "with a configuration of its own" in config_only.found.text("en")
        same = built_from(ctx, renamed, repository)
        assert not same.passed and "named again, not built" in same.found.text("en")
        assert "hanya diberi nama lagi" in same.found.text("id")
        unrelated = built_from(ctx, other, repository)
        assert not unrelated.passed and "built on something else" in unrelated.found.text("en")
        missing = built_from(ctx, f"{layered}-nope", repository)
        assert not missing.passed and missing.found.text("en") == f"no image named {layered}-nope:latest"
    finally:
        docker_cli("rmi", layered, labelled, other, renamed)


def test_pulled_reads_the_engines_log_of_this_attempt(ctx, scratch_image, registry, docker_client):
    repository, image_id = scratch_image
    repo = f"{registry.address}/budi/{repository}"
    assert tag_and_push(repository, f"{repo}:1.0").returncode == 0
    nothing = pulled(ctx, f"{repo}:1.0")
    assert not nothing.passed and nothing.found.text("en").startswith(f"no pull of {repo}:1.0 since ")
    # The image is here: this pull changes nothing in the final state, only the engine's log shows it.
    assert docker_cli("pull", f"{repo}:1.0").returncode == 0
    assert pulled(ctx, f"{repo}:1.0").passed
    by_tag_only = pulled(ctx, f"{repo}:1.0", by="digest")
    assert not by_tag_only.passed and f"none of them is {repo}@sha256:" in by_tag_only.found.text("en")
    # ... and it was not removed first.
    not_removed = pulled(ctx, f"{repo}:1.0", after="removal")
    assert not not_removed.passed and "had not been removed before" in not_removed.found.text("en")

    digest = registry_same_digest(ctx, f"{repo}:1.0", f"{repo}:1.0").found.values["digest"]
    assert docker_cli("pull", f"{repo}@{digest}").returncode == 0
    by_digest = pulled(ctx, f"{repo}:1.0", by="digest")
    assert by_digest.passed and by_digest.found.text("en").startswith(f"pulled {repo}@{digest} at ")

    assert docker_cli("rmi", f"{repo}:1.0").returncode == 0
    assert docker_cli("pull", f"{repo}:1.0").returncode == 0
    back = pulled(ctx, f"{repo}:1.0", after="removal")
    assert back.passed, back.found.text("en")

    # An attempt that began after all this has seen no pull.
    later = CheckContext(since=time.time() + 1)
    try:
        assert not pulled(later, f"{repo}:1.0").passed
    finally:
        later.close()


def test_the_new_kinds_arguments_are_validated(tmp_path, lesson_copy, tutor):
    from conftest import line_of, replace_in

    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "      - image_exists: {ref: \"{{ image }}\"}\n",
               "      - image_exists: {ref: \"{{ image }}\"}\n"
               "      - pulled: {ref: \"{{ target }}\", by: hash}\n"
               "      - built_from: {ref: \"{{ target }}\"}\n")
    result = tutor("validate", str(lesson_copy))
    assert result.exit_code != 0
    line = line_of(manifest, "by: hash")
    assert (f"lesson.yaml:{line}: argument 'by' of check 'pulled' is 'hash'; it takes one of: tag, digest"
            in result.stdout)
    assert f"lesson.yaml:{line + 1}: check 'built_from' needs the argument 'base'" in result.stdout


def test_until_must_name_a_later_step(lesson_copy, tutor):
    from conftest import line_of, replace_in

    manifest = lesson_copy / "lesson.yaml"
    replace_in(manifest, "      - same_image: {a: \"{{ image }}\", b: \"{{ target }}\"}\n    triggers:",
               "      - same_image: {a: \"{{ image }}\", b: \"{{ target }}\"}\n        until: registry\n    triggers:")
    result = tutor("validate", str(lesson_copy))
    line = line_of(manifest, "until: registry") - 1
    assert result.exit_code != 0
    assert f"lesson.yaml:{line}: 'until: registry' must name a later step of this lesson" in result.stdout
    replace_in(manifest, "until: registry", "until: push")
    assert tutor("validate", str(lesson_copy)).exit_code == 0


def test_a_step_named_by_until_is_evaluated_once(tmp_path, monkeypatch, docker_config):
    """`tutor check` on a lesson whose first step looks `until:` a later one: the later step's checks run once
    (before, once for the `until:` and again when the loop reached it: twice the registry questions)."""
    from conftest import replace_in

    from tutor.checks import run
    from tutor.lesson.loader import load_lesson
    from tutor.lesson.scaffold import new_lesson

    folder = new_lesson(tmp_path / "looks-ahead")
    replace_in(folder / "lesson.yaml", "      - answer: {correct: b}\n",
               "      - answer: {correct: b}\n        until: look\n")
    lesson = load_lesson(folder)
    asked: list[str] = []
    real = run.evaluate_step

    def counted(step, values, ctx, did=run.Turn()):
        asked.append(step.id)
        return real(step, values, ctx, did)

    monkeypatch.setattr(run, "evaluate_step", counted)
    reports = run.evaluate_lesson(lesson, {}, CheckContext())
    assert [report.step_id for report in reports] == ["why", "look"]
    assert sorted(asked) == ["look", "why"]
