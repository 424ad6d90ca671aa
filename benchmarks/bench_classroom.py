"""A room at scale, bounded and on loopback (127.0.0.2): 200 simulated learners post a progress event every
2 s for 60 s while 50 learners push the practice image at once. Reports event latency p50/p99, push success,
and that every event sent was stored exactly once.

    .venv/bin/python benchmarks/bench_classroom.py [--seconds 60] [--learners 200] [--pushes 50]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).parent))

from _setup import free_port, percentile_ms, private_homes  # noqa: E402

LISTEN = "127.0.0.2"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--pushes", type=int, default=50)
    args = parser.parse_args()
    with private_homes() as root:
        env = {**os.environ}
        tutor = [sys.executable, "-m", "tutor"]
        started = time.perf_counter()
        up = subprocess.run(tutor + ["classroom", "up", "--listen", LISTEN, "--port", str(free_port()),
                                     "--count", str(args.learners)], env=env, capture_output=True, text=True)
        assert up.returncode == 0, up.stderr
        print(f"classroom up with {args.learners} accounts: {time.perf_counter() - started:.1f} s")
        room_dir = Path(env["TUTOR_HOME"]) / "classroom"
        room = json.loads((room_dir / "room.json").read_text())
        service = f"https://{LISTEN}:{room['service_port']}"
        ca = str(room_dir / "ca.crt")
        with open(room_dir / "handout.csv", newline="") as handle:
            accounts = [(row["username"], row["password"]) for row in csv.DictReader(handle)]
        subprocess.run(tutor + ["practice", "up"], env=env, capture_output=True)  # the practice image, offline
        latencies: list[float] = []  # steady state: every post after a learner's first
        first_contact: list[float] = []  # a learner's first post: bcrypt checks their password once
        attempted: set[str] = set()
        retries = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def learner(account: tuple[str, str]) -> None:
            session = requests.Session()
            session.auth = account  # verify per request: a session-wide verify loses to REQUESTS_CA_BUNDLE
            time.sleep((hash(account[0]) % 2000) / 1000)  # spread the 2 s rhythm
            first = True
            while time.monotonic() < deadline:
                event = [{"id": uuid.uuid4().hex, "kind": "hint_used", "step": "push", "at": time.time()}]
                with lock:
                    attempted.add(event[0]["id"])
                start = time.perf_counter()
                while True:  # as the learner's outbox does: the same event again until it is acknowledged
                    try:
                        if session.post(f"{service}/api/events", json=event, timeout=30, verify=ca).status_code == 200:
                            break
                    except requests.RequestException:
                        pass
                    with lock:
                        retries[0] += 1
                    time.sleep(1)
                with lock:
                    (first_contact if first else latencies).append(time.perf_counter() - start)
                first = False
                time.sleep(max(0.0, 2 - (time.perf_counter() - start)))

        def push(account: tuple[str, str]) -> bool:
            user, password = account
            config = root / "pushers" / user
            config.mkdir(parents=True, exist_ok=True)
            penv = {**os.environ, "DOCKER_CONFIG": str(config)}
            run = lambda *a, **k: subprocess.run(["docker", *a], env=penv, capture_output=True, text=True, **k)  # noqa: E731
            target = f"{room['registry']}/{user}/fastapi-app"
            login = run("login", room["registry"], "-u", user, "--password-stdin", input=password + "\n")
            tagged = run("tag", "fastapi-app", target)
            pushed = run("push", target)
            run("rmi", target)
            return login.returncode == 0 and tagged.returncode == 0 and pushed.returncode == 0

        with ThreadPoolExecutor(args.learners) as posters, ThreadPoolExecutor(args.pushes) as pushers:
            load = [posters.submit(learner, account) for account in accounts]
            time.sleep(min(5, args.seconds / 4))
            push_start = time.perf_counter()
            pushes = list(pushers.map(push, accounts[: args.pushes]))
            push_seconds = time.perf_counter() - push_start
            for future in load:
                future.result()
        stored = sqlite3.connect(room_dir / "classroom.db").execute(
            "SELECT COUNT(*) FROM events WHERE kind = 'hint_used'").fetchone()[0]
        intact = stored == len(attempted)  # ids are the primary key: nothing doubled; equal count: nothing lost
        print(f"events: {len(attempted)} sent by {args.learners} learners every 2 s for {args.seconds:.0f} s; "
              f"steady state p50 {percentile_ms(latencies, 0.5):.1f} ms, p99 {percentile_ms(latencies, 0.99):.1f} ms; "
              f"first contact (one bcrypt check each) p50 {percentile_ms(first_contact, 0.5):.0f} ms, "
              f"p99 {percentile_ms(first_contact, 0.99):.0f} ms; retries {retries[0]}; stored {stored} "
              f"{'OK: none lost, none doubled' if intact else 'LOST OR DOUBLED'}")
        print(f"pushes: {sum(pushes)}/{len(pushes)} succeeded, all at once, in {push_seconds:.1f} s")
        subprocess.run(tutor + ["classroom", "down", "--purge"], env=env, capture_output=True)
        subprocess.run(tutor + ["practice", "down", "--purge"], env=env, capture_output=True)
        return 0 if intact and all(pushes) else 1


if __name__ == "__main__":
    sys.exit(main())
