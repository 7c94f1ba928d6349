#!/bin/sh
# Keeps a private CA and a serving certificate for the in-cluster TLS listener: checks the set
# mounted from the Secret in $CURRENT_DIR and, when it is missing or no longer good, makes a new
# one in $OUT_DIR (ca.crt, tls.crt, tls.key), which the key job writes to the Secret. Writes
# nothing when the current set is good. Runs in an image that has openssl (no run-time install).
#
#   DNS_NAMES     comma-separated names of the serving certificate (the first is its subject)
#   CURRENT_DIR   the Secret's files (missing or empty on the first run)
#   OUT_DIR       where a new set is written
#   VALID_DAYS    lifetime of the CA and of the certificate (default 3650)
#   RENEW_DAYS    a set expiring within this many days is replaced (default 30)
set -eu

log() { printf 'internal-tls-cert: %s\n' "$*"; }
fail() {
  printf 'internal-tls-cert: error: %s\n' "$*" >&2
  exit 1
}

for name in DNS_NAMES CURRENT_DIR OUT_DIR; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "environment variable $name is required"
done
VALID_DAYS=${VALID_DAYS:-3650}
RENEW_DAYS=${RENEW_DAYS:-30}
for name in VALID_DAYS RENEW_DAYS; do
  eval "value=\$$name"
  case $value in
    '' | *[!0-9]*) fail "$name must be a whole number, got '$value'" ;;
  esac
done
[ "$RENEW_DAYS" -lt "$VALID_DAYS" ] || fail "RENEW_DAYS must be less than VALID_DAYS"

subject=${DNS_NAMES%%,*}
san=$(printf '%s' "$DNS_NAMES" | awk -F ',' '{ for (i = 1; i <= NF; i++) printf "%sDNS:%s", (i > 1 ? "," : ""), $i }')
renew_seconds=$((RENEW_DAYS * 86400))

# Good: every file present, the certificate signed by the CA, both valid for longer than
# RENEW_DAYS, the key the certificate's, and every name of DNS_NAMES in it.
current_is_good() {
  ca=$CURRENT_DIR/ca.crt crt=$CURRENT_DIR/tls.crt key=$CURRENT_DIR/tls.key
  [ -s "$ca" ] && [ -s "$crt" ] && [ -s "$key" ] || return 1
  openssl verify -CAfile "$ca" "$crt" >/dev/null 2>&1 || return 1
  openssl x509 -in "$ca" -noout -checkend "$renew_seconds" >/dev/null 2>&1 || return 1
  openssl x509 -in "$crt" -noout -checkend "$renew_seconds" >/dev/null 2>&1 || return 1
  [ "$(openssl x509 -in "$crt" -noout -pubkey 2>/dev/null)" = "$(openssl pkey -in "$key" -pubout 2>/dev/null)" ] ||
    return 1
  names=$(openssl x509 -in "$crt" -noout -ext subjectAltName 2>/dev/null) || return 1
  for name in $(printf '%s' "$DNS_NAMES" | tr ',' ' '); do
    case "$names," in
      *"DNS:$name,"*) ;;
      *) return 1 ;;
    esac
  done
}

if current_is_good; then
  log "the certificate in $CURRENT_DIR is valid for $subject for more than $RENEW_DAYS days; nothing to do"
  exit 0
fi

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ECDSA P-256: small, fast, and accepted by Go's TLS (tailscaled) and by nginx.
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days "$VALID_DAYS" \
  -subj "/CN=$subject CA" -addext 'basicConstraints=critical,CA:TRUE,pathlen:0' \
  -addext 'keyUsage=critical,keyCertSign,cRLSign' \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null || fail "could not make the CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$subject" \
  -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null || fail "could not make the certificate request"
cat >"$work/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$san
EXT
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$VALID_DAYS" -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null ||
  fail "could not sign the certificate"
# The CA's key is not kept: a renewal makes a new CA, which the client trusts once its pod restarts.
cp "$work/ca.crt" "$work/tls.crt" "$work/tls.key" "$OUT_DIR/"
log "made a CA and a certificate for $DNS_NAMES, valid for $VALID_DAYS days, in $OUT_DIR"
