#!/usr/bin/env bash
# A production-shaped cluster on this machine, for the cluster test tier and for trying it by hand:
#   Redis  <-  two LambaPages instances (separate data folders)  ->  the standalone Lamba emulator
#   nginx (TLS, round robin) in front of the two instances.
# Everything binds 127.0.0.1 on ports picked at run time. redis-server, nginx and openssl are installed from Debian
# when missing; if a server cannot start, the command fails loudly (exit code 1) and stops what it started.
#
# Usage (STATE is a folder this script owns: pids, logs, data folders, cluster.env with the ports):
#   scripts/cluster.sh up STATE [--owner-pid PID]   start everything; with --owner-pid, stop it all when PID exits
#   scripts/cluster.sh down STATE                   stop everything this STATE started
#   scripts/cluster.sh portal-stop STATE N          SIGKILL instance N (1 or 2), as a crash would
#   scripts/cluster.sh portal-start STATE N [--fresh]  start instance N again; --fresh gives it a new, empty data folder
#   scripts/cluster.sh redis-stop STATE | redis-start STATE
# Builds src/LambaPages (and with it the emulator) once when its output is missing. CONFIGURATION=Release to use Release.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
configuration=${CONFIGURATION:-Debug}
portal_dll=$repo/src/LambaPages/bin/$configuration/net10.0/LambaPages.dll
emulator_dll=$repo/src/Lamba.Emulator/bin/$configuration/net10.0/Lamba.Emulator.dll
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_USE_POLLING_FILE_WATCHER=1

die() { echo "cluster.sh: $*" >&2; exit 1; }
log() { echo "cluster.sh: $*" >&2; }

# The standalone emulator's listen option, in one place.
emulator_listen_args() { echo "--urls" "http://127.0.0.1:$1"; }

