#!/bin/sh
# Creates the Headscale users of $USERS that are missing, and makes sure that each Secret named in
# $PREAUTH_KEYS holds a preauth key a new node can still join with. Idempotent: it runs once as a
# Job and then on a schedule. (Named as the chart names its script, which kept only the client's key.)
#
#   USERS         JSON list of {"name", "displayName", "email"}; a user that exists is left as it is.
#   PREAUTH_KEYS  JSON list of {"secret", "secretKey", "user", "tags": [...], "reusable",
#                 "ephemeral", "expiration", "renewBeforeSeconds"}; the key is written to the
#                 Secret's data key secretKey (`authkey` when empty).
#                 A key with tags and no user needs Headscale 0.28 or later.
#   HEADPLANE_SECRET  optional: a Secret kept for Headplane, with `cookie_secret` (32 random
#                 characters, made once) and `api_key` (`headscale apikeys create`, valid for
#                 API_KEY_EXPIRATION, API_KEY_LIFETIME_SECONDS in seconds, and replaced once no
#                 more than API_KEY_RENEW_BEFORE_SECONDS of it is left; `api_key_expires` holds its
#                 end, in epoch seconds, and `rotated_at` when either was last written).
#   HEADPLANE_DEPLOYMENT  optional: Headplane's Deployment, which reads the Secret once, at start:
#                 once the Secret has changed, its pod template's annotation $RESTART_ANNOTATION is
#                 set to the Secret's rotated_at, which restarts Headplane (and again on a later run
#                 if that patch failed).
#   INTERNAL_TLS_SECRET  optional: a Secret for the in-cluster TLS listener. When INTERNAL_TLS_DIR
#                 holds a new ca.crt, tls.crt and tls.key (made by internal-tls-cert.sh in an init
#                 container, only when the Secret's set is missing or expiring), they are written to
#                 it, before anything waits for Headscale: the listener waits for them.
#
# Works with the CLI of Headscale 0.26 to 0.29: before 0.28 `preauthkeys list` needs `-u <user id>`
# and lists keys in full; from 0.28 on it lists every user's keys, masked ("hskey-auth-<prefix>-***").
# The Headscale image is distroless, so every headscale command runs through `kubectl exec` and
# its JSON output is parsed here with awk. Needs kubectl, awk, base64, cut, date, head, sleep and
# tr; installs nothing at run time.
set -eu

log() { printf 'ensure-client-key: %s\n' "$*"; }
warn() { printf 'ensure-client-key: warning: %s\n' "$*" >&2; }
fail() {
  printf 'ensure-client-key: error: %s\n' "$*" >&2
  exit 1
}

for name in NAMESPACE SERVER_SELECTOR PREAUTH_KEYS; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "environment variable $name is required"
done
SERVER_CONTAINER=${SERVER_CONTAINER:-headscale}
USERS=${USERS:-[]}
HEADPLANE_SECRET=${HEADPLANE_SECRET:-}
HEADPLANE_DEPLOYMENT=${HEADPLANE_DEPLOYMENT:-}
INTERNAL_TLS_SECRET=${INTERNAL_TLS_SECRET:-}
INTERNAL_TLS_DIR=${INTERNAL_TLS_DIR:-}
API_KEY_LIFETIME_SECONDS=${API_KEY_LIFETIME_SECONDS:-0}
API_KEY_RENEW_BEFORE_SECONDS=${API_KEY_RENEW_BEFORE_SECONDS:-0}
SERVER_WAIT_SECONDS=${SERVER_WAIT_SECONDS:-300}
CREATE_ATTEMPTS=${CREATE_ATTEMPTS:-5}
RETRY_DELAY_SECONDS=${RETRY_DELAY_SECONDS:-5}
for name in SERVER_WAIT_SECONDS CREATE_ATTEMPTS RETRY_DELAY_SECONDS API_KEY_LIFETIME_SECONDS API_KEY_RENEW_BEFORE_SECONDS; do
  eval "value=\$$name"
  case $value in
    '' | *[!0-9]*) fail "$name must be a whole number, got '$value'" ;;
  esac
done
[ "$CREATE_ATTEMPTS" -ge 1 ] || fail "CREATE_ATTEMPTS must be at least 1"
if [ -n "$HEADPLANE_SECRET" ] && { [ -z "${API_KEY_EXPIRATION:-}" ] || [ "$API_KEY_LIFETIME_SECONDS" -eq 0 ] ||
  [ "$API_KEY_RENEW_BEFORE_SECONDS" -eq 0 ]; }; then
  fail "HEADPLANE_SECRET needs API_KEY_EXPIRATION, API_KEY_LIFETIME_SECONDS and API_KEY_RENEW_BEFORE_SECONDS"
