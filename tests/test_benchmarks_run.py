"""The benchmarks run on demand, not in CI; this only checks that they still run against the current code
(a changed signature once broke one silently). No timing is asserted here."""

import runpy
import sys

import pytest
from conftest import REPO


@pytest.mark.parametrize("script", ["bench_checks.py"])
def test_benchmark_still_runs(script, docker_client, monkeypatch):
    monkeypatch.setenv("BENCH_REPEAT", "2")
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    monkeypatch.setattr(sys, "argv", [script])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(REPO / "benchmarks" / script), run_name="__main__")
    assert done.value.code in (0, 1)  # 1 would mean over target: a speed verdict, not this test's business


def test_session_benchmark_mark_and_change_to_verdict_still_run(docker_client, monkeypatch, tmp_path):
    monkeypatch.setenv("BENCH_REPEAT", "1")
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    bench = runpy.run_path(str(REPO / "benchmarks" / "bench_session.py"))
    private_homes = runpy.run_path(str(REPO / "benchmarks" / "_setup.py"))["private_homes"]
    with private_homes():
        assert bench["bench_mark_to_verdict"]() > 0
        assert bench["bench_watch_change_to_verdict"]() > 0


# rush exits 1 when over its time target (a speed verdict, not this test's business); room exits 1 only when an
# event was lost or doubled or a push not verified: a defect.
@pytest.mark.parametrize("argv, codes", [(["rush", "--learners", "5"], (0, 1)),
                                         (["room", "--learners", "6", "--pushes", "1", "--seconds", "4"], (0,))])
def test_classroom_benchmark_still_runs(argv, codes, docker_client, app_image, monkeypatch):
    """A tiny room through each of bench_classroom's modes: the whole path (classroom up, joins, posts, a push
    verified by the export, the board asked) still works; its figures are not this test's business."""
    from realdocker import REGISTRY_BINARY

    if not REGISTRY_BINARY:
        pytest.skip("registry binary missing")
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    monkeypatch.setenv("TUTOR_PRACTICE_LAUNCH", "binary")
    monkeypatch.setattr(sys, "argv", ["bench_classroom.py", *argv])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(REPO / "benchmarks" / "bench_classroom.py"), run_name="__main__")
    assert done.value.code in codes