# Debian packages for the servers, installed when missing (root, or sudo).
ensure_packages() {
    local missing=()
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    [[ ${#missing[@]} -eq 0 ]] && return
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not available to install them"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root or install sudo"
        sudo=(sudo)
    fi
    log "installing ${missing[*]} (apt-get)"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >&2
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
            || die "could not install ${missing[*]}"
    fi
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

# A free loopback port, never one handed out earlier in this STATE.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 40000 ))
        grep -qx "$port" "$state/ports.used" 2>/dev/null && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port" >>"$state/ports.used"
            echo "$port"
            return
        fi
    done
    die "no free loopback port found"
}

# start NAME COMMAND...: in the background, its own process group, output to STATE/logs/NAME.log, pid in STATE/pids.
start() {
    local name=$1; shift
    setsid "$@" >>"$state/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$state/pids/$name.pid"
}

# stop NAME [SIGNAL]: the process (group) this STATE started under NAME, and nothing else.
stop() {
    local name=$1 signal=${2:-TERM} pidfile="$state/pids/$1.pid" pid
    [[ -f $pidfile ]] || return 0
    pid=$(cat "$pidfile")
    rm -f "$pidfile"
    kill -0 "$pid" 2>/dev/null || return 0
    kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# wait_for NAME PROBE...: until PROBE succeeds; fails loudly (with the log's tail) after 60 s or if NAME died.
wait_for() {
    local name=$1; shift
    for _ in $(seq 1 300); do
        "$@" >/dev/null 2>&1 && return 0
        if [[ -f "$state/pids/$name.pid" ]] && ! kill -0 "$(cat "$state/pids/$name.pid")" 2>/dev/null; then
            tail -n 30 "$state/logs/$name.log" >&2 || true
            die "$name exited during startup (log: $state/logs/$name.log)"
        fi
        sleep 0.2
    done
    tail -n 30 "$state/logs/$name.log" >&2 || true
    die "$name did not become ready in 60 s (log: $state/logs/$name.log)"
}

load_env() {
    [[ -f "$state/cluster.env" ]] || die "$state has no running cluster (no cluster.env)"
    # shellcheck disable=SC1091
    source "$state/cluster.env"
}

redis_start() {
    # Persistent (append-only file), as Redis must be in production: it holds the Data Protection key ring.
    start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly yes --appendfsync always --dir "$state/redis" \
        --protected-mode yes --daemonize no
    wait_for redis redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
}

emulator_start() {
    # shellcheck disable=SC2046
    # --dev: the tier reads /_emulator/stats and moves /_emulator/clock; a standalone emulator is safe by default
    # (control routes only in Development), and this one runs in Production.
    start emulator dotnet "$emulator_dll" $(emulator_listen_args "$EMULATOR_PORT") --dev \
        --Emulator:DatabasePath "$state/emulator.db" --Emulator:PasswordHashIterations 1000
    wait_for emulator curl -fsS "http://127.0.0.1:$EMULATOR_PORT/"
}

# portal_start N [--fresh]
portal_start() {
    local n=$1 fresh=${2:-} port generation data
    port=$(eval echo "\$PORTAL${n}_PORT")
    generation=$(cat "$state/portal-$n.generation" 2>/dev/null || echo 1)
    if [[ $fresh == --fresh ]]; then
        generation=$((generation + 1))
    fi
    echo "$generation" >"$state/portal-$n.generation"
    data=$state/portal-$n-data-$generation
    mkdir -p "$data"
    start "portal-$n" env \
        ASPNETCORE_ENVIRONMENT=Production \
        ASPNETCORE_URLS="http://127.0.0.1:$port" \
        LAMBA_CUSTOMER_AUTH_BASE_URL="http://127.0.0.1:$EMULATOR_PORT" \
        LAMBA_CUSTOMER_API_BASE_URL="http://127.0.0.1:$EMULATOR_PORT" \
        LAMBA_CUSTOMER_WORKSPACE_ID=wrk_acme LAMBA_CUSTOMER_PROJECT_ID=prj_storefront LAMBA_CUSTOMER_ENV=test \
        LAMBA_PUBLIC_ORIGIN="https://127.0.0.1:$NGINX_PORT" \
        LAMBA_DATA_DIR="$data" \
        LAMBA_TRUSTED_PROXIES=127.0.0.1 \
        ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
        dotnet "$portal_dll" --contentRoot "$repo/src/LambaPages"
    wait_for "portal-$n" curl -fsS "http://127.0.0.1:$port/healthz"
}

nginx_start() {
    mkdir -p "$state/nginx/tmp"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
        -keyout "$state/nginx/tls.key" -out "$state/nginx/tls.crt" >/dev/null 2>&1 || die "openssl could not make a certificate"
    local user_line=""
    [[ $(id -u) -eq 0 ]] && user_line="user root;"
    cat >"$state/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $state/nginx/nginx.pid;
error_log $state/logs/nginx-error.log warn;
events { worker_connections 512; }
http {
    access_log $state/logs/nginx-access.log;
    client_body_temp_path $state/nginx/tmp/body;
    proxy_temp_path $state/nginx/tmp/proxy;
    fastcgi_temp_path $state/nginx/tmp/fastcgi;
    uwsgi_temp_path $state/nginx/tmp/uwsgi;
    scgi_temp_path $state/nginx/tmp/scgi;

    # The README's "Run several instances" sample, on loopback ports.
    upstream lambapages {
        server 127.0.0.1:$PORTAL1_PORT max_fails=1 fail_timeout=2s;
        server 127.0.0.1:$PORTAL2_PORT max_fails=1 fail_timeout=2s;
        keepalive 16;
    }

    server {
        listen 127.0.0.1:$NGINX_PORT ssl;
        ssl_certificate $state/nginx/tls.crt;
        ssl_certificate_key $state/nginx/tls.key;

        location / {
            proxy_pass http://lambapages;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            # Replace, never append: a client's own X-Forwarded-For must not reach the portal.
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # A crashed instance refuses the connection; the request goes to the other one.
            proxy_next_upstream error timeout http_502;
            # For the cluster tests only: which instance answered.
            add_header X-Upstream \$upstream_addr always;
        }
    }
}
EOF
    start nginx "$(nginx_bin)" -c "$state/nginx/nginx.conf" -g "daemon off;"
    wait_for nginx curl -kfsS "https://127.0.0.1:$NGINX_PORT/healthz"
}

down() {
    local name
    for name in nginx portal-1 portal-2 emulator redis watchdog; do
        stop "$name"
    done
}

up() {
    local owner_pid=""
    if [[ ${1:-} == --owner-pid ]]; then
        owner_pid=$2
    fi
    ensure_packages
    mkdir -p "$state/logs" "$state/pids" "$state/redis"
    if [[ ! -f $portal_dll || ! -f $emulator_dll ]]; then
        log "building src/LambaPages ($configuration)"
        dotnet build "$repo/src/LambaPages" -c "$configuration" -v q -nologo >&2 || die "build failed"
    fi
    REDIS_PORT=$(free_port) EMULATOR_PORT=$(free_port) PORTAL1_PORT=$(free_port) PORTAL2_PORT=$(free_port) NGINX_PORT=$(free_port)
    cat >"$state/cluster.env" <<EOF
REDIS_PORT=$REDIS_PORT
EMULATOR_PORT=$EMULATOR_PORT
PORTAL1_PORT=$PORTAL1_PORT
PORTAL2_PORT=$PORTAL2_PORT
NGINX_PORT=$NGINX_PORT
EOF
    # Whatever fails from here on, nothing stays running.
    trap 'down' EXIT
    if [[ -n $owner_pid ]]; then
        start watchdog bash -c "while kill -0 $owner_pid 2>/dev/null; do sleep 1; done; exec '$0' down '$state'"
    fi
    redis_start
    emulator_start
    portal_start 1 &
    local first=$!
    portal_start 2
    wait "$first" || die "portal-1 did not start"
    nginx_start
    trap - EXIT
    cat "$state/cluster.env"
}

command=${1:-}
state=${2:-}
[[ -n $command && -n $state ]] || die "usage: $0 up|down|portal-stop|portal-start|redis-stop|redis-start STATE [...]"
mkdir -p "$state"
state=$(cd "$state" && pwd)
case $command in
    up) up "${@:3}" ;;
    down) down ;;
    portal-stop) load_env; stop "portal-${3:?instance 1 or 2}" KILL ;;
    portal-start) load_env; portal_start "${3:?instance 1 or 2}" "${4:-}" ;;
    redis-stop) load_env; stop redis ;;
    redis-start) load_env; redis_start ;;
    *) die "unknown command $command" ;;
esac
