"""pexpect drives `tutor start` the way a learner would, against the real engine and the practice registry."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pexpect
import pytest
from learner import ANSI, PROMPT, Learner
from realdocker import REGISTRY_BINARY, docker_cli, free_port

pytestmark = pytest.mark.skipif(not REGISTRY_BINARY, reason="registry binary missing")


def happy_path(learner: Learner, address: str, words: dict) -> None:
    learner.run("answer c", words["not_c_title"])  # a wrong answer gets the hint written for that option
    learner.expect(words["not_c"])
    learner.run("answer b", words["done_registry"])
    learner.run("docker images fastapi-app", words["done_image"])
    learner.login(address)
    learner.expect(words["answer_now"])  # logged in: the step's question is what is left
    learner.run("answer a", words["done_login"])
    learner.run(f"docker tag fastapi-app {address}/budi/fastapi-app", words["done_tag"])
    learner.run("docker images", words["done_images"])
    learner.run(f"docker push {address}/budi/fastapi-app", words["done_push"])
    learner.run(f"docker pull {address}/budi/fastapi-app", words["done_find"])
    learner.run("answer b", words["summary"])
    learner.expect(f"{address}/budi/fastapi-app:latest")
    learner.expect("sha256:")
    lives = " ".join(learner.expect(words["complete"]).split())
    assert f"docker pull {address}/budi/fastapi-app" in lives and "/v2/" not in lives  # runnable, not a 401 page


def reach_the_tag_step(learner: Learner, address: str, done_login: str = "Done: Log in") -> None:
    learner.run("answer b"), learner.run("docker images fastapi-app")
    learner.login(address)
    learner.expect(PROMPT)
    learner.run("answer a", done_login)


WORDS = {
    "en": {"done_registry": "Done: What is a registry?", "done_image": "Done: Prepare the image",
           "done_login": "Done: Log in to the registry", "done_tag": "Done: A new name",
           "done_images": "Done: Check with docker images", "done_push": "Done: Upload with docker push",
           "done_find": "Done: Where is your image now?", "summary": "You published an image",
           "complete": "Lesson complete!", "not_c": "The practice registry is used only when its address",
           "not_c_title": "Not quite: c",
           "answer_now": "Now answer the question in this step",
           "new_attempt": "You finished this lesson on"},
    "id": {"done_registry": "Selesai: Apa itu registry?", "done_image": "Selesai: Siapkan image",
           "done_login": "Selesai: Login ke registry", "done_tag": "Selesai: Beri nama baru",
           "done_images": "Selesai: Cek dengan docker images", "done_push": "Selesai: Upload dengan docker push",
           "done_find": "Selesai: Di mana image Anda sekarang?", "summary": "Anda sudah mempublikasikan image",
           "complete": "Pelajaran selesai!", "not_c": "Registry latihan hanya dipakai jika alamatnya",
           "not_c_title": "Belum tepat: c",
           "answer_now": "Sekarang jawab pertanyaan di langkah ini",
           "new_attempt": "Anda sudah menamatkan pelajaran ini pada"},
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_happy_path_to_the_end(room, lang):
    learner = room(lang)
    assert learner.password, "the practice password is shown once at the start"
    happy_path(learner, room.address, WORDS[lang])
    learner.close()
    # The practice password is nowhere in what the tutor saved.
    for path in room.home.rglob("*"):
        if path.is_file():
            assert learner.password.encode() not in path.read_bytes(), path
    progress = subprocess.run([sys.executable, "-m", "tutor", "progress"], env=room.env, capture_output=True,
                              text=True).stdout
    assert "finished" in progress and "1×" in progress
    # Starting a finished lesson says so and starts a new attempt; the completion is kept.
    again = room(lang)
    assert WORDS[lang]["new_attempt"] in " ".join(again.seen_before_prompt.split())
    again.run("steps", "▶ 1.")
    again.close()
    progress = subprocess.run([sys.executable, "-m", "tutor", "progress"], env=room.env, capture_output=True,
                              text=True).stdout
    assert "1×" in progress and "finished" not in progress


def test_push_before_tag_hints_tagging(room):
    learner = room("en")
    reach_the_tag_step(learner, room.address)
    learner.run(f"docker push {room.address}/budi/fastapi-app", "What happened")
    learner.expect("There is no local image with the name you pushed. Name it first:")


def test_tag_without_the_username_then_push_is_denied_with_the_hint(room):
    learner = room("id")
    reach_the_tag_step(learner, room.address, "Selesai: Login")
    learner.run(f"docker tag fastapi-app {room.address}/fastapi-app", "Belum tepat")  # said at once, not later
    learner.expect("tidak ada username di depan nama: harus diawali budi/")
    out = learner.run(f"docker push {room.address}/fastapi-app", "Apa yang terjadi")
    assert "denied: requested access to the resource is denied" in out
    learner.expect("registry hanya mengizinkan Anda push ke namespace Anda sendiri")


def test_wrong_password_gives_the_hint(room):
    learner = room("en")
    learner.run("answer b"), learner.run("docker images fastapi-app")
    learner.login(room.address, "definitely-wrong")
    out = learner.expect("What happened")
    assert "incorrect username or password" in out
    learner.expect("Use your Docker ID (budi), not your e-mail address")
    learner.expect("tutor practice add-user budi in another terminal makes a new one")


def test_typo_in_the_source_image_name(room):
    learner = room("en")
    reach_the_tag_step(learner, room.address)
    out = learner.run(f"docker tag fastpi-app {room.address}/budi/fastapi-app", "What happened")
    assert "No such image: fastpi-app" in out
    learner.expect("Docker cannot find the source image")


def test_hint_three_times_reaches_the_solution_and_why_explains_a_miss(room):
    learner = room("en")
    reach_the_tag_step(learner, room.address)
    learner.run("docker images", PROMPT)  # a miss: nothing is tagged yet
    learner.run("why", "Expected")
    learner.expect(f"{room.address}/budi/fastapi-app")
    learner.expect(f"no image named {room.address}/budi/fastapi-app:latest")
    learner.run("hint", "Hint 1 of 2")
    learner.run("hint", "Hint 2 of 2")
    learner.run("hint", "The solution")
    learner.expect(f"docker tag fastapi-app {room.address}/budi/fastapi-app")


def test_nudge_after_three_misses(room):
    learner = room("en")
    learner.run("answer b"), learner.run("docker images fastapi-app")
    for _ in range(2):
        learner.run("true")
    learner.run("true", "Stuck? Type hint")


def test_lang_switch_mid_lesson_keeps_progress(room):
    learner = room("en")
    learner.run("answer b", "Done: What is a registry?")
    learner.run("lang id", "Langkah 2 dari 8")
    learner.run("docker images fastapi-app", "Selesai: Siapkan image")
    learner.run("steps", "✓ 1.")
    learner.expect("▶ 3. Login ke registry")


def test_killed_tutor_resumes_at_the_same_step(room):
    learner = room("en")
    learner.run("answer b"), learner.run("docker images fastapi-app", "Done: Prepare")
    learner.expect(PROMPT)
    learner.child.kill(signal.SIGKILL)
    learner.child.wait()
    again = room("en")
    # budi has no login yet, so a new password is made and shown; and we are back at step 3.
    assert again.password
    again.run("steps", "▶ 3. Log in to the registry")


def test_closing_the_terminal_saves_and_leaves_no_shell_behind(room):
    learner = room("en")
    learner.run("answer b", "Done: What is a registry?")
    learner.expect(PROMPT)
    marker = room.env["TUTOR_HOME"]
    learner.child.kill(signal.SIGHUP)
    learner.child.wait()
    time.sleep(0.5)
    shells = subprocess.run(["pgrep", "-f", "tutor-shell-"], capture_output=True, text=True).stdout.split()
    assert [pid for pid in shells if marker in _environ(pid)] == []
    progress = subprocess.run([sys.executable, "-m", "tutor", "progress"], env=room.env, capture_output=True,
                              text=True).stdout
    assert "image" in progress  # current step saved


def test_skip_back_resize_and_ctrl_c_reach_the_right_place(room):
    learner = room("en")
    learner.run("skip", "Step 2 of 8")
    learner.run("back", "Step 1 of 8")
    learner.run("skip", "Step 2 of 8")
    listed = learner.run("steps", "▶ 2. Prepare the image")
    assert re.search(r"· 1\.\s+What is a registry\?", listed) and "✓ 1." not in listed  # skipped: not done
    learner.expect(PROMPT)
    # The learner's window shrinks: the shell is told, so full-screen programs and wrapping stay right.
    learner.child.setwinsize(30, 90)
    time.sleep(0.3)
    learner.run("stty size", "30 90")
    # Ctrl-C goes to the running command, not to the tutor: the prompt is back long before `sleep` ends.
    learner.child.sendline("sleep 600")
    time.sleep(0.5)
    learner.child.sendintr()
    learner.expect(PROMPT)
    learner.run("echo still-$((40 + 2))", "still-42")
    assert learner.child.isalive()


def test_interrupting_the_tutor_itself_saves_and_leaves_no_shell(room):
    """SIGINT to the tutor (not Ctrl-C in the shell, which the command gets): one sentence, 130, nothing left."""
    learner = room("en")
    learner.run("answer b", "Done: What is a registry?")
    learner.expect(PROMPT)
    learner.child.kill(signal.SIGINT)
    learner.expect("Interrupted")
    learner.child.expect(pexpect.EOF, timeout=30)
    learner.child.close()
    assert learner.child.exitstatus == 130
    time.sleep(0.5)
    marker = room.env["TUTOR_HOME"]
    shells = subprocess.run(["pgrep", "-f", "tutor-shell-"], capture_output=True, text=True).stdout.split()
    assert [pid for pid in shells if marker in _environ(pid)] == []
    again = room("en")
    again.run("steps", "▶ 2. Prepare the image")


def _environ(pid: str) -> str:
    try:
        return open(f"/proc/{pid}/environ", "rb").read().decode("utf-8", "replace")
    except OSError:
        return ""


def test_demo_completes(room):
    learner = room("en", "--demo")
    learner.expect("You published an image")
    learner.expect("Lesson complete!")
    learner.child.expect(pexpect.EOF, timeout=30)


@pytest.mark.slow  # the tutor in a fresh process, as a learner runs it
def test_no_docker_engine_is_one_clear_sentence(tmp_path):
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/none.sock", "TUTOR_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "tutor", "start", "docker-push", "--lang", "id"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 4
    assert "Tidak ada Docker engine yang menjawab" in done.stderr and "Traceback" not in done.stderr


def test_watch_mode_advances_when_another_process_runs_the_commands(room):
    """No embedded shell: the learner types in another terminal (here: this test), the tutor follows Docker."""
    watcher = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--watch", "--user", "budi",
                                             "--lang", "en"], env=room.env, encoding="utf-8", timeout=60,
                            dimensions=(50, 120), codec_errors="replace")
    learner = Learner.__new__(Learner)
    learner.child, learner.seen, learner.env, learner.lang = watcher, "", room.env, "en"
    before = learner.expect("Keys: h hint")
    password = re.search(r"Password:\s*(\S+)", before).group(1)
    watcher.send("n")
    learner.expect("This step ends with a question")
    watcher.send("a")  # answer: the next key is the option
    learner.expect("Your answer")
    watcher.send("c")
    learner.expect("The practice registry is used only when its address")
    watcher.send("a")
    watcher.send("b")
    learner.expect("Done: What is a registry?")
    learner.expect("Done: Prepare the image")  # fastapi-app is there already: the poll passes it
    env = {"DOCKER_CONFIG": room.env["DOCKER_CONFIG"]}
    assert docker_cli("login", room.address, "-u", "budi", "--password-stdin", input=password + "\n",
                      env=env).returncode == 0
    learner.expect("Now answer the question in this step")
    watcher.send("a")
    watcher.send("a")
    learner.expect("Done: Log in to the registry")
    assert docker_cli("tag", "fastapi-app", f"{room.address}/budi/fastapi-app").returncode == 0
    learner.expect("Done: A new name")
    learner.expect("Done: Check with docker images")  # its command checks need a shell: same IMAGE ID decides
    watcher.send("h")
    learner.expect("Hint 1 of 2")
    assert docker_cli("push", f"{room.address}/budi/fastapi-app", env=env).returncode == 0
    learner.expect("Done: Upload with docker push")
    learner.expect("Done: Where is your image now?")
    watcher.send("a")
    watcher.send("b")
    learner.expect("You published an image")
    watcher.expect(pexpect.EOF, timeout=30)


@pytest.mark.parametrize("shell", [name for name in ("zsh", "dash", "busybox") if __import__("shutil").which(name)])
def test_happy_path_in_other_shells(room, shell):
    """Where bash is missing (or TUTOR_SHELL says so) the learner gets zsh, else sh (dash; busybox ash as on
    Alpine). The `docker images` step needs the command's own text, so the whole lesson proves it arrives."""
    room.env["TUTOR_SHELL"] = shell
    learner = room("en")
    happy_path(learner, room.address, WORDS["en"])


