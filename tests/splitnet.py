"""A Docker engine that does not share the test's loopback, built from nothing the way Docker Desktop stands
to a learner's computer (and torn down again):

- a second dockerd in its own network namespace, with its own loopback and its own bridge (docker0, whose
  addresses exist only inside the namespace); with --iptables=false, `-p 127.0.0.1:P:C` publishes through
  docker-proxy on the namespace's 127.0.0.1;
- its API socket is a file the test reaches (DOCKER_HOST);
- each published 127.0.0.1 port is forwarded to the test's 127.0.0.1, as Desktop forwards them;
- `host.docker.internal` resolves inside the namespace (/etc/netns/<ns>/hosts) to the test side's end of a
  veth pair, and connections to it reach the test's 127.0.0.1 (DNAT with route_localnet), as Desktop's does;
- `docker info` says "Docker Desktop" (the engine's /etc/os-release, as in Desktop's VM), and when it starts the
  engine copies the learner's ~/.docker/certs.d into its own /etc/docker/certs.d, as Desktop does;
- `ip netns exec` mounts a fresh /sys, so the cgroup hierarchies are mounted again inside, as this machine
  has them.

Only 127.0.0.1 and addresses inside the namespace and on its veth pair (10.214.x.0/29) are used. Needs root,
iproute2 and iptables (scripts/provision.sh installs them); tests skip, saying why, elsewhere."""

from __future__ import annotations

import ctypes
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from realdocker import REGISTRY_BINARY, offline_registry_image

CLONE_NEWNET = 0x40000000
REGISTRY_IMAGE = "tutortest-registry:split"  # what `registry:2` is to a Desktop learner, built offline


def _sh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=60)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
    return done


def missing_requirements() -> str | None:
    if os.geteuid() != 0:
        return "needs root (network namespaces, a second dockerd)"
    for tool in ("ip", "iptables", "dockerd", "docker-proxy"):
        if not shutil.which(tool):
            return f"{tool} is missing (scripts/provision.sh installs it)"
    if not REGISTRY_BINARY:
        return "the registry binary is missing (docker-registry)"
    return None


def _cgroup_mounts() -> str:
    """Shell lines that mount this machine's cgroup hierarchies again (v1 controllers or the v2 tree)."""
    lines = []
    for entry in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = entry.partition(" - ")
        mount_point = left.split()[4]
        fs_type, _source, options = (right.split() + ["", "", ""])[:3]
        if not mount_point.startswith("/sys/fs/cgroup"):
            continue
        if fs_type == "tmpfs" and mount_point == "/sys/fs/cgroup":
            lines.append("mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup")
        elif fs_type == "cgroup":
            wanted = ",".join(o for o in options.split(",") if o not in ("rw", "ro"))
            lines.append(f"mkdir -p {mount_point} && mount -t cgroup -o {wanted} cgroup {mount_point}")
        elif fs_type == "cgroup2":
            lines.append(f"mkdir -p {mount_point} && mount -t cgroup2 cgroup2 {mount_point}")
    return "\n".join(lines)


class NetnsDialer:
    """Makes sockets inside the namespace: one thread enters it (setns applies to the calling thread only) and
    creates sockets on request; a socket stays in the namespace it was made in, whichever thread uses it."""

    def __init__(self, namespace: str) -> None:
        self._requests: queue.Queue = queue.Queue()
        self._ready: queue.Queue = queue.Queue()
        threading.Thread(target=self._run, args=(namespace,), daemon=True).start()
        problem = self._ready.get(timeout=10)
        if problem:
            raise RuntimeError(problem)

    def _run(self, namespace: str) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        descriptor = os.open(f"/var/run/netns/{namespace}", os.O_RDONLY)
        try:
            if libc.setns(descriptor, CLONE_NEWNET) != 0:
                self._ready.put(f"setns: {os.strerror(ctypes.get_errno())}")
                return
        finally:
            os.close(descriptor)
        self._ready.put(None)
        while True:
            reply = self._requests.get()
            if reply is None:
                return
            reply.put(socket.socket())

    def socket(self) -> socket.socket:
        reply: queue.Queue = queue.Queue()
        self._requests.put(reply)
        return reply.get(timeout=10)

    def close(self) -> None:
        self._requests.put(None)


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (target, source):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@dataclass
class _Forward:
    listener: socket.socket
    connections: list[socket.socket] = field(default_factory=list)


