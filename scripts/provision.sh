#!/usr/bin/env bash
# Sets up, from nothing, what tutor and its tests need on a Debian-like machine:
#   1. system packages (docker.io, docker-registry, apache2-utils, busybox-static; for some tests chromium,
#      poppler-utils, zsh, iproute2, iptables, podman, skopeo, buildah, strace; for the credential-helper
#      lesson pass, gnupg, jq) when root and apt exist, installed quietly (scripts/apt-quiet.sh);
#   2. a virtual environment in .venv with the project and its test dependencies, and docker-credential-pass
#      fetched into .venv/credential-helpers (never machine-wide: see below);
#   3. a Docker engine: reuses one that answers, else starts `dockerd --bridge=none --iptables=false`
#      (never a second one) and waits for it.
# Idempotent: a second run reuses everything. Without root or apt it says what is missing and carries on,
# so the tests that can run still run. Sourced by scripts/test and scripts/start.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TUTOR_VENV:-$here/.venv}"
PY="${PYTHON:-python3}"
say() { printf '[provision] %s\n' "$*" >&2; }

need_pkgs=()   # what tutor and most tests need
extra_pkgs=()  # only some tests: installed apart, so that they can never block the others
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
command -v docker-registry >/dev/null 2>&1 || command -v registry >/dev/null 2>&1 || need_pkgs+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need_pkgs+=(apache2-utils)
[ -x /bin/busybox ] || command -v busybox >/dev/null 2>&1 || need_pkgs+=(busybox-static)
command -v chromium >/dev/null 2>&1 || extra_pkgs+=(chromium)  # the web board test (headless)
command -v pdftotext >/dev/null 2>&1 || extra_pkgs+=(poppler-utils)  # the printed handout (its PDF read back)
command -v zsh >/dev/null 2>&1 || extra_pkgs+=(zsh)  # tutor start in zsh (where bash is missing)
command -v ip >/dev/null 2>&1 || extra_pkgs+=(iproute2)  # the Docker Desktop topology (tests/splitnet.py)
command -v iptables >/dev/null 2>&1 || extra_pkgs+=(iptables)  # ... its host.docker.internal (DNAT)
# Other clients of the same registry (in_registry recognises their pushes; Podman's logins and its
# Docker-compatible API; the token service's chunked OAuth POST as containers/image sends it), used with
# `--storage-driver vfs` and on 127.0.0.1 only; strace: the modes secrets are created with.
for tool in podman skopeo buildah strace; do
  command -v "$tool" >/dev/null 2>&1 || extra_pkgs+=("$tool")
done
# The credential-helper lesson: pass and GPG (harmless machine-wide) and jq, which its learners type.
command -v pass >/dev/null 2>&1 || extra_pkgs+=(pass)
command -v gpg >/dev/null 2>&1 || extra_pkgs+=(gnupg)
command -v jq >/dev/null 2>&1 || extra_pkgs+=(jq)
if [ ${#need_pkgs[@]} -gt 0 ] || [ ${#extra_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    . "$here/scripts/apt-quiet.sh"
    apt_quiet update || say "apt-get update failed; trying with the package lists there are"
    install_group() {
      [ $# -gt 0 ] || return 0
      say "installing $*"
      apt_quiet install -y "$@" || say "apt-get could not install $*; tests that need them will be skipped"
    }
    install_group "${need_pkgs[@]}"
    install_group "${extra_pkgs[@]}"
  else
    say "missing ${need_pkgs[*]} ${extra_pkgs[*]} and cannot install them (needs root and apt); tests that need them will be skipped"
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "creating virtual environment $VENV"
  "$PY" -m venv "$VENV" || { say "could not create a virtual environment"; exit 3; }
fi
# Reinstall only when the project description changed since the last install.
stamp="$VENV/.tutor-installed"
if [ ! -f "$stamp" ] || [ "$here/pyproject.toml" -nt "$stamp" ]; then
  say "installing the project and its test dependencies"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$here[test,classroom]" || { say "pip install failed"; exit 3; }
  touch "$stamp"
fi
# docker-credential-pass for the credential-helper lesson's tests, in a folder of the tutor's own, NEVER
# machine-wide: with it and `pass` on the PATH, Docker takes `pass` as its default store for every config
# without logins, and every fresh `docker login` on the machine fails ("pass not initialized"). Only the
# lesson's test shell puts this folder on its PATH (TUTOR_CREDENTIAL_HELPERS, see tests/conftest.py).
helpers="$VENV/credential-helpers"
if [ ! -x "$helpers/usr/bin/docker-credential-pass" ] && command -v apt-get >/dev/null 2>&1; then
  say "fetching docker-credential-pass into $helpers (not installed machine-wide)"
  debs="$(mktemp -d)"
  if (cd "$debs" && apt-get download golang-docker-credential-helpers >/dev/null 2>&1) && \
     dpkg -x "$debs"/golang-docker-credential-helpers_*.deb "$helpers"; then :
  else say "could not fetch golang-docker-credential-helpers; the credential-helper lesson's test will fail"
  fi
  rm -rf "$debs"
fi

# An editable install leaves the tutor's own modules uncompiled, and with PYTHONDONTWRITEBYTECODE (set on
# these machines) Python would compile them again on every start: ~10 ms of each `tutor` command. A wheel
# install compiles them; do the same here (stale files are simply recompiled in memory, never trusted).
"$VENV/bin/python" -m compileall -q "$here/tutor" >/dev/null || true

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if command -v docker >/dev/null 2>&1 && ! engine_answers; then
  if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null 2>&1 && [ -z "${DOCKER_HOST:-}" ]; then
    # The default engine's own pid file, not any dockerd: engines on other sockets (other data roots) may run
    # beside it and must not be taken for it.
    if [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
      say "dockerd is starting; waiting for it"
    else
      say "starting dockerd --bridge=none --iptables=false"
      mkdir -p /var/log
      nohup dockerd --bridge=none --iptables=false >/var/log/tutor-dockerd.log 2>&1 &
    fi
    for _ in $(seq 1 120); do engine_answers && break; sleep 0.5; done
    engine_answers || say "the Docker engine did not answer; see /var/log/tutor-dockerd.log"
  else
    say "no Docker engine answers and this user cannot start one; engine tests will be skipped"
  fi
fi