@pytest.mark.skipif(not __import__("shutil").which("dash"), reason="dash missing")
def test_in_sh_a_mistake_gets_its_hint_and_an_edited_line_counts_as_typed(room):
    """sh has no hooks: the command is read from the echoed line, so a line fixed with Backspace must count as
    the fixed text, and a trigger must still see the command's output."""
    room.env["TUTOR_SHELL"] = "dash"
    learner = room("en")
    reach_the_tag_step(learner, room.address)
    out = learner.run(f"docker tag fastpi-app {room.address}/budi/fastapi-app", "What happened")
    assert "No such image: fastpi-app" in out
    learner.expect("Docker cannot find the source image")
    learner.run(f"docker tag fastapi-app {room.address}/budi/fastapi-app", "Done: A new name")
    learner.run("docker imagex\x7fs", "Done: Check with docker images")  # typo, Backspace, fixed


def test_a_missing_shell_is_one_sentence(room):
    room.env["TUTOR_SHELL"] = "no-such-shell"
    child = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--user", "budi"], env=room.env,
                          encoding="utf-8", timeout=60)
    output = ANSI.sub("", child.read())
    child.close()
    assert "tutor start found no shell to open (no-such-shell)" in " ".join(output.split()), output
    assert child.exitstatus == 1 and "Traceback" not in output


