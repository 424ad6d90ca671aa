"""The course's later lessons played under `tutor start LESSON --watch` as a learner would (issue 15): the tutor
runs under pexpect and shows steps, verdicts and hints; the learner's commands run in a separate process, as
in their own terminal (the real docker CLI against the test engine, the practice registry and its token
service, `tutor practice token`, `pass`/GPG). What is asserted is what the learner sees: each step's verdict,
the hints for a mistake, the card at the end naming the next lesson. One language is played to the end, the
other to its first verdicts (the steps, hints and keys are the same code; the texts are the lesson's)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from learner import Learner
from realdocker import REGISTRY_BINARY, docker_cli

from tutor.i18n import t
from tutor.lesson.loader import load_named
from tutor.lesson.template import fill
from tutor.lesson.values import lesson_values

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")

USER = "budi"


class Watcher(Learner):
    """`tutor start LESSON --watch` under pexpect, and the learner's other terminal beside it."""

    def __init__(self, room, lesson_id: str, lang: str, path_first: str | None = None) -> None:
        self.lesson, self.lang, self.room = load_named(lesson_id), lang, room
        self.values = lesson_values(self.lesson, None, USER, room.address)
        env = dict(room.env)
        if path_first:  # what an install puts on every terminal's PATH (here: this test's tutor only)
            env["PATH"] = f"{path_first}{os.pathsep}{env['PATH']}"
        self.env = env
        self.child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", lesson_id, "--watch", "--user", USER,
                                                    "--lang", lang], env=env, encoding="utf-8", timeout=60,
                                   dimensions=(50, 120), codec_errors="replace")
        self.seen = ""
        before = self.expect(t("session.watch_keys", lang).split(":")[0])
        found = re.search(r"Password:\s*(\S+)", before)
        self.password = found.group(1) if found else None
        # The learner's own terminal: `tutor` on its PATH, everything else as the tutor's.
        self.terminal = {**room.env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{room.env['PATH']}"}

    # --- the learner's other terminal --------------------------------------------------------------------------
    def sh(self, command: str, ok: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(["bash", "-c", command], env={**self.terminal, **(env or {})}, capture_output=True,
                              text=True, timeout=120)
        if ok:
            assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
        return done

    # --- the tutor's screen ---------------------------------------------------------------------------------------
    def keys(self, *pressed: str) -> None:
        for key in pressed:
            self.child.send(key)

    def title(self, step_id: str) -> str:
        return fill(self.lesson.step_text(step_id, self.lang)[0].title, self.values).replace("`", "")

    def passed(self, step_id: str) -> str:
        """Waits for the step's verdict, "Done: <title>"."""
        return self.expect(t("session.passed", self.lang, title=self.title(step_id)))

    def hint_for_answer(self, step_id: str, option: str) -> str:
        """Presses a, then a wrong option, and waits for the hint written for it."""
        self.keys("a", option)
        self.expect(t("session.hint_wrong_answer", self.lang, answer=option))
        text = self.lesson.texts[self.lang].steps[step_id].named_hints[f"answer-{option}"]
        return self.expect(_words(text))

    def answer(self, step_id: str) -> str:
        option = next(c.args["correct"] for c in self.lesson.step(step_id).checks if c.kind == "answer")
        self.keys("a", option)
        return self.passed(step_id)

    def finish(self, next_lesson: str) -> str:
        """The card at the end: it names the course's next lesson; then watch mode ends by itself."""
        card = self.expect(t("session.finished_exit.watch", self.lang))
        assert f"tutor start {next_lesson}" in " ".join(card.split()), card[-2000:]
        self.child.expect(pexpect.EOF, timeout=30)
        self.child.close()
        assert self.child.exitstatus == 0
        return card

    def close(self) -> None:
        if self.child.isalive():
            self.child.send("q")
            try:
                self.child.expect(pexpect.EOF, timeout=10)
            except pexpect.TIMEOUT:
                self.child.terminate(force=True)


def _words(markdown: str, count: int = 6) -> str:
    """The first words of a hint as the screen shows them (Markdown's backticks and stars dropped)."""
    plain = re.sub(r"[`*]", "", markdown)
    return " ".join(plain.split()[:count])


def _docker_push_done(watcher: Watcher, push: bool) -> None:
    """Where docker-push ends, done in the learner's terminal: logged in with the practice password shown at
    the opening, fastapi-app named for the registry (and pushed)."""
    assert watcher.password, "the practice account is made and its password shown once"
    repo = f"{watcher.room.address}/{USER}/fastapi-app"
    watcher.sh(f"docker login {watcher.room.address} -u {USER} --password-stdin <<< '{watcher.password}'")
    watcher.sh(f"docker tag fastapi-app {repo}")
    if push:
        watcher.sh(f"docker push {repo}")


@pytest.fixture
def watch(room):
    started: list[Watcher] = []

    def start(lesson_id: str, lang: str, path_first: str | None = None) -> Watcher:
        one = Watcher(room, lesson_id, lang, path_first)
        started.append(one)
        return one

    yield start
    for one in started:
        one.close()
    repo = f"{room.address}/{USER}/fastapi-app"
    for tag in ("1.0", "1.1", "10"):
        docker_cli("rmi", f"{repo}:{tag}")


# --- image-tags ------------------------------------------------------------------------------------------------

def _image_tags_at_latest(watch, lang: str, wrong: str) -> tuple[Watcher, str]:
    """image-tags under --watch from where docker-push ends, its first question answered (after a wrong option
    and its hint): the watcher, and the learner's repository."""
    w = watch("image-tags", lang)
    _docker_push_done(w, push=False)
    w.hint_for_answer("latest", wrong)
    w.answer("latest")
    return w, w.values["repo"]


def _version_tagged_and_pushed(w: Watcher, repo: str) -> None:
    w.sh(f"docker tag fastapi-app {repo}:1.0")
    w.passed("tag-version")
    w.sh(f"docker push {repo}:1.0")
    w.sh(f"docker push {repo}:latest")
    w.passed("push-version")


def test_image_tags_under_watch_to_the_end(watch):
    w, repo = _image_tags_at_latest(watch, "en", wrong="c")
    # A mistake: the version written as 10. Said from Docker's tag event, before any key.
    w.sh(f"docker tag fastapi-app {repo}:10")
    w.expect("Not quite")
    w.sh(f"docker rmi {repo}:10")
    w.keys("h")
    w.expect(t("session.hint_n", "en", number=1, total=2))
    _version_tagged_and_pushed(w, repo)
    w.sh(f"docker images --digests {repo}")  # a command watch mode cannot see: the question decides
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("digests")
    w.sh(f"printf 'FROM fastapi-app\\nLABEL version=1.1\\n' | docker build -t {repo}:1.1 -")
    w.passed("build")
    w.sh(f"docker push {repo}:1.1")
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("push-new")
    w.sh(f"docker tag {repo}:1.1 {repo}:latest")
    w.keys("w")  # moved here, not yet in the registry: why says so
    w.expect(t("check.registry_same_digest.expected", "en", a=f"{repo}:1.1", b=f"{repo}:latest")[:40])
    w.sh(f"docker push {repo}:latest")
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("move-latest")
    w.sh(f"docker pull {repo}@$(docker images --digests {repo} | awk '$2 == \"1.0\" {{print $3}}')")
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("pull-digest")
    w.sh(f"docker rmi {repo}:1.0")
    w.sh(f"docker pull {repo}:1.0")
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("pull-back")
    w.finish("docker-push")  # never done in this throwaway home: the course goes on there


def test_image_tags_under_watch_in_indonesian_to_the_first_verdicts(watch):
    w, repo = _image_tags_at_latest(watch, "id", wrong="a")
    _version_tagged_and_pushed(w, repo)


# --- access-tokens ---------------------------------------------------------------------------------------------

def _token(w: Watcher, scope: str, name: str) -> str:
    """`tutor practice token create` in the learner's terminal: the token, which only that terminal sees."""
    return w.sh(f"tutor practice token create --user {USER} --scope {scope} --name {name}").stdout.strip()


def _login_with(w: Watcher, secret: str, ok: bool = True) -> None:
    w.sh(f'echo "$SECRET" | docker login {w.room.address} -u {USER} --password-stdin', ok=ok, env={"SECRET": secret})


def test_access_tokens_under_watch_to_the_end(watch):
    w = watch("access-tokens", "en")
    repo = w.values["repo"]
    _docker_push_done(w, push=True)
    w.hint_for_answer("why-tokens", "a")
    w.answer("why-tokens")
    read = _token(w, "read", "laptop")  # no Docker event: the token service's file says it
    w.passed("create-read")
    # A mistake: logging in with the password again. Nothing passes; why names what the registry saw.
    _login_with(w, w.password)
    w.keys("w")
    w.expect("latest: login with password")
    _login_with(w, read)
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("login-read")
    w.sh(f"docker pull {repo}")
    w.passed("pull-read")
    assert "insufficient scopes" in w.sh(f"docker push {repo}", ok=False).stderr  # only the token service knows
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("push-denied")
    write = _token(w, "write", "ci")
    _login_with(w, write)
    w.sh(f"docker push {repo}")
    w.passed("login-write")
    w.sh(f"tutor practice token revoke laptop --user {USER}")
    _login_with(w, read, ok=False)  # refused: again only the token service's record
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("revoke")
    w.expect(t("session.answer_now.watch", "en"))  # the last step is its question: said there too
    w.answer("other-registries")
    w.finish("docker-push")


def test_access_tokens_under_watch_in_indonesian_to_the_first_verdicts(watch):
    w = watch("access-tokens", "id")
    _docker_push_done(w, push=True)
    w.hint_for_answer("why-tokens", "c")
    w.answer("why-tokens")
    read = _token(w, "read", "laptop")
    w.passed("create-read")
    _login_with(w, read)
    w.expect(t("session.answer_now.watch", "id"))
    w.answer("login-read")


# --- credential-helper -----------------------------------------------------------------------------------------

@pytest.fixture
def vault(room, tmp_path):
    """pass, GPG and the private docker-credential-pass (tests/conftest.py), the vault under this test's home;
    the gpg-agent stopped afterwards."""
    helpers = os.environ.get("TUTOR_CREDENTIAL_HELPERS")
    if not helpers or not shutil.which("pass") or not shutil.which("gpg") or not shutil.which("jq"):
        pytest.skip("pass, gpg, jq or the private docker-credential-pass missing (scripts/provision.sh)")
    (tmp_path / ".gnupg").mkdir(mode=0o700)
    room.env.update(GNUPGHOME=str(tmp_path / ".gnupg"), PASSWORD_STORE_DIR=str(tmp_path / ".password-store"))
    yield helpers
    subprocess.run(["gpgconf", "--kill", "all"], env=room.env, capture_output=True, timeout=30)


def _with_helper(w: Watcher, helpers: str) -> dict[str, str]:
    """The learner's terminal after the install step: the helper on its PATH."""
    return {"PATH": f"{helpers}{os.pathsep}{w.terminal['PATH']}"}


def test_credential_helper_under_watch_to_the_end(watch, vault):
    # The tutor finds the helper where an install puts it, on the PATH it started with.
    w = watch("credential-helper", "en", path_first=vault)
    repo, config = w.values["repo"], Path(w.room.env["DOCKER_CONFIG"]) / "config.json"
    _docker_push_done(w, push=True)  # before the helper is on the learner's PATH: the login lands as `auth`
    helper = _with_helper(w, vault)
    w.hint_for_answer("why-helper", "c")
    w.answer("why-helper")
    # install and vault are judged by what their commands print, which --watch does not see: the learner is
    # told which key to press once they ran them.
    w.expect(t("session.done_on_request.watch", "en"))
    w.sh("docker-credential-pass version", env=helper)
    w.keys("n")
    w.passed("install")
    w.expect(t("session.done_on_request.watch", "en"))
    w.sh("gpg --batch --pinentry-mode loopback --passphrase '' --quick-generate-key budi-docker future-default "
         "default never && pass init budi-docker", env=helper)
    w.keys("n")
    w.passed("vault")
    # A mistake: the program's full name as credsStore. Nothing passes; why shows what config.json holds.
    w.sh(f"jq '.credsStore = \"docker-credential-pass\"' {config} > {config}.new && mv {config}.new {config}")
    w.keys("w")
    w.expect("docker-credential-pass")
    w.sh(f"jq '.credsStore = \"pass\"' {config} > {config}.new && mv {config}.new {config}")
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("config")
    login = w.sh(f"docker login {w.room.address} -u {USER} --password-stdin <<< '{w.password}'", env=helper)
    assert "WARNING" not in login.stdout + login.stderr
    w.passed("login")
    w.sh(f"docker push {repo}", env=helper)
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("verify")
    w.expect(t("session.answer_now.watch", "en"))
    w.answer("other-logins")
    w.finish("docker-push")
    assert json.loads(config.read_text())["auths"][w.room.address] == {}


def test_credential_helper_under_watch_in_indonesian_to_the_first_verdicts(watch, vault):
    w = watch("credential-helper", "id", path_first=vault)
    _docker_push_done(w, push=True)
    w.hint_for_answer("why-helper", "a")
    w.answer("why-helper")
    w.expect(t("session.done_on_request.watch", "id"))
    w.sh("docker-credential-pass version", env=_with_helper(w, vault))
    w.keys("n")
    w.passed("install")
