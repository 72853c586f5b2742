#!/usr/bin/env bash
# A production-shaped cluster on this one machine, loopback only (make cluster / make cluster-stop):
#
#   PostgreSQL 15 primary   127.0.0.1:5441   .cluster/pg/primary
#   streaming replica       127.0.0.1:5442   .cluster/pg/replica (made with pg_basebackup)
#   Redis                   127.0.0.1:6391
#   gunicorn × 2            127.0.0.1:8101, 127.0.0.1:8102 (core/gunicorn.conf.py, DJANGO_DEBUG=0)
#   nginx (round robin)     127.0.0.1:8090 (ops/nginx/makerspaces.conf, its caching headers)
#
# Everything it starts is recorded by PID in .cluster/ and stopped by that PID, so the machine's
# own PostgreSQL (5432) and Redis (6379) are never touched. Ports are set with CLUSTER_*_PORT.
# Needs Debian's packages, installed when missing and run as root:
#   apt-get install -y postgresql-15 redis-server nginx wrk
#
#   ops/cluster.sh start | stop | status
#   ops/cluster.sh app-start N | redis-start | replica-start | primary-restart   (used by the drill)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/.cluster}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PRIMARY_PORT="${CLUSTER_PRIMARY_PORT:-5441}"
REPLICA_PORT="${CLUSTER_REPLICA_PORT:-5442}"
REDIS_PORT="${CLUSTER_REDIS_PORT:-6391}"
APP_PORTS=(${CLUSTER_APP_PORTS:-8101 8102})
PROXY_PORT="${CLUSTER_PROXY_PORT:-8090}"
# Connections the primary accepts: the apps need 2 instances × workers × threads, plus the editor,
# the drill and replication; the drill's "connections exhausted" fault takes all of them.
MAX_CONNECTIONS="${CLUSTER_MAX_CONNECTIONS:-50}"
PY="$ROOT/.venv/bin/python"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
REDIS_SERVER="$(command -v redis-server || echo /usr/bin/redis-server)"

ENV_FILE="$CLUSTER_DIR/env"

# PostgreSQL's folders: .cluster/pg, or, when the postgres user cannot reach this checkout (a home
# folder closed to others), a folder in /var/tmp that .cluster/pg links to.
pg_folders() {
    PG_ROOT="$(readlink -f "$CLUSTER_DIR/pg" 2>/dev/null || echo "$CLUSTER_DIR/pg")"
    PRIMARY_DATA="$PG_ROOT/primary"
    REPLICA_DATA="$PG_ROOT/replica"
    RUN_DIR="$PG_ROOT/run"
}
pg_folders

make_pg_root() {
    local outside="/var/tmp/makerspaces-cluster-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
    rm -rf "$CLUSTER_DIR/pg" "$outside"
    mkdir -p "$CLUSTER_DIR/pg"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$CLUSTER_DIR/pg"
        if ! runuser -u postgres -- test -w "$CLUSTER_DIR/pg"; then
            say "the postgres user cannot reach $CLUSTER_DIR: PostgreSQL's folders go to $outside"
            rmdir "$CLUSTER_DIR/pg"
            mkdir -p "$outside"
            chown postgres "$outside"
            chmod 700 "$outside"
            ln -s "$outside" "$CLUSTER_DIR/pg"
        fi
    fi
    pg_folders
    mkdir -p "$RUN_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$RUN_DIR"
    return 0
}

say() { printf '[cluster] %s\n' "$*"; }
fail() { printf '[cluster] FAIL: %s\n' "$*" >&2; exit 1; }