fi
[ -z "$HEADPLANE_DEPLOYMENT" ] || [ -n "$HEADPLANE_SECRET" ] || fail "HEADPLANE_DEPLOYMENT needs HEADPLANE_SECRET"
RESTART_ANNOTATION=cdk8s-headscale/headplane-secret-rotated-at

SERVER_POLL_SECONDS=5
# One "<pod>\t<server container ready>\t<deletionTimestamp>" line per server pod. The server's
# container, not the pod: a sidecar (Headplane) may wait for what this job writes.
POD_COLUMNS='{range .items[*]}{.metadata.name}{"\t"}{.status.containerStatuses[?(@.name=="'"$SERVER_CONTAINER"'")].ready}{"\t"}{.metadata.deletionTimestamp}{"\n"}{end}'

ready_server_pod() {
  kubectl get pods -n "$NAMESPACE" -l "$SERVER_SELECTOR" -o "jsonpath=$POD_COLUMNS" |
    awk -F '\t' '$2 == "true" && $3 == "" { print $1; exit }'
}

headscale_cli() {
  kubectl exec -n "$NAMESPACE" "$server_pod" -c "$SERVER_CONTAINER" -- headscale "$@" -o json
}

# Prints one "<path>\t<value>" line per scalar of the JSON document on stdin, for example
# "0.user.name<TAB>headscale-system" or "0.expiration.seconds<TAB>1767225600". An escaped
# character in a string is kept as is, which is enough for names, ids, keys and timestamps.
json_flatten() {
  awk '
    function emit(value,   path, level) {
      path = ""
      for (level = 1; level <= depth; level++)
        path = path (level > 1 ? "." : "") (kind[level] == "array" ? position[level] : member[level])
      print path "\t" value
    }
    { text = text $0 "\n" }
    END {
      n = length(text)
      for (i = 1; i <= n; i++) {
        c = substr(text, i, 1)
        if (c == "{") { kind[++depth] = "object"; expect_member = 1 }
        else if (c == "[") { kind[++depth] = "array"; position[depth] = 0 }
        else if (c == "}" || c == "]") { depth--; expect_member = 0 }
        else if (c == ",") { if (kind[depth] == "array") position[depth]++; else expect_member = 1 }
        else if (c == "\"") {
          s = ""
          for (i++; i <= n && (c = substr(text, i, 1)) != "\""; i++) {
            if (c == "\\") c = substr(text, ++i, 1)
            s = s c
          }
          if (expect_member) { member[depth] = s; expect_member = 0 } else emit(s)
        } else if (c ~ /[-0-9a-z]/) {
          s = c
          while (substr(text, i + 1, 1) ~ /[-+.0-9a-zA-Z]/) s = s substr(text, ++i, 1)
          emit(s)
        }
      }
    }'
}

# Prints the value at path $1 of the flattened JSON on stdin. In the shell itself: the script
# looks up many values, and each awk would be a process of its own.
json_value() {
  while IFS= read -r json_line; do
    case $json_line in
      "$1	"*)
        printf '%s\n' "${json_line#*	}"
        return 0
        ;;
    esac
  done
}

# Prints the comma-separated values of the list at path $1 of the flattened JSON on stdin.
json_list() {
  awk -F '\t' -v prefix="$1." '
    index($1, prefix) == 1 && substr($1, length(prefix) + 1) ~ /^[0-9]+$/ {
      list = list (list == "" ? "" : ",") $2
    }
    END { print list }'
}

# Prints how many entries the flattened JSON list on stdin has (a list of objects).
json_length() {
  awk -F '\t' '$1 == "" { next } { entry = $1; sub(/\..*/, "", entry); if (entry + 1 > n) n = entry + 1 } END { print n + 0 }'
}

# Reads `headscale users list` JSON and prints the id of user $1, if it exists.
id_of_user() {
  json_flatten | awk -F '\t' -v name="$1" '
    { record = $1; sub(/\..*/, "", record); field = substr($1, length(record) + 2) }
    field == "id" { id[record] = $2 }
    field == "name" && $2 == name { wanted = record; found = 1 }
    END { if (found) print id[wanted] }'
}

