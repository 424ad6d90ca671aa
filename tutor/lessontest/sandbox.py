"""Where lesson tests run, and how they leave the engine: a throwaway TUTOR_HOME, DOCKER_CONFIG and HOME with
the practice registry on a free 127.0.0.1 port (one per language: each starts from nothing), the engine's
names snapshotted (with their image IDs) before and compared after, and the state of one step kept so that
each mistake starts from it."""

from __future__ import annotations

import http.server
import io
import os
import shutil
import signal
import socket
import subprocess
import tarfile
import tempfile
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tutor.docker.config import config_path, load_config
from tutor.docker.engine import DockerEnv, split_tag
from tutor.errors import TutorError
from tutor.practice import launcher, processes
from tutor.practice.lesson_baseline import LessonChanges, undo_changes

# A folder of credential helpers (docker-credential-pass) for lessons that use one, never installed for the whole
# machine: with `pass` and its helper on the PATH, Docker takes `pass` as the default store of every config
# without logins, and a fresh `docker login` fails. scripts/provision.sh fetches it; tests/conftest.py names it.
CREDENTIAL_HELPERS = "TUTOR_CREDENTIAL_HELPERS"
# The folder of programs a lesson's tests make (Place.bin), as the setup commands and the shell see it.
TEST_BIN = "TUTOR_TEST_BIN"
SHELL_SECONDS = 120  # a setup command of a test (a login, a push) gets this long


# --- the engine as found ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EngineState:
    """What a run must leave as it found: every local name with its image ID, and the shape of the learner's
    Docker config (which registries it holds a login for and how, its helpers; never a secret)."""

    names: Mapping[str, str]
    images: frozenset[str]
    config_shape: Mapping[str, object]

    @classmethod
    def take(cls, docker: DockerEnv) -> EngineState:
        return cls(docker.tag_ids(), frozenset(docker.image_ids()), config_shape())


def config_shape(path: Path | None = None) -> dict[str, object]:
    try:
        config = load_config(path or config_path())
    except TutorError as error:
        return {"unreadable": error.key}
    auths = config.get("auths") if isinstance(config.get("auths"), dict) else {}
    return {"auths": {key: sorted(entry) if isinstance(entry, dict) else type(entry).__name__
                      for key, entry in sorted(auths.items())},
            "credsStore": config.get("credsStore"), "credHelpers": config.get("credHelpers")}


def put_names_back(docker: DockerEnv, before: Mapping[str, str], images: frozenset[str]) -> None:
    """Puts moved and removed names back on their image, then removes the names made since `before` (in that
    order, as a lesson's reset does: removing a made name never deletes an image a moved one still needs), then
    the images made since (`images` were there before): a pushed image keeps its digest when its last name goes."""
    now = docker.tag_ids()
    made = tuple(name for name in now if name not in before)
    moved = tuple((name, image) for name, image in before.items() if now.get(name) != image)
    undo_changes(docker, LessonChanges(made, moved, tokens=(), logout=False))
    for image in docker.image_ids() - images:
        docker.remove_image(image)


def differences(before: EngineState, after: EngineState) -> list[str]:
    """What changed, one line each: `+name`, `-name`, `~name` (another image), `config: ...`."""
    lines = [f"+{name}" for name in sorted(set(after.names) - set(before.names))]
    lines += [f"-{name}" for name in sorted(set(before.names) - set(after.names))]
    lines += [f"~{name}" for name in sorted(set(before.names) & set(after.names))
              if before.names[name] != after.names[name]]
    lines += [f"+image {image}" for image in sorted(after.images - before.images)]
    lines += [f"-image {image}" for image in sorted(before.images - after.images)]
    if before.config_shape != after.config_shape:
        lines.append(f"config: {dict(before.config_shape)} -> {dict(after.config_shape)}")
    return lines


# --- a throwaway place for one language's run -----------------------------------------------------------------
@dataclass
class Place:
    root: Path
    home: Path  # the learner's HOME in the shell
    docker_config: Path
    port: int
    path: str = ""  # the shell's PATH (the process's own may also name the credential helpers' folder)

    @property
    def bin(self) -> Path:
        """A folder for programs the tests make (a stand-in credential helper for a platform this machine is not):
        the checks find them, as a learner's tutor finds an installed program; the shell and the setup commands
        only once they put `$TUTOR_TEST_BIN` on their PATH themselves."""
        return self.root / "bin"

    @property
    def env(self) -> dict[str, str]:
        """What the setup commands and the learner's shell see beside the process's own environment."""
        # GPG and pass (a lesson with a credential helper) keep their keys and store under the throwaway HOME too,
        # whatever the process's own environment names.
        return {"HOME": str(self.home), "DOCKER_CONFIG": str(self.docker_config),
                "GNUPGHOME": str(self.home / ".gnupg"), "PASSWORD_STORE_DIR": str(self.home / ".password-store"),
                "PATH": self.path, TEST_BIN: str(self.bin)}


