"""`tutor test docker-push` (both languages: every solution and mistake played through the live engine in the
learner's shell, the checks, the coverage, the engine compared and cleaned) vs a plain scripted run of the
same commands in bash, measured in the same run: for each language a fresh practice registry, the same
setup actions, the same typed lines (a login's password on stdin instead of at the prompt), the registry
stopped and started where a mistake wants it, the names put back after each mistake. Target: within 4x."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import private_homes  # noqa: E402

TARGET_RATIO = 4.0
REPEAT = int(os.environ.get("BENCH_REPEAT", "1"))


def scripted_run(lesson, tests, lang: str) -> None:
    """The same commands, typed by nobody: one bash process per step's commands, no tutor in between."""
    from tutor.docker.engine import DockerEnv
    from tutor.lesson.template import fill
    from tutor.lesson.values import PRACTICE, lesson_values
    from tutor.lessontest import sandbox
    from tutor.live.session import solution_commands
    from tutor.practice import launcher
    from tutor.practice.accounts import generate_password

    docker = DockerEnv()
    before = sandbox.EngineState.take(docker)
    with sandbox.throwaway_place() as place:
        up = launcher.up(place.port)
        password = generate_password()
        launcher.add_user("budi", password)
        if lesson.practice_image:
            from tutor.practice.image import ensure_practice_image

            ensure_practice_image(docker, lesson)
        values = {**lesson_values(lesson, PRACTICE, "budi", practice_address=up.address), "port": str(place.port),
                  "password": password}

        def typed(line: str) -> str:
            line = fill(line, values)
            if line.startswith("docker login") and "--password-stdin" not in line and "<" not in line:
                line += f" --password-stdin <<< '{password}'"
            return line

        def script(lines: list[str]) -> None:
            sandbox.run_shell("\n".join(typed(line) for line in lines) or "true", place)

        def act(actions) -> None:
            for action in actions:
                if action.image:
                    sandbox.make_image(docker, fill(action.image, values))
                elif action.registry_stopped:
                    sandbox.stop_registry()
                elif action.shell:
                    sandbox.run_shell(fill(action.shell, values), place)

        act(tests.setup)
        for step in lesson.steps:
            start = sandbox.keep_step_state(docker, place)
            script(["true"])
            for mistake in tests.of(step.id).mistakes:
                if mistake.needs_network:
                    continue
                act(mistake.setup)
                script(list(mistake.typed))
                if any(action.registry_stopped for action in mistake.setup):
                    sandbox.start_registry(place.port)
                sandbox.back_to(docker, place, start)
            text, _ = lesson.step_text(step.id, lang)
            given = tests.of(step.id).solution
            commands = list(given) if given is not None else solution_commands(step, text.commands, values)
            script([c for c in commands if not c.startswith(("answer ", "next"))])
        if tests.final:
            act(tests.final.setup)
            script(list(tests.final.typed))
    sandbox.put_names_back(docker, before.names, before.images)


def main() -> int:
    with private_homes():
        from tutor.app.lessontest import run_tests
        from tutor.lesson.loader import load_named
        from tutor.lessontest.spec import load_tests

        lesson = load_named("docker-push")
        tests = load_tests(lesson)
        tutor_times, bash_times = [], []
        for _ in range(REPEAT):
            started = time.perf_counter()
            result = run_tests("docker-push")
            tutor_times.append(time.perf_counter() - started)
            assert result.ok, [f.key for r in result.runs for f in result.failures(r.lang)]
            started = time.perf_counter()
            for lang in lesson.languages:
                scripted_run(lesson, tests, lang)
            bash_times.append(time.perf_counter() - started)
        tutor_s, bash_s = min(tutor_times), min(bash_times)
        ratio = tutor_s / bash_s
        mistakes = sum(run.mistakes for run in result.runs)
        print(f"tutor test docker-push ({', '.join(lesson.languages)}; {mistakes} mistakes): {tutor_s:.1f} s")
        print(f"the same commands scripted in bash:                 {bash_s:.1f} s")
        print(f"ratio {ratio:.2f}x (target <= {TARGET_RATIO}x)")
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
