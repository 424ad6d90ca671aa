# Sourced by scripts/provision.sh: apt without its chatter on a newcomer's screen, real errors still on stderr.
#   - debconf warns "delaying package configuration, since apt-utils is not installed" on every install;
#   - needrestart runs after every install and, in a container, prints Perl warnings about a process table it
#     cannot read (and there is no service of ours to restart while provisioning);
#   - with a locale that is not installed (LANG=id_ID.UTF-8 on a fresh machine), every Perl program apt runs
#     warns "Setting locale failed".
# Each is switched off at its source; nothing of apt's own stderr is filtered away.
apt_env() {
  export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes NEEDRESTART_SUSPEND=1
  if [ -n "$(locale 2>&1 >/dev/null)" ]; then
    export LC_ALL=C.UTF-8
  fi
}

apt_quiet() {
  ( apt_env && apt-get -qq "$@" >/dev/null )
}
