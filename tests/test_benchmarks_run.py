"""The benchmarks run on demand, not in CI; this only checks that they still run against the current code
(a changed signature once broke one silently). No timing is asserted here."""

import math
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


# Both exit 1 when over a time target (a speed verdict, not this test's business); room exits 2 when an event
# was lost or doubled or a push not verified: a defect.
@pytest.mark.parametrize("argv, codes", [(["rush", "--learners", "5"], (0, 1)),
                                         (["room", "--learners", "6", "--pushes", "1", "--seconds", "4"], (0, 1))])
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


def test_classroom_room_run_fails_on_a_missed_time_target(monkeypatch):
    """room's exit code: a p99 or a board answer over its target is a failed run (it once counted only lost
    events and unverified pushes), nothing measured (nan) is not a pass, and a defect outranks a slow run."""
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    bench = runpy.run_path(str(REPO / "benchmarks" / "bench_classroom.py"))
    verdict, nan = bench["room_verdict"], float("nan")
    assert verdict(True, True, 88.0, 129.0) == bench["MET"] == 0
    assert verdict(True, True, 3700.0, 129.0) == bench["MISSED"] == 1
    assert verdict(True, True, 88.0, 5500.0) == 1
    assert verdict(True, True, nan, 129.0) == 1
    assert verdict(True, True, 88.0, nan) == 1
    assert verdict(False, True, 88.0, 129.0) == bench["BROKEN"] == 2
    assert verdict(True, False, 3700.0, 5500.0) == 2


def test_percentile_of_nothing_measured_is_nan():
    """_setup.percentile_ms on an empty list (a run without pushes, a board never answered): nan, which meets
    no target, instead of an IndexError that lost the run's other figures."""
    percentile_ms = runpy.run_path(str(REPO / "benchmarks" / "_setup.py"))["percentile_ms"]
    assert math.isnan(percentile_ms([], 0.99))
    assert percentile_ms([0.010, 0.020, 0.030], 0.5) == 20.0