# Reads `headscale preauthkeys list` JSON and prints "<id>\t<key>" for each key that a new node
# can still join with and that has the settings of the key being ensured: owned by user id
# $key_user_id (or, for a tagged key, by no user: Headscale 0.28's tags as identity), exactly the
# tags $key_tags, the same reusable and ephemeral flags, not a used single-use key, and not
# expiring within $key_renew_before seconds. The CLI writes timestamps as {"seconds": N}; an
# RFC 3339 string (REST style) and camelCase names are understood as well.
usable_keys() {
  json_flatten | awk -F '\t' -v user_id="$key_user_id" -v user_name="$key_user" \
    -v deadline="$(($(date +%s) + key_renew_before))" -v wanted_tags="$key_tags" \
    -v wanted_reusable="$key_reusable" -v wanted_ephemeral="$key_ephemeral" '
    # Seconds since the epoch of an RFC 3339 time, using the days-from-civil calendar formula.
    function epoch(time,   y, m, d, era, year_of_era, day_of_year, offset) {
      y = substr(time, 1, 4) + 0; m = substr(time, 6, 2) + 0; d = substr(time, 9, 2) + 0
      offset = 0
      if (match(time, /[+-][0-9][0-9]:[0-9][0-9]$/))
        offset = (substr(time, RSTART, 1) == "+" ? -1 : 1) * \
          (substr(time, RSTART + 1, 2) * 3600 + substr(time, RSTART + 4, 2) * 60)
      if (m <= 2) y--
      era = int(y / 400)
      year_of_era = y - era * 400
      day_of_year = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
      return (era * 146097 + year_of_era * 365 + int(year_of_era / 4) - int(year_of_era / 100) \
        + day_of_year - 719468) * 86400 \
        + substr(time, 12, 2) * 3600 + substr(time, 15, 2) * 60 + substr(time, 18, 2) + offset
    }
    function same_tags(have, want,   wanted, present, count, i) {
      count = split(want, wanted, ",")
      if (split(have, present, ",") != count) return 0
      for (i = 1; i <= count; i++)
        if (index("," have ",", "," wanted[i] ",") == 0) return 0
      return 1
    }
    {
      record = $1; sub(/\..*/, "", record); field = substr($1, length(record) + 2)
      records[record] = 1
      if (field == "id") id[record] = $2
      else if (field == "key") key[record] = $2
      else if (field == "user.id") owner_id[record] = $2
      else if (field == "user.name" || field == "user") owner_name[record] = $2
      else if (field == "reusable") reusable[record] = $2
      else if (field == "ephemeral") ephemeral[record] = $2
      else if (field == "used") used[record] = $2
      else if (field == "expiration.seconds") expires[record] = $2 + 0
      else if (field == "expiration" && $2 != "null") expires[record] = epoch($2)
      else if (field ~ /^(acl_tags|aclTags|tags)\.[0-9]+$/)
        tags[record] = tags[record] (tags[record] == "" ? "" : ",") $2
    }
    END {
      for (r in records) {
        owned = user_name != "" && (owner_id[r] == user_id || owner_name[r] == user_name)
        tagged_without_user = owner_id[r] == "" && owner_name[r] == "" && wanted_tags != ""
        if (!owned && !tagged_without_user) continue
        if ((r in expires) && expires[r] <= deadline + 0) continue
        if ((reusable[r] == "true") != (wanted_reusable == "true")) continue
        if ((ephemeral[r] == "true") != (wanted_ephemeral == "true")) continue
        if (used[r] == "true" && reusable[r] != "true") continue
        if (!same_tags(tags[r], wanted_tags)) continue
        print id[r] "\t" key[r]
      }
    }'
}

# Reads "<id>\t<key>" lines and prints the id of the key that $current_key is. A masked key
# ("...-***") stands for every full key that starts with its visible part.
id_of_current_key() {
  CURRENT_KEY=$current_key awk -F '\t' '
    { current = ENVIRON["CURRENT_KEY"]; listed = $2 }
    current == "" { exit }
    listed == current { print $1; exit }
    sub(/\*\*\*$/, "", listed) && index(current, listed) == 1 { print $1; exit }'
}

