"""A non-editable `pip install .` into a fresh virtual environment ships the lessons inside the wheel."""

import os
import subprocess
import venv
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture
def installed_wheel(tmp_path) -> Path:
    """A fresh virtual environment with the project built and installed into it by pip, as a user would (about a
    minute: the test that uses it is `slow`, see tests/conftest.py)."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    install = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q",
                              "--disable-pip-version-check", str(REPO)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    return env_dir


@pytest.mark.timeout(600)
def test_wheel_install_lists_and_shows_lessons_from_any_folder(installed_wheel, tmp_path):
    env_dir = installed_wheel
    python = env_dir / "bin" / "python"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["COLUMNS"] = "200"

    def tutor(*args):
        return subprocess.run([str(env_dir / "bin" / "tutor"), *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True)

    listed = tutor("list")
    assert listed.returncode == 0 and "docker-push" in listed.stdout, listed.stderr
    # It really is the installed copy, not the checkout.
    where = subprocess.run([str(python), "-c", "import tutor.lesson.catalog as c; print(c.bundled_root())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True).stdout.strip()
    assert where.startswith(str(env_dir)) and Path(where, "docker-push", "app", "Dockerfile").is_file()
    assert tutor("show", "docker-push", "--lang", "id").returncode == 0
    assert "docker push 127.0.0.1:5000/budi/fastapi-app" in tutor("show", "docker-push", "--lang", "en").stdout
    assert tutor("validate").returncode == 0
    assert subprocess.run([str(python), "-m", "tutor", "--version"], capture_output=True, cwd=elsewhere,
                          env=env).returncode == 0
