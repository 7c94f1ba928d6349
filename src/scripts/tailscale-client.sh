#!/bin/sh
# Runs tailscaled for the in-cluster Headscale client and joins the tailnet with the preauth key
# that ensure-client-key.sh keeps in a Secret mounted at $AUTHKEY_FILE. It is the container's
# main process and lives as long as tailscaled. Needs tailscaled, tailscale and sleep.
# TS_STATE is tailscaled's --state: kube:<Secret> or a file. TS_USERSPACE=true runs tailscaled
# with userspace networking, which needs no TUN device, no capability and no root.
set -eu

log() { printf 'tailscale-client: %s\n' "$*"; }
fail() {
  printf 'tailscale-client: error: %s\n' "$*" >&2
  exit 1
}

for name in TS_STATE TS_HOSTNAME LOGIN_SERVER; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "environment variable $name is required"
done
AUTHKEY_FILE=${AUTHKEY_FILE:-/etc/client-auth/authkey}
AUTHKEY_WAIT_SECONDS=${AUTHKEY_WAIT_SECONDS:-600}
TS_SOCKET=${TS_SOCKET:-/var/run/tailscale/tailscaled.sock}
ACCEPT_DNS=${ACCEPT_DNS:-unset}
ACCEPT_ROUTES=${ACCEPT_ROUTES:-unset}
ADVERTISE_ROUTES=${ADVERTISE_ROUTES:-}
ADVERTISE_EXIT_NODE=${ADVERTISE_EXIT_NODE:-false}
TS_USERSPACE=${TS_USERSPACE:-false}
UP_ATTEMPTS=30

case $AUTHKEY_WAIT_SECONDS in
  '' | *[!0-9]*) fail "AUTHKEY_WAIT_SECONDS must be a whole number, got '$AUTHKEY_WAIT_SECONDS'" ;;
esac
case $TS_USERSPACE in
  true) tun=userspace-networking ;;
  false) tun='' ;;
  *) fail "TS_USERSPACE must be true or false, got '$TS_USERSPACE'" ;;
esac

# `tailscale up` reads the key from the file itself, so it is never on a command line.
# --reset lets a restarted pod drop settings that are no longer configured instead of failing.
set -- --reset --authkey="file:$AUTHKEY_FILE" --login-server="$LOGIN_SERVER" --hostname="$TS_HOSTNAME"
for setting in ACCEPT_DNS:accept-dns ACCEPT_ROUTES:accept-routes; do
  name=${setting%%:*}
  eval "value=\$$name"
  case $value in
    unset) ;;
    true | false) set -- "$@" "--${setting#*:}=$value" ;;
    *) fail "$name must be true, false or unset, got '$value'" ;;
  esac
done
[ -z "$ADVERTISE_ROUTES" ] || set -- "$@" --advertise-routes="$ADVERTISE_ROUTES"
case $ADVERTISE_EXIT_NODE in
  true) set -- "$@" --advertise-exit-node ;;
  false) ;;
  *) fail "ADVERTISE_EXIT_NODE must be true or false, got '$ADVERTISE_EXIT_NODE'" ;;
esac

log "waiting up to ${AUTHKEY_WAIT_SECONDS}s for the preauth key at $AUTHKEY_FILE"
waited=0
until [ -s "$AUTHKEY_FILE" ]; do
  [ "$waited" -lt "$AUTHKEY_WAIT_SECONDS" ] ||
    fail "no preauth key at $AUTHKEY_FILE after ${AUTHKEY_WAIT_SECONDS}s; check the ensure-client-key Job and the Secret it writes"
  sleep 1
  waited=$((waited + 1))
done

log "starting tailscaled with its state in $TS_STATE${tun:+ and $tun}"
if [ -n "$tun" ]; then
  tailscaled --state="$TS_STATE" --socket="$TS_SOCKET" --tun="$tun" &
else
  tailscaled --state="$TS_STATE" --socket="$TS_SOCKET" &
fi
daemon=$!
# As PID 1 the shell would ignore TERM; pass it on so that tailscaled shuts down cleanly.
forwarded=""
trap 'forwarded=yes; kill -TERM "$daemon" 2>/dev/null || true' TERM INT

attempt=1
until tailscale --socket="$TS_SOCKET" up "$@"; do
  kill -0 "$daemon" 2>/dev/null || fail "tailscaled exited before the node came up"
  [ "$attempt" -lt "$UP_ATTEMPTS" ] || fail "'tailscale up' failed $UP_ATTEMPTS times"
  attempt=$((attempt + 1))
  sleep 1
done
log "node $TS_HOSTNAME is up on $LOGIN_SERVER"

status=0
wait "$daemon" || status=$?
# A trapped signal ends wait early (status over 128); waiting again returns tailscaled's own
# status, even once the shell has reaped it (which `kill -0` would take for an exit).
while [ -n "$forwarded" ] && [ "$status" -gt 128 ]; do
  forwarded=""
  status=0
  wait "$daemon" || status=$?
done
log "tailscaled exited with status $status"
exit "$status"