# Sets new_key and new_key_id.
create_key() {
  set -- --expiration "$key_expiration"
  [ "$key_reusable" != true ] || set -- --reusable "$@"
  [ "$key_ephemeral" != true ] || set -- --ephemeral "$@"
  [ -z "$key_user_id" ] || set -- -u "$key_user_id" "$@"
  [ -z "$key_tags" ] || set -- "$@" --tags "$key_tags"
  attempt=1
  until created=$(headscale_cli preauthkeys create "$@") &&
    new_key=$(printf '%s\n' "$created" | json_flatten | json_value key) && [ -n "$new_key" ]; do
    [ "$attempt" -lt "$CREATE_ATTEMPTS" ] ||
      fail "could not create a preauth key for $key_owner in $CREATE_ATTEMPTS attempts"
    warn "creating a preauth key failed (attempt $attempt of $CREATE_ATTEMPTS); retrying in ${RETRY_DELAY_SECONDS}s"
    attempt=$((attempt + 1))
    sleep "$RETRY_DELAY_SECONDS"
  done
  new_key_id=$(printf '%s\n' "$created" | json_flatten | json_value id)
}

# The manifest goes through stdin so that the key never appears on a command line; server-side
# apply keeps it out of a last-applied-configuration annotation as well. The Secret exists (the
# manifests create it, empty), so applying it is a patch: the job's Role has no right to create
# Secrets. Only the key is applied: the Secret's labels stay the manifests'.
write_secret() {
  encoded_key=$(printf '%s' "$new_key" | base64 | tr -d '\n')
  kubectl apply --server-side --field-manager=cdk8s-headscale --force-conflicts -f - >/dev/null <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: $key_secret
  namespace: $NAMESPACE
type: Opaque
data:
  $key_data_key: $encoded_key
EOF
}

# Prints the value of data key $2 of Secret $1, empty when the Secret or the key has none. A dot
# in a data key is escaped in a jsonpath.
secret_value() {
  jsonpath_key=$(printf '%s' "$2" | awk '{ gsub(/\./, "\\."); print }')
  encoded=$(kubectl get secret "$1" -n "$NAMESPACE" --ignore-not-found -o "jsonpath={.data.$jsonpath_key}") ||
    fail "could not read Secret $1"
  printf '%s' "$encoded" | base64 -d || fail "the $2 in Secret $1 is not valid base64"
}

# Keeps Headplane's cookie secret and a valid API key in $HEADPLANE_SECRET; sets rotated_at to when
# they were last written. The old API key is left to expire: Headplane holds it until its pod restarts.
ensure_headplane_secret() {
  cookie_secret=$(secret_value "$HEADPLANE_SECRET" cookie_secret)
  api_key=$(secret_value "$HEADPLANE_SECRET" api_key)
  api_key_expires=$(secret_value "$HEADPLANE_SECRET" api_key_expires)
  rotated_at=$(secret_value "$HEADPLANE_SECRET" rotated_at)
  now=$(date +%s)
  changed=false
  if [ "${#cookie_secret}" -ne 32 ]; then
    cookie_secret=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)
    [ "${#cookie_secret}" -eq 32 ] || fail "could not make a cookie secret"
    log "made a cookie secret for Secret $HEADPLANE_SECRET"
    changed=true
  fi
  case $api_key_expires in '' | *[!0-9]*) api_key_expires=0 ;; esac
  if [ -z "$api_key" ] || [ "$api_key_expires" -le $((now + API_KEY_RENEW_BEFORE_SECONDS)) ]; then
    created=$(headscale_cli apikeys create --expiration "$API_KEY_EXPIRATION") ||
      fail "could not create a Headscale API key"
    api_key=$(printf '%s\n' "$created" | json_flatten | json_value '')
    [ -n "$api_key" ] || fail "'headscale apikeys create' returned no key"
    api_key_expires=$((now + API_KEY_LIFETIME_SECONDS))
    log "created an API key for Secret $HEADPLANE_SECRET (expires in $API_KEY_EXPIRATION)"
    changed=true
  fi
  if [ "$changed" = false ]; then
    log "Secret $HEADPLANE_SECRET holds a cookie secret and an API key valid for long enough; nothing to do"
    return 0
  fi
  rotated_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  kubectl apply --server-side --field-manager=cdk8s-headscale --force-conflicts -f - >/dev/null <<EOF ||
apiVersion: v1
kind: Secret
metadata:
  name: $HEADPLANE_SECRET
  namespace: $NAMESPACE
type: Opaque
data:
  cookie_secret: $(printf '%s' "$cookie_secret" | base64 | tr -d '\n')
  api_key: $(printf '%s' "$api_key" | base64 | tr -d '\n')
  api_key_expires: $(printf '%s' "$api_key_expires" | base64 | tr -d '\n')
  rotated_at: $(printf '%s' "$rotated_at" | base64 | tr -d '\n')
