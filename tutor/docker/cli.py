"""The `docker` command line, for what only it does right: `docker login` and `docker logout` (only the CLI
updates config.json and the credential helper the way Docker itself reads them later), and the practice
registry's container (run, inspect, logs, rm; an image pulled or looked for).

Every run goes through `run`: one error mapping (no `docker` on PATH, or a run past its time limit, is a
failed run with the reason as its output, never an exception) and a time limit per kind of operation.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Seconds each kind of run may take. A look at the engine's records is quick; a login waits for a registry
# (and its token service); a pull may download a whole image.
LOOK = 10
CHANGE = 30
START = 60
LOGIN = 120
PULL = 300


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def output(self) -> str:
        """What the run said, both streams, as one text."""
        return (self.stdout + self.stderr).strip()

    @property
    def last_error_line(self) -> str:
        return (self.stderr.strip().splitlines() or ["?"])[-1]


def available() -> bool:
    return shutil.which("docker") is not None


def run(*args: str, timeout: float = CHANGE, input: str | None = None) -> CliResult:
    try:
        done = subprocess.run(["docker", *args], input=input, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        return CliResult(1, "", str(error))
    return CliResult(done.returncode, done.stdout, done.stderr)


# --- logins ------------------------------------------------------------------------------------------------
def login(registry: str, user: str, password: str) -> CliResult:
    """`docker login` with the password on stdin: never on a command line another user could read."""
    return run("login", registry, "-u", user, "--password-stdin", input=password + "\n", timeout=LOGIN)


def logout(registry: str) -> CliResult:
    return run("logout", registry, timeout=START)


# --- images and containers -------------------------------------------------------------------------------
def image_present(image: str) -> bool:
    return run("image", "inspect", "--format", "{{.Id}}", image, timeout=LOOK).ok


def pull(image: str) -> bool:
    return run("pull", image, timeout=PULL).ok


def container_labels(name: str, labels: Sequence[str]) -> tuple[bool, dict[str, str]] | None:
    """(running, the values of `labels`) of the container `name`; None when there is none."""
    fields = "|".join(f'{{{{index .Config.Labels "{label}"}}}}' for label in labels)
    found = run("inspect", "--format", f"{{{{.State.Running}}}}|{fields}", name, timeout=LOOK)
    if not found.ok:
        return None
    running, _, rest = found.output.partition("|")
    values = rest.split("|", len(labels) - 1)
    return running == "true", dict(zip(labels, values + [""] * (len(labels) - len(values)), strict=True))


def remove_container(name: str, timeout: float = CHANGE) -> CliResult:
    return run("rm", "-f", name, timeout=timeout)


def run_container(name: str, image: str, labels: Mapping[str, str], options: Sequence[str],
                  command: Sequence[str]) -> CliResult:
    """`docker run -d` of `image` as `name`, labelled, with `options` (network, ports, volumes)."""
    labelled = [part for key, value in labels.items() for part in ("--label", f"{key}={value}")]
    return run("run", "-d", "--name", name, *labelled, *options, image, *command, timeout=START)


def container_logs(name: str, tail: int = 20) -> str:
    return run("logs", "--tail", str(tail), name, timeout=LOOK).output
