"""Shared set-up for benchmarks: a private TUTOR_HOME and DOCKER_CONFIG, the practice registry on a free port."""

from __future__ import annotations

import os
import queue
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def private_homes():
    """A private TUTOR_HOME and DOCKER_CONFIG for the run; the environment is restored afterwards."""
    names = ("TUTOR_HOME", "DOCKER_CONFIG", "TUTOR_PRACTICE_LAUNCH", "TUTOR_PRACTICE_PORT")
    saved = {name: os.environ.get(name) for name in names}
    try:
        with tempfile.TemporaryDirectory(prefix="tutor-bench-") as root:
            os.environ["TUTOR_HOME"] = str(Path(root) / "home")
            os.environ["DOCKER_CONFIG"] = str(Path(root) / "docker")
            Path(os.environ["DOCKER_CONFIG"]).mkdir()
            os.environ.setdefault("TUTOR_PRACTICE_LAUNCH", "binary")
            yield Path(root)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def docker(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The docker CLI; `env`: its whole environment (e.g. a learner's own DOCKER_CONFIG), else this process's."""
    return subprocess.run(["docker", *args], input=input, env=env, capture_output=True, text=True, timeout=300)


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def percentile_ms(samples: list[float], q: float) -> float:
    """The q-quantile of `samples` in ms; nan when there is nothing to measure (a run without pushes, say), so
    that a comparison with a target is false rather than an IndexError."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class QueuedKeys:
    """The --watch driver's keys (tutor/live/keys.py's interface), put by another thread: a benchmark or a test
    driving the watch loop in its own process."""

    def __init__(self) -> None:
        self.pressed: queue.Queue[str] = queue.Queue()

    def __enter__(self) -> QueuedKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def read(self, timeout: float) -> str | None:
        try:
            return self.pressed.get(timeout=timeout)
        except queue.Empty:
            return None


class CapturedScreen:
    """What the driver writes (bytes, through Environment.write), readable while it runs."""

    def __init__(self) -> None:
        self.buffer, self.seen = self, b""  # Environment.write writes to stdout.buffer

    def write(self, data: bytes) -> int:
        self.seen += data
        return len(data)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def watch_in_thread(engine, screen: CapturedScreen) -> tuple[QueuedKeys, threading.Thread]:
    """`tutor start --watch`'s loop on a thread of its own, drawing on `screen`: the opening shown, then the
    driver started; the keys are put by the caller (`q` ends it)."""
    from tutor.environment import Environment
    from tutor.live import watch
    from tutor.ui.live import LiveView

    keys = QueuedKeys()
    env = Environment("en", stdout=screen)
    view = LiveView(env)
    view.opening(engine.opening())
    driver = threading.Thread(target=watch.run_watch, args=(engine, view, env, keys), daemon=True)
    driver.start()
    return keys, driver
