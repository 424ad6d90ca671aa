"""Evaluating every check of the docker-push lesson vs the bare cost of the same Docker API and registry
HTTP calls, measured in the same run. Target: median within 3x of the bare calls."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import docker, free_port, median_ms, private_homes, timed  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))


def main() -> int:
    with private_homes():
        import docker as docker_sdk
        import requests

        from tutor.checks.context import CheckContext
        from tutor.checks.run import evaluate_lesson
        from tutor.docker.engine import DockerEnv
        from tutor.lesson.loader import load_named
        from tutor.lesson.values import lesson_values
        from tutor.practice import launcher
        from tutor.practice.image import ensure_practice_image
        from tutor.registry.client import MANIFEST_TYPES

        up = launcher.up(port=free_port())
        made = ensure_practice_image(DockerEnv(), load_named("docker-push"))
        launcher.add_user("budi", "benchpw123")
        target = f"{up.address}/budi/fastapi-app"
        try:
            assert docker("login", up.address, "-u", "budi", "--password-stdin", input="benchpw123\n").returncode == 0
            assert docker("tag", "fastapi-app", target).returncode == 0
            assert docker("push", target).returncode == 0

            lesson = load_named("docker-push")
            values = lesson_values(lesson, "practice", "budi", practice_address=up.address)
            ctx = CheckContext()

            def tutor_checks():
                ctx.refresh()  # as after each learner command: config.json re-read, connections kept
                reports = evaluate_lesson(lesson, values, ctx)
                assert all(r.status.value != "fail" for r in reports), reports

            # The bare calls the same checks need: 8 image inspects and 2 manifest HEADs (token already had).
            client = docker_sdk.from_env()
            session = requests.Session()
            token = requests.get(f"http://127.0.0.1:{launcher.read_state().token_port}/token",
                                 params={"service": "tutor-practice", "scope": "repository:budi/fastapi-app:pull"},
                                 auth=("budi", "benchpw123"), timeout=5).json()["token"]
            url = f"http://{up.address}/v2/budi/fastapi-app/manifests/latest"
            headers = {"Accept": MANIFEST_TYPES, "Authorization": f"Bearer {token}"}

            def bare_calls():
                for ref in ["fastapi-app", target, "fastapi-app", target, "fastapi-app", target, target, target]:
                    client.api.inspect_image(ref)
                for _ in range(2):
                    assert session.head(url, headers=headers, timeout=5).status_code == 200

            tutor_checks(), bare_calls()  # warm both
            bare = timed(bare_calls, REPEAT)
            ours = timed(tutor_checks, REPEAT)
            ratio = median_ms(ours) / median_ms(bare)
            print(f"bare Docker API + registry calls: median {median_ms(bare):.2f} ms")
            print(f"all docker-push checks:           median {median_ms(ours):.2f} ms")
            print(f"ratio: {ratio:.2f}x (target <= 3x) {'OK' if ratio <= 3 else 'OVER TARGET'}")
            ctx.close()
            return 0 if ratio <= 3 else 1
        finally:
            docker("rmi", target)
            if made:
                docker("rmi", "fastapi-app")
            launcher.down(purge=True)


if __name__ == "__main__":
    sys.exit(main())
