#!/bin/sh
# Runs before Headscale starts (an init container on the data claim): when the Headscale version
# about to start differs from the one recorded by the last run, takes a consistent copy of the
# SQLite database with sqlite3's online backup (never a plain copy, which can tear a WAL database),
# keeps the newest KEEP copies and records the version. Headscale migrates its database at start,
# one way only, so the copy is what an upgrade that goes wrong is undone with.
# DB_PATH is the database; BACKUP_DIR where the copies and the recorded version live (on the same
# claim); HEADSCALE_VERSION the version about to start (the image's tag); KEEP how many copies
# stay. Needs sqlite3, date, tr, mkdir, mv and rm.
set -eu

log() { printf 'upgrade-backup: %s\n' "$*"; }
fail() {
  printf 'upgrade-backup: error: %s\n' "$*" >&2
  exit 1
}

for name in DB_PATH BACKUP_DIR HEADSCALE_VERSION KEEP; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "environment variable $name is required"
done
case $KEEP in
  *[!0-9]* | 0*) fail "KEEP must be a whole number above zero, got '$KEEP'" ;;
esac

mkdir -p "$BACKUP_DIR"
version_file=$BACKUP_DIR/last-version
previous=''
if [ -r "$version_file" ]; then
  IFS= read -r previous <"$version_file" || true
fi

# Writes the version about to start as the last one, atomically.
record_version() {
  printf '%s\n' "$HEADSCALE_VERSION" >"$version_file.partial"
  mv -f "$version_file.partial" "$version_file"
}

if [ "$previous" = "$HEADSCALE_VERSION" ]; then
  log "Headscale $HEADSCALE_VERSION as last time: no copy"
  exit 0
fi
if [ ! -f "$DB_PATH" ]; then
  log "no database at $DB_PATH yet: nothing to copy; recording $HEADSCALE_VERSION"
  record_version
  exit 0
fi

# Names sort by time: a UTC timestamp first, then the version that wrote the data (a tag, made
# safe for a file name).
from=$(printf '%s' "${previous:-unknown}" | tr -c 'A-Za-z0-9._-' '_')
copy=$BACKUP_DIR/db-$(date -u +%Y%m%dT%H%M%SZ)-$from.sqlite
log "Headscale ${previous:-(no record)} -> $HEADSCALE_VERSION: copying $DB_PATH to $copy"
rm -f "$copy.partial"
# .backup copies page by page through SQLite, consistent even while another connection writes;
# the timeout waits out a writer's lock instead of failing at once.
sqlite3 "$DB_PATH" '.timeout 10000' ".backup '$copy.partial'" || fail "sqlite3 could not copy $DB_PATH"
check=$(sqlite3 "$copy.partial" 'PRAGMA integrity_check;') || fail "sqlite3 could not check the copy $copy.partial"
[ "$check" = ok ] || fail "the copy $copy.partial fails its integrity check: $check"
mv -f "$copy.partial" "$copy"

# The oldest copies beyond KEEP go; the glob lists them oldest first.
LC_ALL=C
export LC_ALL
set -- "$BACKUP_DIR"/db-*.sqlite
excess=$(($# - KEEP))
while [ "$excess" -gt 0 ]; do
  log "removing the old copy $1"
  rm -f "$1"
  shift
  excess=$((excess - 1))
done

record_version
log "done; Headscale $HEADSCALE_VERSION recorded"
