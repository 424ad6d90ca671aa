"""Whatever bytes a lesson's files hold, the loader raises nothing but the project's own LessonError."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.errors import LessonError
from tutor.lesson.catalog import bundled_root
from tutor.lesson.loader import load_lesson, validate_lesson

ORIGINAL = {name: (bundled_root() / "docker-push" / name).read_bytes() for name in ("lesson.yaml", "en.md", "id.md")}

# Noise shaped like the format, so the fuzzing reaches past the first syntax error.
fragments = st.sampled_from([
    b"format_version: 1\n", b"steps:\n", b"  - id: x\n", b"    checks:\n", b"      - image_exists: {ref: a}\n",
    b"variables: {a: '{{ b }}', b: '{{ a }}'}\n", b"triggers: [{output: x, hint: y}]\n", b"---\ntitle: t\n---\n",
    b"## T {#x}\n", b"### H {.hints}\n", b"1. hint\n", b"### N {#n}\n", b"```bash\ndocker x \\\n```\n",
    b"{{ v }}", b"- ", b"\xff\xfe", b"[", b"{", b"&a [*a, *a]\n", b"!!python/object:os.system x\n", b"\t", b"\x00",
])
noise = st.lists(st.one_of(fragments, st.binary(max_size=40)), max_size=25).map(b"".join)


def _write(directory: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (directory / name).write_bytes(data)


# Half again the profile's count: 150 in the whole suite, 15 in the quick run (tests/conftest.py).
@settings(max_examples=settings.default.max_examples * 3 // 2, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(ORIGINAL)), data=noise, keep_prefix=st.integers(0, 4000))
def test_loader_only_raises_lesson_error(tmp_path_factory, name, data, keep_prefix):
    directory = tmp_path_factory.mktemp("fuzz")
    files = dict(ORIGINAL)
    files[name] = ORIGINAL[name][:keep_prefix] + data  # a real lesson with its tail replaced by noise
    _write(directory, files)
    problems = validate_lesson(directory)
    assert all(p.line >= 1 for p in problems)
    try:
        load_lesson(directory)
    except LessonError as error:
        assert error.problems