def test_without_a_terminal_is_one_sentence(tmp_path, docker_client):  # start asks the engine first
    done = subprocess.run([sys.executable, "-m", "tutor", "start", "docker-push"], stdin=subprocess.DEVNULL,
                          env={**os.environ, "TUTOR_HOME": str(tmp_path)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "tutor start needs a terminal" in done.stderr and "Traceback" not in done.stderr


def test_watch_mode_says_a_dead_registry_and_goes_on(room, app_image):
    # With --registry the tutor prepares no practice image (the learner brings their own): fastapi-app must
    # exist for step 2 to pass, whatever ran before this test.
    dead = f"127.0.0.1:{free_port()}"
    watcher = pexpect.spawn(sys.executable, ["-m", "tutor", "start", "docker-push", "--watch", "--registry", dead,
                                             "--user", "budi", "--lang", "en"], env=room.env, encoding="utf-8",
                            timeout=60, dimensions=(50, 120), codec_errors="replace")
    learner = Learner.__new__(Learner)
    learner.child, learner.seen, learner.env, learner.lang = watcher, "", room.env, "en"
    learner.expect("Keys: h hint")
    watcher.send("a")
    watcher.send("b")
    learner.expect("Done: Prepare the image")
    for _ in range(3):  # skip login, tag, images: now at push, whose check asks the (dead) registry
        watcher.send("s")
    learner.expect("Step 6 of 8")
    learner.expect(f"The registry at {dead} does not answer")
    later = learner.seen
    deadline = time.monotonic() + 5  # two more polls happen meanwhile: the same failure is not said again
    while time.monotonic() < deadline:
        try:
            later += watcher.read_nonblocking(65536, timeout=0.5)
        except pexpect.TIMEOUT:
            pass
    assert "does not answer" not in ANSI.sub("", later)
    learner.seen = ""
    watcher.send("h")  # still running: keys still answered
    learner.expect("Hint 1 of 2")
    watcher.send("q")
    watcher.expect(pexpect.EOF, timeout=30)
    watcher.close()
    assert watcher.exitstatus == 0