EOF
    fail "could not write Secret $HEADPLANE_SECRET"
  log "wrote Secret $HEADPLANE_SECRET"
}

# Restarts Headplane once for each change of its Secret: sets its pod template's annotation to the
# Secret's rotated_at when it holds another time. A Secret written before rotated_at existed has
# none, and restarts nothing.
restart_headplane() {
  if [ -z "$rotated_at" ]; then
    log "Secret $HEADPLANE_SECRET records no change; Deployment $HEADPLANE_DEPLOYMENT left as it is"
    return 0
  fi
  restarted_for=$(kubectl get deployment "$HEADPLANE_DEPLOYMENT" -n "$NAMESPACE" \
    -o "jsonpath={.spec.template.metadata.annotations.$RESTART_ANNOTATION}") ||
    fail "could not read Deployment $HEADPLANE_DEPLOYMENT"
  if [ "$restarted_for" = "$rotated_at" ]; then
    log "Deployment $HEADPLANE_DEPLOYMENT runs with the Secret of $rotated_at; nothing to do"
    return 0
  fi
  kubectl patch deployment "$HEADPLANE_DEPLOYMENT" -n "$NAMESPACE" --field-manager=cdk8s-headscale --type merge \
    -p "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"$RESTART_ANNOTATION\":\"$rotated_at\"}}}}}" >/dev/null ||
    fail "could not restart Deployment $HEADPLANE_DEPLOYMENT"
  log "restarted Deployment $HEADPLANE_DEPLOYMENT for the Secret of $rotated_at"
}

# Writes the certificate set that internal-tls-cert.sh left in $INTERNAL_TLS_DIR, if it made one.
write_internal_tls() {
  if [ ! -s "$INTERNAL_TLS_DIR/tls.crt" ]; then
    log "Secret $INTERNAL_TLS_SECRET holds a valid certificate; nothing to do"
    return 0
  fi
  for file in ca.crt tls.crt tls.key; do
    [ -s "$INTERNAL_TLS_DIR/$file" ] || fail "$INTERNAL_TLS_DIR/$file is missing"
  done
  kubectl apply --server-side --field-manager=cdk8s-headscale --force-conflicts -f - >/dev/null <<EOF ||
apiVersion: v1
kind: Secret
metadata:
  name: $INTERNAL_TLS_SECRET
  namespace: $NAMESPACE
type: Opaque
data:
  ca.crt: $(base64 <"$INTERNAL_TLS_DIR/ca.crt" | tr -d '\n')
  tls.crt: $(base64 <"$INTERNAL_TLS_DIR/tls.crt" | tr -d '\n')
  tls.key: $(base64 <"$INTERNAL_TLS_DIR/tls.key" | tr -d '\n')
EOF
    fail "could not write Secret $INTERNAL_TLS_SECRET"
  log "wrote a new CA and certificate to Secret $INTERNAL_TLS_SECRET"
}

# Creates the users of $USERS that `headscale users list` ($users) lacks; sets users anew.
create_missing_users() {
  user_specs=$(printf '%s' "$USERS" | json_flatten)
  count=$(printf '%s\n' "$user_specs" | json_length)
  created_any=false
  i=0
  while [ "$i" -lt "$count" ]; do
    name=$(printf '%s\n' "$user_specs" | json_value "$i.name")
    display_name=$(printf '%s\n' "$user_specs" | json_value "$i.displayName")
    email=$(printf '%s\n' "$user_specs" | json_value "$i.email")
    i=$((i + 1))
    if [ -n "$(printf '%s\n' "$users" | id_of_user "$name")" ]; then
      log "user $name exists"
      continue
    fi
    set -- "$name"
    [ -z "$display_name" ] || set -- "$@" --display-name "$display_name"
    [ -z "$email" ] || set -- "$@" --email "$email"
    headscale_cli users create "$@" >/dev/null || fail "could not create Headscale user $name"
    log "created user $name"
    created_any=true
  done
  if [ "$created_any" = true ]; then
    users=$(headscale_cli users list) || fail "could not list Headscale users"
  fi
}

# Prints field $2 of entry $1 of $PREAUTH_KEYS.
spec() { printf '%s\n' "$key_specs" | json_value "$1.$2"; }

