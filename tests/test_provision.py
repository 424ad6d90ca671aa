"""scripts/provision.sh runs apt quietly (scripts/apt-quiet.sh): the chatter a newcomer used to see is switched
off at its source, by the real programs apt runs, and apt's real errors still reach the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
pytestmark = pytest.mark.slow  # the real apt, debconf, needrestart and perl: seconds each


def sh(script: str, quiet: bool, env: dict | None = None) -> subprocess.CompletedProcess:
    setup = f". {SCRIPTS / 'apt-quiet.sh'} && apt_env && " if quiet else ""
    return subprocess.run(["bash", "-c", setup + script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.mark.skipif(not Path("/usr/sbin/dpkg-preconfigure").exists() or shutil.which("apt-extracttemplates"),
                    reason="needs debconf without apt-utils, where the warning came from")
def test_debconf_says_nothing_about_delaying_configuration():
    preconfigure = "echo /var/cache/apt/archives/nothing.deb | /usr/sbin/dpkg-preconfigure --apt"
    assert "delaying package configuration" in sh(preconfigure, quiet=False).stderr  # what a newcomer saw
    quiet = sh(preconfigure, quiet=True)
    assert quiet.returncode == 0 and quiet.stderr == ""


@pytest.mark.skipif(not Path("/usr/lib/needrestart/apt-pinvoke").exists() or os.geteuid() != 0
                    or not shutil.which("unshare"), reason="needs needrestart, root and unshare")
def test_needrestart_after_an_install_is_silent():
    """apt's real hook, as after an install: in a private mount namespace, so the marker it reads in
    /run/needrestart is this test's own."""
    hook = "mount -t tmpfs none /run/needrestart && touch /run/needrestart/unpacked && " \
           "/usr/lib/needrestart/apt-pinvoke >/dev/null"
    loud = sh(f"unshare --mount --fork sh -c '{hook}'", quiet=False)
    if not loud.stderr:
        pytest.skip("needrestart says nothing on this machine even when it runs: nothing to silence")
    assert "needrestart" in loud.stderr  # its Perl warnings, as a newcomer saw them
    quiet = sh(f"unshare --mount --fork sh -c '{hook}'", quiet=True)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr


def test_a_missing_locale_does_not_make_perl_warn():
    missing = {"LANG": "id_ID.UTF-8", "LC_ALL": ""}
    if "id_ID" in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.replace(".", "_"):
        pytest.skip("id_ID is installed here: nothing to warn about")
    assert "Setting locale failed" in sh("perl -e 1", quiet=False, env=missing).stderr
    assert sh("perl -e 1", quiet=True, env=missing).stderr == ""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("apt-get"), reason="needs root and apt")
def test_apts_real_errors_stay_visible():
    done = sh(f". {SCRIPTS / 'apt-quiet.sh'} && apt_quiet install -y tutor-no-such-package-xyz", quiet=False)
    assert done.returncode != 0 and "E:" in done.stderr and "tutor-no-such-package-xyz" in done.stderr
