#!/bin/sh
# Watches Headscale's policy file and sends the `headscale serve` process SIGHUP when the file's
# content changes, so that Headscale re-reads the policy without a restart. Runs beside Headscale
# in a pod that shares its process namespace, as Headscale's user (signalling a process of the same
# user needs no capability). Kubelet replaces a ConfigMap volume's files in place, about a minute
# after the ConfigMap changes; only a file mounted as part of a directory (not by subPath) is updated.
# POLICY_FILE is the file; POLL_SECONDS how often it is compared. PROC_ROOT is where the processes
# are listed (/proc). Needs cksum, tr and sleep.
set -eu

log() { printf 'policy-reload: %s\n' "$*"; }
fail() {
  printf 'policy-reload: error: %s\n' "$*" >&2
  exit 1
}

for name in POLICY_FILE POLL_SECONDS; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "environment variable $name is required"
done
PROC_ROOT=${PROC_ROOT:-/proc}
case $POLL_SECONDS in
  *[!0-9]*) fail "POLL_SECONDS must be a whole number of seconds, got '$POLL_SECONDS'" ;;
esac

# The content's checksum and length; "missing" while the file can't be read.
fingerprint() {
  cksum <"$POLICY_FILE" 2>/dev/null || echo missing
}

# Prints the pid of the process whose command line is `headscale serve ...` (the program by any
# path), and fails when there is none. Arguments in /proc/<pid>/cmdline are separated by NULs.
headscale_pid() {
  for cmdline in "$PROC_ROOT"/[0-9]*/cmdline; do
    [ -r "$cmdline" ] || continue
    program='' command=''
    {
      IFS= read -r program || true
      IFS= read -r command || true
    } <<EOF
$(tr '\000' '\n' <"$cmdline" 2>/dev/null)
EOF
    if [ "${program##*/}" = headscale ] && [ "$command" = serve ]; then
      pid=${cmdline%/cmdline}
      echo "${pid##*/}"
      return 0
    fi
  done
  return 1
}

last=$(fingerprint)
log "watching $POLICY_FILE every ${POLL_SECONDS}s"
while :; do
  sleep "$POLL_SECONDS"
  current=$(fingerprint)
  [ "$current" != "$last" ] || continue
  if [ "$current" = missing ]; then
    # Between kubelet's swaps the file may be briefly absent: wait for the next version.
    continue
  fi
  if ! pid=$(headscale_pid); then
    log "the policy changed, but no 'headscale serve' process is in $PROC_ROOT yet; trying again" >&2
    continue
  fi
  if kill -HUP "$pid"; then
    log "the policy changed: sent SIGHUP to headscale (pid $pid)"
    last=$current
  else
    log "could not signal headscale (pid $pid); trying again" >&2
  fi
done
