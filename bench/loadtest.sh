#!/usr/bin/env bash
# Load test: the production stack (gunicorn with threaded workers, PostgreSQL, whitenoise)
# on this machine, driven by wrk over the home page, the list pages, filtered directory
# pages and detail pages read from the database. Loopback only.
#
#   bench/loadtest.sh                 60 s at 16 connections
#   DURATION=10s bench/loadtest.sh    a quick try
#
# Needs wrk (Debian: apt-get install -y wrk) and PostgreSQL at BENCH_DATABASE_URL.
# Writes bench/results/<time>.json and prints a line for docs/operations.md.
# Starts its own gunicorn and stops it when done, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-2}"
BIND_HOST=127.0.0.1
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/makerspaces_loadtest}"

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
make --no-print-directory install >/dev/null
PY=.venv/bin/python

# A port nobody listens on, so the run can never measure some other server.
PORT="${BENCH_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
if ! $PY -c "import socket, sys; s = socket.socket(); s.bind(('$BIND_HOST', $PORT))" 2>/dev/null; then
    echo "port $PORT on $BIND_HOST is in use; set BENCH_PORT to a free one" >&2
    exit 1
fi

# Traffic goes to this machine only: the app on loopback, and the database too.
$PY - <<'PYEOF'
import ipaddress, os, sys
import dj_database_url
host = dj_database_url.parse(os.environ["DATABASE_URL"]).get("HOST") or "localhost"
try:
    loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
except ValueError:
    loopback = host == "localhost" or host.startswith("/")  # a name, or a Unix socket directory
if not loopback:
    sys.exit(f"BENCH_DATABASE_URL must point at this machine (loopback), not {host!r}")
PYEOF

# Production settings, except plain HTTP: wrk talks to gunicorn directly on loopback,
# where a TLS-terminating proxy would normally sit.
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="load-test-$($PY -c 'import secrets; print(secrets.token_urlsafe(40))')"
export DJANGO_ALLOWED_HOSTS="$BIND_HOST,localhost"
export DJANGO_SECURE_SSL_REDIRECT=0
export GUNICORN_BIND="$BIND_HOST:$PORT"
export GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"
export GUNICORN_THREADS="${GUNICORN_THREADS:-4}"
export GUNICORN_ACCESSLOG=""
export GUNICORN_LOGLEVEL=warning

mkdir -p bench/results
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
export BENCH_PATHS="bench/results/$STAMP-paths.txt"
export BENCH_RESULT="bench/results/$STAMP.json"

# Create the database if it is missing, then migrate, load data and collect static files.
$PY - <<'PYEOF'
import os
import dj_database_url, psycopg2
from psycopg2 import sql
db = dj_database_url.parse(os.environ["DATABASE_URL"])
conn = psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None,
                        host=db["HOST"] or None, port=db["PORT"] or None)
conn.autocommit = True
with conn.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
conn.close()
PYEOF
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY bench/prepare.py "$BENCH_PATHS"
echo "$(wc -l < "$BENCH_PATHS") paths in $BENCH_PATHS"

.venv/bin/gunicorn --config core/gunicorn.conf.py &
GUNICORN_PID=$!
stop_gunicorn() {
    if kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
}
trap stop_gunicorn EXIT INT TERM

BASE="http://$BIND_HOST:$PORT"
for _ in $(seq 1 60); do
    kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn exited" >&2; exit 1; }
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.5
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "gunicorn did not become healthy" >&2; exit 1; }
kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn exited" >&2; exit 1; }

# Every path must answer 200 before the run, so errors during it come from load alone.
bad=0
while read -r path; do
    status="$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path" || true)"
    if [ "$status" != 200 ]; then echo "  $status $path" >&2; bad=1; fi
done < "$BENCH_PATHS"
[ "$bad" = 0 ] || { echo "some paths do not answer 200; fix them or bench/prepare.py first" >&2; exit 1; }
css="$(curl -s "$BASE/" | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -n1)"
[ -n "$css" ] && curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' "$BASE$css" && echo "hashed static file served: $css"

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "wrk: $DURATION, $CONNECTIONS connections, $WRK_THREADS threads; gunicorn: $GUNICORN_WORKERS workers x $GUNICORN_THREADS threads"
wrk --threads "$WRK_THREADS" --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s \
    --latency --script bench/loadtest.lua "$BASE" | tee "bench/results/$STAMP-wrk.txt"

$PY - "$BENCH_RESULT" "$DURATION" "$CONNECTIONS" "$(wc -l < "$BENCH_PATHS")" <<'PYEOF'
import json, sys
result = json.load(open(sys.argv[1]))
lat, err = result["latency_ms"], result["errors"]
errors = sum(err.values())
print("\n| date | duration | connections | paths | requests/s | p50 ms | p95 ms | p99 ms | errors |")
print("|---|---|---|---|---|---|---|---|---|")
stamp = sys.argv[1].split("/")[-1]
print(f"| {stamp[:4]}-{stamp[4:6]}-{stamp[6:8]} | {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | "
      f"{result['requests_per_second']:.0f} | {lat['p50']:.1f} | {lat['p95']:.1f} | {lat['p99']:.1f} | {errors} |")
sys.exit(1 if errors else 0)
PYEOF
