"""Benchmark: the directory's pages against a framework floor, on PostgreSQL, at several sizes.

For each size it builds a fresh database (migrations, the article fixtures, synthetic spaces),
serves the site with gunicorn as in production, drives each URL with wrk (16 connections after a
warm-up) and records requests per second, p50/p95/p99, errors, SQL queries per request and the
ratio of each URL's throughput to the floor's (a minimal 12-row page served by the same gunicorn in
the same run). Each URL is measured with the page cache as deployed and again with caching off
(DJANGO_CACHE=off), which is what a request costs after an editor's write or for a search nobody
made before. Writes the table to docs/performance.md.

    .venv/bin/python bench/run.py --sizes 1000,10000,100000 --duration 15

Only loopback addresses are used. wrk comes from Debian's package of that name.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import report
from editing import editor

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(sql):
    subprocess.run(["psql", ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


def manage(env, *args, quiet=True):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=quiet, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout if quiet else ""


def site_env(database_url, port, redis_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_BENCH_FLOOR="1",
        DJANGO_DEMO_APP="1",  # build_database runs generate_demo_data
        DJANGO_LOG_LEVEL="ERROR",
        # wrk's thousands of requests a second from one address would be limited to 429s.
        DJANGO_API_RATE_LIMIT="off",
        # Building 100,000 spaces runs statements (index builds, recounts) longer than the site's timeout.
        DJANGO_DB_STATEMENT_TIMEOUT="0",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def build_database(name, size, env):
    log(f"database {name}: creating")
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput")
    started = time.perf_counter()
    manage(env, "reload_fixtures")
    reload_seconds = time.perf_counter() - started
    # A second reload is what an editor's routine reload costs: nothing to write.
    started = time.perf_counter()
    manage(env, "reload_fixtures")
    second_reload_seconds = time.perf_counter() - started
    started = time.perf_counter()
    manage(env, "generate_demo_data", "--spaces", str(size), "--seed", "1")
    generate_seconds = time.perf_counter() - started
    manage(env, "collectstatic", "--noinput")
    log(f"database {name}: {size} spaces in {generate_seconds:.1f} s; reload {reload_seconds:.2f} s")
    return {"reload_s": reload_seconds, "second_reload_s": second_reload_seconds, "generate_s": generate_seconds}


PICK_URLS = r"""
import json
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from makerspaces.api import cursors
from makerspaces.api.endpoints import SPACE_SORTS
from makerspaces.models import Operator, Region, Space, Metric
city = Region.objects.filter(kind="city").annotate(n=Count("children__spaces")).order_by("-n").first()
space = Space.objects.filter(region__path__startswith=city.path + "/").order_by("pk").first()
kind = space.kind
word = space.name_en.split()[0]
operator = Operator.objects.annotate(n=Count("spaces")).order_by("-n").first()
metric = Metric.objects.annotate(n=Count("statistics")).order_by("-n").first()
# A cursor four fifths of the way through the spaces by name: page 3,200 of 25 at 100,000 spaces.
deep_row = Space.objects.order_by("name_en", "id")[Space.objects.count() * 4 // 5]
deep_cursor = cursors.encode(("sort=name",), deep_row, SPACE_SORTS["name"], cursors.FORWARD)
# The same pages in Chinese: labels, names and the pinyin order (docs/i18n.md).
with translation.override("zh-hans"):
    chinese = {
        "directory_zh": reverse("makerspaces:space-list"),
        "city_zh": reverse("makerspaces:space-list", query={"city": city.slug}),
    }
print(json.dumps({
    **chinese,
    "home": reverse("makerspaces:home"),
    "directory": reverse("makerspaces:space-list"),
    "city": reverse("makerspaces:space-list", query={"city": city.slug}),
    "city_kind_q": reverse("makerspaces:space-list", query={"city": city.slug, "kind": kind, "q": word}),
    "page_40": reverse("makerspaces:space-list", query={"page": 40}),
    # "Near here": the bounding box on the point index, then the exact distance (the demo spaces have points).
    "near_here": reverse("makerspaces:space-list", query={"near": space.slug, "within": 50}),
    "space": space.get_absolute_url(),
    "region": city.get_absolute_url(),
    "operator": operator.get_absolute_url(),
    "statistics": reverse("makerspaces:statistic-list", query={"metric": metric.slug}),
    "api_spaces": reverse("api:spaces"),
    "api_spaces_deep": reverse("api:spaces", query={"cursor": deep_cursor}),
}))
"""

COUNT_QUERIES = r"""
import json, sys, time
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
urls = json.loads(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for name, url in urls.items():
    # Cold: an empty cache, as after an editor's write; warm: the same request again.
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        started = time.perf_counter()
        response = client.get(url)
        cold_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    out[name] = {
        "queries": len(cold.captured_queries),
        "warm_queries": len(warm.captured_queries),
        "cold_ms": cold_ms,
        "status": response.status_code,
        "bytes": len(response.content),
    }
cache.clear()
print(json.dumps(out))
"""


def pick_urls(env):
    output = manage(env, "shell", "-c", PICK_URLS)
    return json.loads(output.strip().splitlines()[-1])


def count_queries(env, urls):
    script = "import os, sys; sys.argv = ['', os.environ['BENCH_URLS']]\n" + COUNT_QUERIES
    output = manage({**env, "BENCH_URLS": json.dumps(urls)}, "shell", "-c", script)
    return json.loads(output.strip().splitlines()[-1])


def start_gunicorn(env, port, workers, threads, counts_dir):
    """Gunicorn with the production config (core/gunicorn.conf.py): its workers, threads and
    max_requests unless --workers or --threads say otherwise. Each worker writes its request
    count into ``counts_dir``."""
    command = [str(Path(PYTHON).with_name("gunicorn")), "--config", "core/gunicorn.conf.py"]
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "warning",
        "GUNICORN_REQUEST_COUNTS": str(counts_dir),
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not answer on the bench port")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def worker_rss_mb(master_pid):
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return max(sizes) if sizes else None


def worker_counts(counts_dir):
    """``{pid: requests served}`` as the workers last wrote them (every 20 requests)."""
    counts = {}
    for path in Path(counts_dir).glob("*"):
        try:
            counts[path.name] = int(path.read_text() or 0)
        except (OSError, ValueError):
            pass
    return counts


def run_wrk(port, path, duration, connections, warmup, counts_dir=None, headers=(), threads=2):
    url = f"http://127.0.0.1:{port}{path}"
    base = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "--timeout", "10s"]
    base += ["-s", str(ROOT / "bench" / "latency.lua")]
    for header in headers:
        base += ["-H", header]
    if warmup:
        subprocess.run([*base, "-d", f"{warmup}s", url], capture_output=True, check=True)
    before = worker_counts(counts_dir) if counts_dir else {}
    output = subprocess.run([*base, "-d", f"{duration}s", url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1_000_000)
    if counts_dir:
        after = worker_counts(counts_dir)
        served = sorted((after[pid] - before.get(pid, 0) for pid in after), reverse=True)
        result["worker_requests"] = [n for n in served if n > 0]
    return result


MODES = {
    # Pages, counts and facets come from the cache after the warm-up: what most visitors get.
    "cached": {},
    # Nothing cached: every request costs what the first one after an editor's write costs,
    # and what any filter combination or search nobody asked for before costs.
    "uncached": {"DJANGO_CACHE": "off"},
    # A browser or proxy that has the page asks again with its ETag: 304 Not Modified.
    "conditional": {},
}


def wait_until_idle(port, limit_s=60):
    """Wait for the requests a previous wrk run left queued to finish, so they do not slow the next run."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=limit_s).read()
        except OSError:
            pass
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def etag_of(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.headers["ETag"]


def serve_and_measure(env, urls, queries, args, mode, extra=None):
    """Each URL right after a floor run: its ratio is to that floor, so a machine whose speed drifts
    during the run (other tenants, CPU steal) skews the ratios less. The floor row is the median run.
    ``extra(port, counts_dir)``, if given, runs against the same gunicorn after the URLs."""
    counts_dir = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    process = start_gunicorn(env, args.port, args.workers, args.threads, counts_dir)
    floors, extras = [], {}
    try:
        rows = {}
        for key, path in urls.items():
            wait_until_idle(args.port)
            floor = run_wrk(args.port, "/bench/floor/", args.duration, args.connections, args.warmup, counts_dir)
            floors.append(floor)
            headers = [f"If-None-Match: {etag_of(args.port, path)}"] if mode == "conditional" else []
            rows[key] = run_wrk(args.port, path, args.duration, args.connections, args.warmup, counts_dir, headers)
            rows[key].update(queries.get(key, {}), path=path, floor_rps=floor["rps"])
            if mode == "uncached":
                # One connection: what a single request costs, without queueing behind others.
                single = run_wrk(args.port, path, args.single_duration, 1, 0, threads=1)
                rows[key]["single_p50_ms"] = single["p50_ms"]
        if extra:
            extras = extra(args.port, counts_dir)
        rss = worker_rss_mb(process.pid)
    finally:
        stop(process)
        shutil.rmtree(counts_dir, ignore_errors=True)
    median = sorted(floors, key=lambda run: run["rps"])[len(floors) // 2]
    floor_row = {**median, "queries": 1, "warm_queries": 1, "path": "/bench/floor/", "floor_rps": median["rps"]}
    return {"floor": floor_row, **rows}, rss, extras


def while_editing(env, urls, args):
    """The directory with an editor saving a space once a second beside it, and the first request
    to each page after a save (with the cache as deployed)."""

    def measure(port, counts_dir):
        loop = editor(env, "loop", str(args.warmup + args.duration + 1))
        editing = run_wrk(port, urls["directory"], args.duration, args.connections, args.warmup, counts_dir)
        saves = json.loads(loop.communicate(timeout=120)[0].strip().splitlines()[-1])["saves"]
        wait_until_idle(port)
        quiet = run_wrk(port, urls["directory"], args.duration, args.connections, args.warmup, counts_dir)
        first = editor(env, "first", str(port), json.dumps(urls))
        after_write = json.loads(first.communicate(timeout=600)[0].strip().splitlines()[-1])
        return {"editing": {**editing, "saves": saves}, "quiet": quiet, "after_write": after_write}

    return measure


def measure_size(size, args):
    name = f"bench_{size}"
    database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    env = site_env(database_url, args.port, args.redis_url)
    timings = build_database(name, size, env) if not args.reuse else {}
    urls = pick_urls(env)
    queries = count_queries(env, urls)
    modes, rss, editing = {}, [], {}
    for mode in args.modes.split(","):
        log(f"{size}: {mode} pages")
        extra = while_editing(env, urls, args) if mode == "cached" and args.editing else None
        modes[mode], mode_rss, extras = serve_and_measure({**env, **MODES[mode]}, urls, queries, args, mode, extra)
        editing.update(extras)
        rss.append(mode_rss or 0)
    if not args.keep:
        psql(f'DROP DATABASE IF EXISTS "{name}"')
    return {"size": size, "modes": modes, "rss_mb": max(rss), "editing": editing, **timings}


def pg_version():
    try:
        return subprocess.run(
            ["psql", ADMIN_URL, "-tAc", "SHOW server_version"], capture_output=True, text=True
        ).stdout.split()[0]
    except (IndexError, OSError):
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=0, help="default: core/gunicorn.conf.py's")
    parser.add_argument("--threads", type=int, default=0, help="default: core/gunicorn.conf.py's")
    parser.add_argument("--single-duration", type=int, default=3, help="seconds of the one-connection runs")
    parser.add_argument("--no-editing", dest="editing", action="store_false", help="skip the writer loop")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "latest.json"))
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/7",
        help="the cache the workers share, as in production; empty for per-process memory",
    )
    parser.add_argument("--reuse", action="store_true", help="reuse kept databases instead of rebuilding")
    parser.add_argument(
        "--modes", default="cached,uncached,conditional", help="cached, uncached, conditional, comma-separated"
    )
    args = parser.parse_args()
    for tool in ("wrk", "psql", "pgrep"):
        if not shutil.which(tool):
            raise SystemExit(
                f"{tool} is missing: apt-get install -y {'wrk' if tool == 'wrk' else 'postgresql-client procps'}"
            )
    results = [measure_size(int(size), args) for size in args.sizes.split(",")]
    args.pg_version = pg_version()
    settings = {key: getattr(args, key) for key in ("workers", "threads", "connections", "warmup", "duration")}
    results[0]["args"] = {**settings, "pg_version": args.pg_version}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    Path(args.output).write_text(report.render(results, args) + "\n")
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