install_packages() {
    local missing=()
    [ -x "$PG_BIN/pg_basebackup" ] || missing+=(postgresql-15)
    [ -x "$REDIS_SERVER" ] || missing+=(redis-server)
    [ -x "$NGINX" ] || missing+=(nginx)
    command -v wrk >/dev/null || missing+=(wrk)
    [ ${#missing[@]} -eq 0 ] && return
    [ "$(id -u)" = 0 ] || fail "missing ${missing[*]}: run 'apt-get install -y ${missing[*]}' as root"
    say "installing ${missing[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    # The packages start their own servers on the usual ports; this cluster runs its own, and
    # leaves those alone (other users of this machine may rely on them).
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
    REDIS_SERVER="$(command -v redis-server || echo /usr/bin/redis-server)"
}

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The PID in a pidfile, if that process is alive and is ours (its command line names our folder
# or port): a stale pidfile must never make us signal someone else's process.
live_pid() {
    local file="$1" marker="$2" pid
    [ -f "$file" ] || return 1
    pid="$(head -n1 "$file" | tr -dc 0-9)"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
    echo "$pid"
}

stop_pid() {
    local name="$1" file="$2" marker="$3" signal="${4:-TERM}" pid
    pid="$(live_pid "$file" "$marker")" || { rm -f "$file"; return 0; }
    say "stopping $name (pid $pid)"
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
        sleep 0.1
    done
    say "$name (pid $pid) still running after 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$file"
}

wait_for() {
    local what="$1" seconds="$2"
    shift 2
    for _ in $(seq 1 $((seconds * 10))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    fail "$what did not come up within $seconds s"
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# PostgreSQL ----------------------------------------------------------------------------------------

pg_start() {  # data directory, port, log
    as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$3" -o "-p $2" -w -t 60 start >/dev/null
}

make_primary() {
    say "primary: initdb, port $PRIMARY_PORT"
    as_postgres "$PG_BIN/initdb" -D "$PRIMARY_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PRIMARY_DATA/postgresql.conf" <<EOF

# ops/cluster.sh
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$RUN_DIR'
max_connections = $MAX_CONNECTIONS
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
hot_standby = on
hot_standby_feedback = on
shared_buffers = '64MB'
EOF
    # Loopback only, replication included; trust, as the machine's own PostgreSQL is set up here.
    cat >"$PRIMARY_DATA/pg_hba.conf" <<EOF
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
local all all trust
EOF
    pg_start "$PRIMARY_DATA" "$PRIMARY_PORT" "$PG_ROOT/primary.log"
}

make_replica() {
    say "replica: pg_basebackup from the primary, port $REPLICA_PORT"
    as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA" \
        -R -X stream -c fast
    printf '\n# ops/cluster.sh: the replica\nport = %s\n' "$REPLICA_PORT" >>"$REPLICA_DATA/postgresql.conf"
    replica_start
}

replica_start() {
    pg_start "$REPLICA_DATA" "$REPLICA_PORT" "$PG_ROOT/replica.log"
    wait_for "replica streaming" 30 replica_streaming
}

replica_streaming() {
    [ "$(psql_at "$PRIMARY_PORT" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ]
}

psql_at() {
    "$PG_BIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc "$2"
}

primary_restart() {
    say "restarting the primary"
    as_postgres "$PG_BIN/pg_ctl" -D "$PRIMARY_DATA" -m fast -w -t 60 stop >/dev/null
    pg_start "$PRIMARY_DATA" "$PRIMARY_PORT" "$PG_ROOT/primary.log"
}

# Redis, the apps, nginx -----------------------------------------------------------------------------

redis_start() {
    "$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
        --dir "$CLUSTER_DIR" --pidfile "$CLUSTER_DIR/redis.pid" --logfile "$CLUSTER_DIR/redis.log"
    wait_for "Redis" 10 redis_answers
}

redis_answers() {
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c5 <&3 | grep -q PONG
}

write_env() {
    cat >"$ENV_FILE" <<EOF
# Written by ops/cluster.sh: the settings of the cluster's app servers (production, plain HTTP on loopback).
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY='$($PY -c 'import secrets; print(secrets.token_urlsafe(40))')'
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECURE_COOKIES=0
export DJANGO_BEHIND_PROXY=1
export DJANGO_STATIC_ROOT='$CLUSTER_DIR/static'
export DJANGO_BACKUP_DIR='$CLUSTER_DIR/backups'
export DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/makerspaces
export DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/makerspaces
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export GUNICORN_WORKERS=${CLUSTER_WORKERS:-2}
export GUNICORN_THREADS=${CLUSTER_THREADS:-4}
export GUNICORN_ACCESSLOG=
export GUNICORN_LOGLEVEL=warning
export CLUSTER_DIR='$CLUSTER_DIR'
export CLUSTER_PRIMARY_PORT=$PRIMARY_PORT
export CLUSTER_REPLICA_PORT=$REPLICA_PORT
export CLUSTER_REDIS_PORT=$REDIS_PORT
export CLUSTER_APP_PORTS='${APP_PORTS[*]}'
export CLUSTER_PROXY_PORT=$PROXY_PORT
export CLUSTER_EDITOR=drill-editor
export CLUSTER_EDITOR_PASSWORD='$($PY -c 'import secrets; print(secrets.token_urlsafe(24))')'
EOF
}

prepare_site() {
    say "database, data and static files"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres makerspaces
    "$PY" manage.py migrate --noinput -v0
    "$PY" manage.py reload_fixtures -v0 >/dev/null
    # Synthetic spaces beside the article data, so pages and the backup drill have some size.
    if [ "${CLUSTER_DEMO_SPACES:-1000}" -gt 0 ]; then
        "$PY" manage.py generate_demo_data --spaces "${CLUSTER_DEMO_SPACES:-1000}" -v0 >/dev/null
    fi
    "$PY" manage.py collectstatic --noinput -v0
    "$PY" manage.py create_editor "$CLUSTER_EDITOR" --password-from-env CLUSTER_EDITOR_PASSWORD >/dev/null
}

app_start() {  # instance number, from 1
    local n="$1" port="${APP_PORTS[$(($1 - 1))]}"
    port_free "$port" || fail "port $port is in use"
    GUNICORN_BIND="127.0.0.1:$port" "$ROOT/.venv/bin/gunicorn" --config core/gunicorn.conf.py --daemon \
        --pid "$CLUSTER_DIR/app-$n.pid" --error-logfile "$CLUSTER_DIR/app-$n.log" --name "makerspaces-app-$n"
    wait_for "gunicorn $n on port $port" 30 healthy "$port"
}

healthy() {
    "$PY" -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$1/healthz', timeout=2)"
}

nginx_start() {
    local cache="$CLUSTER_DIR/nginx-cache" temp="$CLUSTER_DIR/nginx-temp" site upstreams="" port
    mkdir -p "$cache" "$temp"
    for port in "${APP_PORTS[@]}"; do upstreams+="server 127.0.0.1:$port max_fails=1 fail_timeout=2s; "; done
    # The deployed configuration (ops/nginx/makerspaces.conf) with this cluster's ports and folders.
    site="$(sed -e "s|/var/cache/nginx/makerspaces|$cache|" \
        -e "s|server 127.0.0.1:8000;|$upstreams|" \
        -e "s|listen 127.0.0.1:8080;|listen 127.0.0.1:$PROXY_PORT;|" ops/nginx/makerspaces.conf)"
    grep -q "127.0.0.1:$PROXY_PORT" <<<"$site" || fail "ops/nginx/makerspaces.conf no longer has the lines this script adapts"
    cat >"$CLUSTER_DIR/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root;" || true)
worker_processes 1;
pid $CLUSTER_DIR/nginx.pid;
error_log $CLUSTER_DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $temp/body;
    proxy_temp_path $temp/proxy;
    fastcgi_temp_path $temp/fastcgi;
    uwsgi_temp_path $temp/uwsgi;
    scgi_temp_path $temp/scgi;
    # A stopped instance is skipped: requests that could not reach it are passed to the other one
    # (GET and HEAD only: a POST is never sent twice).
    proxy_next_upstream error timeout http_502;
    proxy_connect_timeout 2s;
    proxy_read_timeout 30s;
$site
}
EOF
    port_free "$PROXY_PORT" || fail "port $PROXY_PORT is in use"
    "$NGINX" -c "$CLUSTER_DIR/nginx.conf" -p "$CLUSTER_DIR" 2>>"$CLUSTER_DIR/nginx-error.log"
    wait_for "nginx on port $PROXY_PORT" 10 healthy "$PROXY_PORT"
}

# Commands ------------------------------------------------------------------------------------------

start() {
    install_packages
    make --no-print-directory install >/dev/null
    if live_pid "$PRIMARY_DATA/postmaster.pid" "$PRIMARY_DATA" >/dev/null; then
        fail "a cluster is already running from $CLUSTER_DIR: make cluster-stop first"
    fi
    for port in "$PRIMARY_PORT" "$REPLICA_PORT" "$REDIS_PORT" "${APP_PORTS[@]}" "$PROXY_PORT"; do
        port_free "$port" || fail "port $port is in use (set CLUSTER_*_PORT to free ones)"
    done
    rm -rf "$CLUSTER_DIR/nginx-cache"
    mkdir -p "$CLUSTER_DIR"
    make_pg_root
    trap 'rc=$?; [ $rc = 0 ] || { say "start failed: stopping what was started"; stop; }; exit $rc' EXIT
    make_primary
    make_replica
    redis_start
    write_env
    # shellcheck disable=SC1090
    source "$ENV_FILE"
    prepare_site
    for n in $(seq 1 ${#APP_PORTS[@]}); do app_start "$n"; done
    nginx_start
    trap - EXIT
    status
    say "site: http://127.0.0.1:$PROXY_PORT/  (settings in $ENV_FILE; stop with make cluster-stop)"
}

stop() {
    stop_pid nginx "$CLUSTER_DIR/nginx.pid" "$CLUSTER_DIR/nginx.conf" QUIT
    for n in $(seq 1 ${#APP_PORTS[@]}); do
        stop_pid "gunicorn $n" "$CLUSTER_DIR/app-$n.pid" "makerspaces-app-$n"
    done
    stop_pid redis "$CLUSTER_DIR/redis.pid" "127.0.0.1:$REDIS_PORT"
    # SIGINT is PostgreSQL's fast shutdown. The replica first, so the primary has no sender to wait on.
    stop_pid "PostgreSQL replica" "$REPLICA_DATA/postmaster.pid" "$REPLICA_DATA" INT
    stop_pid "PostgreSQL primary" "$PRIMARY_DATA/postmaster.pid" "$PRIMARY_DATA" INT
}

status() {
    local pid
    pid="$(live_pid "$PRIMARY_DATA/postmaster.pid" "$PRIMARY_DATA")" && say "primary  pid $pid  127.0.0.1:$PRIMARY_PORT" || say "primary  down"
    pid="$(live_pid "$REPLICA_DATA/postmaster.pid" "$REPLICA_DATA")" && say "replica  pid $pid  127.0.0.1:$REPLICA_PORT" || say "replica  down"
    pid="$(live_pid "$CLUSTER_DIR/redis.pid" "127.0.0.1:$REDIS_PORT")" && say "redis    pid $pid  127.0.0.1:$REDIS_PORT" || say "redis    down"
    for n in $(seq 1 ${#APP_PORTS[@]}); do
        pid="$(live_pid "$CLUSTER_DIR/app-$n.pid" "makerspaces-app-$n")" && say "app $n    pid $pid  127.0.0.1:${APP_PORTS[$((n - 1))]}" || say "app $n    down"
    done
    pid="$(live_pid "$CLUSTER_DIR/nginx.pid" "$CLUSTER_DIR/nginx.conf")" && say "nginx    pid $pid  127.0.0.1:$PROXY_PORT" || say "nginx    down"
}

with_env() {
    [ -f "$ENV_FILE" ] || fail "no cluster in $CLUSTER_DIR: make cluster first"
    # shellcheck disable=SC1090
    source "$ENV_FILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    app-start) with_env; app_start "$2" ;;
    redis-start) redis_start ;;
    replica-start) replica_start ;;
    primary-restart) primary_restart ;;
    *) echo "usage: $0 start|stop|status|app-start N|redis-start|replica-start|primary-restart" >&2; exit 2 ;;
esac