class PublishedPorts:
    """Forwards each port a container of the engine publishes on 127.0.0.1 to the test's 127.0.0.1, from the
    container's start to its end, following the engine's own events (as Docker Desktop does)."""

    def __init__(self, client, dialer: NetnsDialer) -> None:
        self._client, self._dialer = client, dialer
        self._forwards: dict[str, list[_Forward]] = {}
        self._lock = threading.Lock()
        self._events = client.events(filters={"type": "container", "event": ["start", "die"]}, decode=True)
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        try:
            for event in self._events:
                container = event.get("id") or event.get("Actor", {}).get("ID")
                if event.get("Action") == "start":
                    self._open(container)
                elif event.get("Action") == "die":
                    self._close(container)
        except Exception:
            pass  # the stream was closed

    def _open(self, container: str) -> None:
        try:
            ports = self._client.api.inspect_container(container)["NetworkSettings"]["Ports"] or {}
        except Exception:
            return
        for bindings in ports.values():
            for binding in bindings or ():
                if binding.get("HostIp") in ("127.0.0.1", "0.0.0.0", ""):
                    self._listen(container, int(binding["HostPort"]))

    def _listen(self, container: str, port: int) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        forward = _Forward(listener)
        with self._lock:
            self._forwards.setdefault(container, []).append(forward)
        threading.Thread(target=self._accept, args=(forward, port), daemon=True).start()

    def _accept(self, forward: _Forward, port: int) -> None:
        while True:
            try:
                outside, _ = forward.listener.accept()
            except OSError:
                return  # closed: the container ended
            inside = self._dialer.socket()
            try:
                inside.connect(("127.0.0.1", port))
            except OSError:
                outside.close()
                inside.close()
                continue
            forward.connections += [outside, inside]
            threading.Thread(target=_pump, args=(outside, inside), daemon=True).start()
            threading.Thread(target=_pump, args=(inside, outside), daemon=True).start()

    def _close(self, container: str) -> None:
        with self._lock:
            forwards = self._forwards.pop(container, [])
        for forward in forwards:
            for end in [forward.listener, *forward.connections]:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def close(self) -> None:
        self._events.close()
        for container in list(self._forwards):
            self._close(container)


class _Builder:
    """Each step of the topology with its undo, undone in reverse order whatever happened."""

    def __init__(self) -> None:
        self.undo: list = []

    def step(self, do, undo) -> None:
        do()
        self.undo.append(undo)

    def teardown(self) -> None:
        for undo in reversed(self.undo):
            try:
                undo()
            except Exception:
                pass
        self.undo.clear()


def _free_subnet() -> int:
    used = _sh("ip", "-4", "-o", "addr", "show").stdout
    for _ in range(50):
        subnet = random.randint(1, 250)
        if f"10.214.{subnet}." not in used:
            return subnet
    raise RuntimeError("no free 10.214.x.0/29 subnet")