# Ensures the key of entry $1 of $PREAUTH_KEYS; returns 1 when it can't (the reason logged).
ensure_key() {
  key_secret=$(spec "$1" secret)
  key_data_key=$(spec "$1" secretKey)
  key_data_key=${key_data_key:-authkey}
  key_user=$(spec "$1" user)
  key_tags=$(printf '%s\n' "$key_specs" | json_list "$1.tags")
  key_reusable=$(spec "$1" reusable)
  key_ephemeral=$(spec "$1" ephemeral)
  key_expiration=$(spec "$1" expiration)
  key_renew_before=$(spec "$1" renewBeforeSeconds)
  key_renew_before=${key_renew_before:-0}
  key_owner=${key_user:+user $key_user}
  key_owner=${key_owner:-tags $key_tags}
  key_user_id=
  if [ -n "$key_user" ]; then
    key_user_id=$(printf '%s\n' "$users" | id_of_user "$key_user")
    if [ -z "$key_user_id" ]; then
      warn "Secret $key_secret: Headscale has no user $key_user; add it to the users to create"
      return 1
    fi
  fi

  if [ -n "$all_keys" ]; then
    keys=$all_keys
  elif [ -n "$key_user_id" ]; then
    keys=$(headscale_cli preauthkeys list -u "$key_user_id") || fail "could not list the preauth keys of $key_owner"
  else
    warn "Secret $key_secret: a key with tags and no user needs Headscale 0.28 or later"
    return 1
  fi
  usable=$(printf '%s\n' "$keys" | usable_keys)
  log "found $(printf '%s' "$usable" | awk 'END { print NR }') usable preauth key(s) of $key_owner for Secret $key_secret"

  # ensure_key runs where `set -e` does not stop the script: a failed read stops it here.
  current_key=$(secret_value "$key_secret" "$key_data_key") || exit 1
  if [ -z "$current_key" ]; then
    log "Secret $key_secret holds no key yet"
  else
    current_id=$(printf '%s\n' "$usable" | id_of_current_key)
    if [ -n "$current_id" ]; then
      log "Secret $key_secret holds usable preauth key $current_id; nothing to do"
      return 0
    fi
    log "the key in Secret $key_secret is expired, expiring, unknown or has other settings; replacing it"
  fi

  # Only keys listed in full (Headscale before 0.28, or a key from before 0.28) can be reused.
  full_key=$(printf '%s\n' "$usable" | awk -F '\t' '$2 != "" && $2 !~ /\*\*\*$/ { print; exit }')
  if [ -n "$full_key" ]; then
    new_key_id=$(printf '%s\n' "$full_key" | cut -f1)
    new_key=$(printf '%s\n' "$full_key" | cut -f2-)
    log "reusing preauth key $new_key_id"
  else
    create_key
    log "created preauth key $new_key_id for $key_owner (expires in $key_expiration)"
  fi

  write_secret || fail "could not write Secret $key_secret"
  log "wrote preauth key $new_key_id to Secret $key_secret"
}

[ -z "$INTERNAL_TLS_SECRET" ] || write_internal_tls

log "waiting up to ${SERVER_WAIT_SECONDS}s for a Ready Headscale pod ($SERVER_SELECTOR) in namespace $NAMESPACE"
waited=0
until server_pod=$(ready_server_pod) && [ -n "$server_pod" ]; do
  [ "$waited" -lt "$SERVER_WAIT_SECONDS" ] ||
    fail "no Ready Headscale pod matches selector '$SERVER_SELECTOR' in namespace '$NAMESPACE' after ${SERVER_WAIT_SECONDS}s"
  sleep "$SERVER_POLL_SECONDS"
  waited=$((waited + SERVER_POLL_SECONDS))
done
log "using server pod $server_pod"

users=$(headscale_cli users list) || fail "could not list Headscale users"
create_missing_users

# Headscale 0.28 and later list every key at once; before, `list` requires a user (-u).
if all_keys=$(headscale_cli preauthkeys list 2>/dev/null); then
  all_keys=${all_keys:-null}
else
  all_keys=
  log "this Headscale lists preauth keys one user at a time"
fi

key_specs=$(printf '%s' "$PREAUTH_KEYS" | json_flatten)
key_count=$(printf '%s\n' "$key_specs" | json_length)
failed=0
entry=0
while [ "$entry" -lt "$key_count" ]; do
  ensure_key "$entry" || failed=$((failed + 1))
  entry=$((entry + 1))
done
[ -z "$HEADPLANE_SECRET" ] || ensure_headplane_secret
[ -z "$HEADPLANE_DEPLOYMENT" ] || restart_headplane
[ "$failed" -eq 0 ] || fail "$failed of $key_count preauth key(s) could not be ensured"
