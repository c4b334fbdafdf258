#!/usr/bin/env bash
# A throwaway PostgreSQL for the emulator's PostgreSQL test pass, and for trying the shared mode by hand.
# Debian's postgresql (installed when missing), its cluster in a temporary folder, on 127.0.0.1 and a free port,
# trust authentication for the local superuser "postgres". If it cannot start, this fails loudly (exit code 1).
#
#   scripts/postgres.sh start STATE   start; prints the server's connection string (no Database) on stdout
#   scripts/postgres.sh stop STATE    stop it and delete STATE
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else command -v sudo >/dev/null 2>&1 || die "run as root or install sudo"; sudo "$@"; fi
}

ensure_postgres() {
    [[ -n "$(pg_bin)" && -x "$(pg_bin)/initdb" ]] && return
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is missing and apt-get is not available to install it"
    log "installing postgresql (apt-get)"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 || die "could not install postgresql"
    fi
    [[ -x "$(pg_bin)/initdb" ]] || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
}

# Runs a PostgreSQL binary as the postgres user (initdb and the server refuse to run as root).
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port found"
}

start() {
    local state=$1
    ensure_postgres
    local bin; bin=$(pg_bin)
    mkdir -p "$state"
    state=$(cd "$state" && pwd)
    [[ $(id -u) -eq 0 ]] && chown postgres: "$state"
    chmod 700 "$state"
    as_postgres "$bin/initdb" -D "$state/data" -U postgres -A trust -E UTF8 --no-locale >"$state/initdb.log" 2>&1 \
        || { cat "$state/initdb.log" >&2; die "initdb failed"; }
    local port; port=$(free_port)
    echo "$port" >"$state/port"
    # Sockets in STATE too, so nothing else on the machine is touched; fsync off: the data is thrown away.
    as_postgres "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $state -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >&2 \
        || { cat "$state/server.log" >&2; die "the server did not start"; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres"
}

stop() {
    local state=$1
    [[ -d "$state/data" ]] || return 0
    as_postgres "$(pg_bin)/pg_ctl" -D "$state/data" -m fast -w stop >&2 || log "stop failed (already stopped?)"
    rm -rf "$state"
}

case "${1:-}" in
    start) [[ $# -eq 2 ]] || die "usage: $0 start STATE"; start "$2" ;;
    stop) [[ $# -eq 2 ]] || die "usage: $0 stop STATE"; stop "$2" ;;
    *) die "usage: $0 start|stop STATE" ;;
esac
