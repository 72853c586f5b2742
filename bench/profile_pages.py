"""Where one computed request spends its time: SQL, template rendering and the rest of Python.

Runs each URL through Django's test client in this process, with caching off
(every request computes its page, as the first one after a write does), and
prints, per URL: total milliseconds, time inside SQL, time rendering
templates (SQL run from templates counted as SQL), the rest, the number of
queries and the slowest query. With --profile it prints cProfile's top
functions for each URL too; with --explain, PostgreSQL's plan of every query.

    DATABASE_URL=postgres://... .venv/bin/python bench/profile_pages.py /spaces/ '/spaces/?city=x'
    .venv/bin/python bench/profile_pages.py --bench-urls   # the URLs bench/run.py measures

The median of --repeat runs is reported, after one warm-up run.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
os.environ["DJANGO_CACHE"] = "off"


def setup():
    import django

    django.setup()


class Timer:
    """Collects SQL time (via execute_wrapper) and template render time (via Template._render)."""

    def __init__(self):
        self.sql = 0.0
        self.render = 0.0
        self.queries = []
        self._render_depth = 0
        self._render_sql = 0.0

    def sql_wrapper(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            if self._render_depth:
                self._render_sql += spent
            self.queries.append((spent, sql, params))

    def patch_templates(self):
        from django.template.base import Template

        original = Template._render
        timer = self

        def timed_render(template, context):
            timer._render_depth += 1
            started = time.perf_counter()
            try:
                return original(template, context)
            finally:
                timer._render_depth -= 1
                if not timer._render_depth:
                    timer.render += time.perf_counter() - started

        Template._render = timed_render


def measure(client, url, timer, connection):
    timer.sql = timer.render = timer._render_sql = 0.0
    timer.queries = []
    with connection.execute_wrapper(timer.sql_wrapper):
        started = time.perf_counter()
        response = client.get(url)
        total = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code}")
    render_without_sql = timer.render - timer._render_sql
    return {
        "total": total * 1000,
        "sql": timer.sql * 1000,
        "render": render_without_sql * 1000,
        "other": (total - timer.sql - render_without_sql) * 1000,
        "queries": len(timer.queries),
        "slowest": max(timer.queries, default=(0, "", ())),
        "all": list(timer.queries),
    }


def bench_urls():
    sys.path.insert(0, str(ROOT / "bench"))
    from run import PICK_URLS

    output = io.StringIO()
    stdout, sys.stdout = sys.stdout, output
    try:
        exec(PICK_URLS, {})
    finally:
        sys.stdout = stdout
    import json

    return json.loads(output.getvalue().strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--bench-urls", action="store_true", help="the URLs bench/run.py picks")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile's top functions per URL")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE of each query (PostgreSQL)")
    parser.add_argument("--queries", action="store_true", help="every query with its time")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    urls = dict(bench_urls()) if args.bench_urls else {}
    urls.update({url: url for url in args.urls})
    client = Client(HTTP_HOST="127.0.0.1")
    timer = Timer()
    timer.patch_templates()
    print(f"{'page':<14} {'total':>7} {'SQL':>7} {'render':>7} {'other':>7} {'queries':>7}  slowest query")
    for name, url in urls.items():
        measure(client, url, timer, connection)  # warm-up: imports, template loading
        runs = [measure(client, url, timer, connection) for _ in range(args.repeat)]
        median = {key: statistics.median(run[key] for run in runs) for key in ("total", "sql", "render", "other")}
        slow_ms, slow_sql, _ = runs[-1]["slowest"]
        print(
            f"{name[:14]:<14} {median['total']:7.1f} {median['sql']:7.1f} {median['render']:7.1f} "
            f"{median['other']:7.1f} {runs[-1]['queries']:7d}  {slow_ms * 1000:.1f} ms: {slow_sql[:110]}"
        )
        if args.queries or args.explain:
            for spent, sql, params in runs[-1]["all"]:
                print(f"    {spent * 1000:7.2f} ms  {sql[:300]}")
                if args.explain and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                        for (line,) in cursor.fetchall():
                            print(f"               {line}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            report = io.StringIO()
            pstats.Stats(profiler, stream=report).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
                35
            )
            print(report.getvalue())


if __name__ == "__main__":
    main()