class SplitEngine:
    """The engine in its namespace: started, restarted (as a learner restarts Docker Desktop) and stopped.

    `learner_certs` is the learner's ~/.docker/certs.d: like Docker Desktop, the engine copies it into its own
    /etc/docker/certs.d when it starts (and only then)."""

    def __init__(self, root: Path, namespace: str, host_side: str, lan_address: str) -> None:
        self.root, self.namespace = root, namespace
        self.host_side = host_side  # what host.docker.internal is inside the namespace
        self.lan_address = lan_address  # another address of the test's side, as a classroom on the LAN
        self.learner_certs = root / "learner-home" / ".docker" / "certs.d"
        self.learner_certs.mkdir(parents=True)
        self.registry_image = REGISTRY_IMAGE
        self.socket = root / "docker.sock"
        self.docker_host = f"unix://{self.socket}"
        self._log = root / "dockerd.log"
        self._process: subprocess.Popen | None = None
        self._dialer = NetnsDialer(namespace)
        self._ports: PublishedPorts | None = None
        self.client = None
        etc = root / "etc"
        etc.mkdir()
        (etc / "os-release").write_text('PRETTY_NAME="Docker Desktop"\nNAME="Docker Desktop"\nID=docker-desktop\n')
        self._script = root / "engine.sh"
        self._script.write_text(
            "#!/bin/sh\nset -e\n"
            f"{_cgroup_mounts()}\n"
            f"mount --bind {etc / 'os-release'} /etc/os-release\n"
            "mkdir -p /etc/docker/certs.d && mount -t tmpfs -o mode=755 certs /etc/docker/certs.d\n"
            f"cp -R {self.learner_certs}/. /etc/docker/certs.d/\n"
            f"exec dockerd --iptables=false --ip-masq=false --data-root {root / 'data'} --exec-root {root / 'exec'} "
            f"--pidfile {root / 'docker.pid'} -H {self.docker_host}\n")
        self._script.chmod(0o755)

    def env(self) -> dict[str, str]:
        return {"DOCKER_HOST": self.docker_host, "TUTOR_REGISTRY_IMAGE": self.registry_image}

    def start(self) -> None:
        import docker

        with open(self._log, "ab") as handle:
            self._process = subprocess.Popen(["ip", "netns", "exec", self.namespace, str(self._script)],
                                             stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                client = docker.DockerClient(base_url=self.docker_host, timeout=120)
                client.ping()
                break
            except Exception:
                if self._process.poll() is not None:
                    raise RuntimeError(f"dockerd in the namespace exited: {self._log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError(f"dockerd in the namespace did not answer: {self._log.read_text()[-2000:]}")
        self.client = client
        self._ports = PublishedPorts(client, self._dialer)

    def stop(self) -> None:
        if self._ports is not None:
            self._ports.close()
            self._ports = None
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)  # `ip netns exec` and the script exec'd: this is dockerd
            try:
                self._process.wait(30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        if self.client is not None:
            for container in self.client.containers.list(all=True):
                container.remove(force=True)
        self.stop()
        self._dialer.close()


@pytest.fixture(scope="module")
def split_engine(tmp_path_factory):
    """An engine in its own network namespace, as Docker Desktop's is to a learner (see the module)."""
    problem = missing_requirements()
    if problem:
        pytest.skip(problem)
    root = tmp_path_factory.mktemp("split-engine")
    tag = f"{os.getpid() % 10000}{random.randint(0, 99)}"
    namespace, outside, inside = f"tutsplit{tag}", f"tso{tag}", f"tsi{tag}"
    subnet = _free_subnet()
    # A /29 on the veth pair: .1 is host.docker.internal (every port of it leads to the test's 127.0.0.1),
    # .2 the engine's side, .3 another address of the test's side (a classroom on the LAN).
    host_side, engine_side, lan_address = (f"10.214.{subnet}.{n}" for n in (1, 2, 3))
    hosts = Path("/etc/netns") / namespace / "hosts"
    dnat = ["PREROUTING", "-i", outside, "-d", host_side, "-p", "tcp", "-j", "DNAT", "--to-destination", "127.0.0.1"]
    build = _Builder()
    try:
        build.step(lambda: _sh("ip", "netns", "add", namespace), lambda: _sh("ip", "netns", "del", namespace))
        build.step(lambda: _sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside),
                   lambda: _sh("ip", "link", "del", outside, check=False))
        for command in (("ip", "link", "set", inside, "netns", namespace),
                        ("ip", "addr", "add", f"{host_side}/29", "dev", outside),
                        ("ip", "addr", "add", f"{lan_address}/29", "dev", outside),
                        ("ip", "link", "set", outside, "up"),
                        ("ip", "netns", "exec", namespace, "ip", "addr", "add", f"{engine_side}/29", "dev", inside),
                        ("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up"),
                        ("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"),
                        ("sysctl", "-q", "-w", f"net.ipv4.conf.{outside}.route_localnet=1")):
            _sh(*command)

        def write_hosts():
            hosts.parent.mkdir(parents=True, exist_ok=True)
            hosts.write_text(f"127.0.0.1 localhost\n{host_side} host.docker.internal\n")

        build.step(write_hosts, lambda: shutil.rmtree(hosts.parent, ignore_errors=True))
        build.step(lambda: _sh("iptables", "-t", "nat", "-A", *dnat),
                   lambda: _sh("iptables", "-t", "nat", "-D", *dnat, check=False))
        engine = SplitEngine(root, namespace, host_side, lan_address)
        build.step(engine.start, engine.close)
        offline_registry_image(engine.client, *REGISTRY_IMAGE.split(":"))
    except Exception as error:
        build.teardown()
        pytest.fail(f"could not build the split-network topology: {error}")
    yield engine
    build.teardown()
