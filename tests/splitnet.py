"""A Docker engine that does not share the test's loopback, built from nothing the way Docker Desktop stands
to a learner's computer (and torn down again):

- a second dockerd in its own network namespace, with its own loopback and its own bridge (docker0, whose
  addresses exist only inside the namespace); with --iptables=false, `-p 127.0.0.1:P:C` publishes through
  docker-proxy on the namespace's 127.0.0.1;
- its API socket is a file the test reaches (DOCKER_HOST);
- each published 127.0.0.1 port is forwarded to the test's 127.0.0.1, as Desktop forwards them;
- `host.docker.internal` resolves inside the namespace (/etc/netns/<ns>/hosts) to the test side's end of a
  veth pair, and connections to it reach the test's 127.0.0.1 (DNAT with route_localnet), as Desktop's does;
- `docker info` says "Docker Desktop" (the engine's /etc/os-release, as in Desktop's VM), and the engine reads
  registry CAs from a directory the test names, as Desktop copies ~/.docker/certs.d into its VM;
- `ip netns exec` mounts a fresh /sys, so the cgroup hierarchies are mounted again inside, as this machine
  has them.

Only 127.0.0.1 and addresses inside the namespace and on its veth pair (10.214.x.0/30) are used. Needs root,
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


@dataclass
class SplitEngine:
    docker_host: str
    namespace: str
    host_side: str  # the test side's veth address: what host.docker.internal is inside the namespace
    certs_dir: Path  # the engine's /etc/docker/certs.d (Desktop fills it from ~/.docker/certs.d)
    registry_image: str
    client: object

    def env(self) -> dict[str, str]:
        return {"DOCKER_HOST": self.docker_host, "TUTOR_REGISTRY_IMAGE": self.registry_image}


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
    raise RuntimeError("no free 10.214.x.0/30 subnet")


def _wait_for_engine(socket_path: Path, process: subprocess.Popen, log: Path):
    """A client of the new engine once it answers."""
    import docker

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            client = docker.DockerClient(base_url=f"unix://{socket_path}", timeout=120)
            client.ping()
            return client
        except Exception:
            if process.poll() is not None:
                raise RuntimeError(f"dockerd in the namespace exited: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    raise RuntimeError(f"dockerd in the namespace did not answer: {log.read_text()[-2000:]}")


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
    host_side, engine_side = f"10.214.{subnet}.1", f"10.214.{subnet}.2"
    hosts = Path("/etc/netns") / namespace / "hosts"
    certs, etc = root / "certs.d", root / "etc"
    certs.mkdir()
    etc.mkdir()
    (etc / "os-release").write_text('PRETTY_NAME="Docker Desktop"\nNAME="Docker Desktop"\nID=docker-desktop\n')
    dnat = ["PREROUTING", "-i", outside, "-d", host_side, "-p", "tcp", "-j", "DNAT", "--to-destination", "127.0.0.1"]
    build = _Builder()
    holder: dict = {}
    try:
        build.step(lambda: _sh("ip", "netns", "add", namespace), lambda: _sh("ip", "netns", "del", namespace))
        build.step(lambda: _sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside),
                   lambda: _sh("ip", "link", "del", outside, check=False))
        for command in (("ip", "link", "set", inside, "netns", namespace),
                        ("ip", "addr", "add", f"{host_side}/30", "dev", outside), ("ip", "link", "set", outside, "up"),
                        ("ip", "netns", "exec", namespace, "ip", "addr", "add", f"{engine_side}/30", "dev", inside),
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

        socket_path = root / "docker.sock"
        script = root / "engine.sh"
        script.write_text(
            "#!/bin/sh\nset -e\n"
            f"{_cgroup_mounts()}\n"
            f"mount --bind {etc / 'os-release'} /etc/os-release\n"
            f"mkdir -p /etc/docker/certs.d && mount --bind {certs} /etc/docker/certs.d\n"
            f"exec dockerd --iptables=false --ip-masq=false --data-root {root / 'data'} --exec-root {root / 'exec'} "
            f"--pidfile {root / 'docker.pid'} -H unix://{socket_path}\n")
        script.chmod(0o755)
        log = root / "dockerd.log"

        def start_engine():
            with open(log, "wb") as handle:
                holder["engine"] = subprocess.Popen(["ip", "netns", "exec", namespace, str(script)], stdout=handle,
                                                    stderr=subprocess.STDOUT, start_new_session=True)

        def stop_engine():
            engine = holder["engine"]
            engine.send_signal(signal.SIGTERM)  # `ip netns exec` and the script exec'd: this is dockerd
            try:
                engine.wait(30)
            except subprocess.TimeoutExpired:
                engine.kill()
                engine.wait(10)

        build.step(start_engine, stop_engine)
        client = _wait_for_engine(socket_path, holder["engine"], log)
        build.undo.append(client.close)

        def remove_containers():
            for container in client.containers.list(all=True):
                container.remove(force=True)

        build.undo.append(remove_containers)
        dialer = NetnsDialer(namespace)
        build.undo.append(dialer.close)
        ports = PublishedPorts(client, dialer)
        build.undo.append(ports.close)
        offline_registry_image(client, *REGISTRY_IMAGE.split(":"))
    except Exception as error:
        build.teardown()
        pytest.fail(f"could not build the split-network topology: {error}")
    yield SplitEngine(f"unix://{socket_path}", namespace, host_side, certs, REGISTRY_IMAGE, client)
    build.teardown()
