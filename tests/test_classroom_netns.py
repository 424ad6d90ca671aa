"""The room on a non-loopback address, so Docker really verifies TLS (on 127.0.0.0/8 it skips verification).
The address belongs to a network namespace this test makes itself (a veth pair); nothing leaves the machine."""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from realdocker import REGISTRY_BINARY, docker_cli

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("ip") or not REGISTRY_BINARY,
                                reason="needs root, iproute2 and the registry binary")


def sh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


@pytest.fixture
def room_host():
    tag = f"{os.getpid() % 10000}{random.randint(0, 99)}"
    namespace, outside, inside = f"tutnet{tag}", f"tva{tag}", f"tvb{tag}"
    subnet = random.randint(1, 250)
    host, address = f"10.213.{subnet}.1", f"10.213.{subnet}.2"
    steps = [("ip", "netns", "add", namespace), ("ip", "link", "add", outside, "type", "veth", "peer", "name", inside),
             ("ip", "link", "set", inside, "netns", namespace), ("ip", "addr", "add", f"{host}/30", "dev", outside),
             ("ip", "link", "set", outside, "up"),
             ("ip", "netns", "exec", namespace, "ip", "addr", "add", f"{address}/30", "dev", inside),
             ("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up"),
             ("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up")]
    for step in steps:
        done = sh(*step)
        if done.returncode != 0:
            sh("ip", "netns", "del", namespace)
            sh("ip", "link", "del", outside)
            pytest.skip(f"cannot make a network namespace here: {done.stderr.strip()}")
    yield namespace, address
    sh("ip", "netns", "del", namespace)
    sh("ip", "link", "del", outside)


def test_join_installs_the_ca_docker_needs(room_host, tmp_path, docker_client, app_image):
    namespace, address = room_host
    instructor = {**os.environ, "TUTOR_HOME": str(tmp_path / "instructor"), "TUTOR_PRACTICE_LAUNCH": "binary",
                  "COLUMNS": "200"}
    in_room = ["ip", "netns", "exec", namespace, sys.executable, "-m", "tutor"]
    up = subprocess.run(in_room + ["classroom", "up", "--listen", address, "--count", "1"], env=instructor,
                        capture_output=True, text=True, timeout=120)
    assert up.returncode == 0, up.stdout + up.stderr
    with open(tmp_path / "instructor" / "classroom" / "handout.csv", newline="") as handle:
        row = next(csv.DictReader(handle))
    registry = next(w for w in up.stdout.split() if w.startswith(f"{address}:")).rstrip(",")
    certs = Path("/etc/docker/certs.d") / registry
    learner = {**os.environ, "TUTOR_HOME": str(tmp_path / "learner"), "DOCKER_CONFIG": str(tmp_path / "docker"),
               "COLUMNS": "200"}
    (tmp_path / "docker").mkdir()
    target = f"{registry}/{row['username']}/fastapi-app"
    try:
        untrusted = docker_cli("login", registry, "-u", row["username"], "--password-stdin",
                               input=row["password"] + "\n", env=learner)
        assert untrusted.returncode != 0 and "x509" in untrusted.stderr  # Docker checks the certificate here
        joined = subprocess.run([sys.executable, "-m", "tutor", *row["join"].split()[1:], "--password-stdin"],
                                env=learner, input=row["password"] + "\n", capture_output=True, text=True, timeout=120)
        assert joined.returncode == 0, joined.stdout + joined.stderr
        assert (certs / "ca.crt").exists()
        assert docker_cli("tag", "fastapi-app", target).returncode == 0
        pushed = docker_cli("push", target, env=learner)
        assert pushed.returncode == 0, pushed.stderr
    finally:
        subprocess.run(in_room + ["classroom", "down", "--purge"], env=instructor, capture_output=True, timeout=120)
        shutil.rmtree(certs, ignore_errors=True)
        docker_cli("rmi", target)