@contextmanager
def throwaway_place() -> Iterator[Place]:
    """TUTOR_HOME, DOCKER_CONFIG and the practice port set for this process (the engine, the checks and the
    shell read them), put back afterwards; the practice registry, if one was started, goes with its data."""
    root = Path(tempfile.mkdtemp(prefix="tutor-test-"))
    place = Place(root, root / "home", root / "home" / ".docker", processes.free_port(),
                  os.environ.get("PATH", os.defpath))
    place.docker_config.mkdir(parents=True)
    wanted = {"TUTOR_HOME": str(root / "tutor-home"), "DOCKER_CONFIG": str(place.docker_config),
              "TUTOR_PRACTICE_PORT": str(place.port)}
    # A credential helper the checks run reads the learner's GPG keys and password store, never this user's.
    wanted.update({name: place.env[name] for name in ("GNUPGHOME", "PASSWORD_STORE_DIR")})
    place.bin.mkdir()
    helpers = os.environ.get(CREDENTIAL_HELPERS)
    # The checks (this process) find the helpers and the tests' own programs there, as a learner's tutor finds an
    # installed one; the shell and the setup commands keep the PATH they had, so a lesson puts a folder on it itself.
    wanted["PATH"] = os.pathsep.join([place.path, *([helpers] if helpers else []), str(place.bin)])
    if shutil.which("registry") or shutil.which("docker-registry"):
        # The registry binary starts in a blink and names no container (a container's name is the same for
        # every practice registry: it would meet the learner's own).
        wanted["TUTOR_PRACTICE_LAUNCH"] = "binary"
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield place
    finally:
        try:
            launcher.down(purge=True)
        finally:
            _stop_gpg_agent(place)
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            shutil.rmtree(root, ignore_errors=True)


def _stop_gpg_agent(place: Place) -> None:
    """A lesson that used GPG started a gpg-agent for the throwaway GNUPGHOME: it goes with the place."""
    if (place.home / ".gnupg").is_dir() and shutil.which("gpgconf"):
        subprocess.run(["gpgconf", "--kill", "all"], env={**os.environ, **place.env}, capture_output=True,
                       timeout=30, check=False)


# --- one step's state, for mistakes that each start from it ----------------------------------------------------
@dataclass(frozen=True)
class StepState:
    engine: EngineState
    config: Mapping[str, bytes]  # the throwaway DOCKER_CONFIG's files


def keep_step_state(docker: DockerEnv, place: Place) -> StepState:
    files = {str(path.relative_to(place.docker_config)): path.read_bytes()
             for path in place.docker_config.rglob("*") if path.is_file()}
    return StepState(EngineState(docker.tag_ids(), frozenset(docker.image_ids()), {}), files)


def back_to(docker: DockerEnv, place: Place, state: StepState) -> None:
    """The local names and the Docker config as they were when the step began (the registry's content is not
    rolled back: docs/writing-lessons.md)."""
    put_names_back(docker, state.engine.names, state.engine.images)
    for path in list(place.docker_config.rglob("*")):
        if path.is_file() and str(path.relative_to(place.docker_config)) not in state.config:
            path.unlink()
    for relative, data in state.config.items():
        target = place.docker_config / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# --- actions of the tests' data ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShellDone:
    code: int
    output: str  # what it printed, stdout then stderr (as far as it came when it was stopped)
    timed_out: bool = False  # still running after SHELL_SECONDS: stopped (code 124, as coreutils' timeout says)


def run_shell(command: str, place: Place) -> ShellDone:
    """A setup command, in bash, outside the learner's shell: the tutor does not see it. One that hangs is
    stopped with every process it started (its own session: a `sleep` it forked would keep the pipes open), and
    one that cannot start is a failed command too: the lesson's setup failed, never `tutor test` itself."""
    try:
        shell = subprocess.Popen(["bash", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, **place.env}, cwd=place.home, start_new_session=True)
    except OSError as error:
        return ShellDone(126, str(error))  # 126: what a shell says of a command it found but could not run
    with shell:
        try:
            out, err = shell.communicate(timeout=SHELL_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(shell.pid, signal.SIGKILL)
            out, err = shell.communicate()
            return ShellDone(124, out + err, timed_out=True)
    return ShellDone(shell.returncode, out + err)


def make_image(docker: DockerEnv, name: str) -> None:
    """A small image of its own (a marker file, `docker import`ed: no registry, no network) under `name`."""
    marker = uuid.uuid4().hex.encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("marker.txt")
        info.size = len(marker)
        tar.addfile(info, io.BytesIO(marker))
    docker.import_image(buffer.getvalue(), *split_tag(name), [])


class _Plain(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # nothing on the test's output
        pass


class PlainHttpServer:
    """A server on [::1] that answers plain HTTP to anything: what Docker meets at a registry address that is not
    on its list of insecure registries (only 127.0.0.0/8 is) and serves no TLS."""

    def __init__(self) -> None:
        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6

        self._server = Server(("::1", 0), _Plain)
        self.address = f"[::1]:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def stop_registry() -> None:
    launcher.down()


def start_registry(port: int) -> None:
    launcher.up(port)
