"""docs/performance.md from the figures bench/run.py measured (bench/results/latest.json).

.venv/bin/python bench/report.py   # writes docs/performance.md again from the last run's figures
"""

import json
import os
import platform
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR_NOTE = "one query for 12 rows rendered through an escaped template (TechEmpower Fortunes shape)"
MODE_NOTES = {
    "cached": "the site as deployed, with Redis: after the warm-up, pages come from the cache",
    "uncached": "`DJANGO_CACHE=off`: every request reads the database and renders its page, as a request "
    "nobody made before does",
    "conditional": "with Redis, each request sends the page's ETag and is answered `304 Not Modified`",
}
# The targets, at the largest size: (what, URLs or None for all, mode, kind, bound).
LIST_PAGES = ["directory", "city", "city_kind_q", "page_40", "statistics", "api_spaces", "api_spaces_deep"]
# Each Chinese page beside its English one: within 10% of its speed (docs/i18n.md).
CHINESE_PAGES = {"directory_zh": "directory", "city_zh": "city"}
DETAIL_PAGES = ["space", "region", "operator", "home"]


def gunicorn_settings():
    """The production gunicorn configuration's workers, threads and worker_connections."""
    conf = runpy.run_path(str(ROOT / "core" / "gunicorn.conf.py"))
    return conf["workers"], conf["threads"], conf["worker_connections"], conf["max_requests"]


def ratio(row):
    return row["rps"] / row["floor_rps"] if row.get("floor_rps") else 0.0


def spread(row):
    served = row.get("worker_requests") or []
    if not served:
        return "n/a"
    total = sum(served)
    return f"{len(served)}: " + "/".join(f"{100 * n / total:.0f}" for n in served) + " %"


def size_section(result, modes):
    lines = [
        f"## {result['size']:,} synthetic spaces",
        "",
        f"Largest worker RSS after the run: {result['rss_mb']:.0f} MB."
        + (
            f" Fixture reload: {result['reload_s']:.2f} s on an empty database, "
            f"{result['second_reload_s']:.2f} s with nothing to change. "
            f"Demo data generation: {result['generate_s']:.1f} s."
            if "reload_s" in result
            else ""
        ),
        "",
    ]
    header = ["URL"]
    for mode in modes:
        header += [f"{mode} req/s", "ratio", "p50 ms", "p99 ms", "errors"]
    header += ["one connection, uncached: p50 ms", "requests per worker (uncached)", "SQL queries"]
    lines += ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    first = result["modes"][modes[0]]
    for key, row in first.items():
        cells = ["floor" if key == "floor" else f"{key}: `{row['path']}`"]
        for mode in modes:
            this = result["modes"][mode][key]
            cells += [
                f"{this['rps']:.0f}",
                f"{ratio(this):.2f}",
                f"{this['p50_ms']:.1f}",
                f"{this['p99_ms']:.1f}",
                str(this["errors"]),
            ]
        uncached = result["modes"].get("uncached", {}).get(key, {})
        single = uncached.get("single_p50_ms")
        cells += [f"{single:.1f}" if single else "", spread(uncached) if uncached else "", ""]
        cells[-1] = f"{row.get('queries', '')} / {row.get('warm_queries', '')}"
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    editing = result.get("editing") or {}
    if editing:
        busy, quiet = editing["editing"], editing["quiet"]
        lines += [
            f"**While editing** (cached, Redis): the directory served {busy['rps']:.0f} requests/s while an editor "
            f"saved a space once a second ({busy['saves']} saves, {busy['errors']} errors), against "
            f"{quiet['rps']:.0f} with no writes: **{busy['rps'] / quiet['rps']:.2f}×**.",
            "",
            "**The first request after a write** (cached, Redis; median of 3: a warm page, a save, the page again):",
            "",
            "| URL | warm ms | first after a write ms |",
            "|---|---:|---:|",
        ]
        for key, row in editing["after_write"].items():
            lines.append(f"| {key} | {row['warm_ms']:.1f} | {row['after_write_ms']:.1f} |")
        lines.append("")
    return lines


def growth_section(first, last):
    lines = [
        f"## Growth from {first['size']:,} to {last['size']:,} spaces",
        "",
        "Uncached, one connection: the p50 of a single request, without queueing behind others.",
        "",
        "| URL | p50 ms small | p50 ms large | ratio |",
        "|---|---:|---:|---:|",
    ]
    for key, row in last["modes"]["uncached"].items():
        small = first["modes"]["uncached"][key].get("single_p50_ms")
        large = row.get("single_p50_ms")
        if small and large:
            lines.append(f"| {key} | {small:.1f} | {large:.1f} | {large / small:.2f} |")
    lines.append("")
    return lines


def targets_section(first, last):
    """Each target of the issue beside the figure measured at the largest size."""
    rows = []

    def check(what, figure, bound, higher_is_better=True, unit="×"):
        met = figure >= bound if higher_is_better else figure <= bound
        sign = "≥" if higher_is_better else "≤"
        rows.append(f"| {what} | {sign} {bound:g}{unit} | {figure:.2f}{unit} | {'met' if met else '**missed**'} |")

    modes = last["modes"]
    if "uncached" in modes:
        for key in LIST_PAGES:
            check(f"uncached {key}: ratio to the floor", ratio(modes["uncached"][key]), 0.1)
        for key in DETAIL_PAGES:
            check(f"uncached {key}: ratio to the floor", ratio(modes["uncached"][key]), 0.3)
        for chinese, english in CHINESE_PAGES.items():
            if chinese in modes["uncached"]:
                figure = modes["uncached"][chinese]["rps"] / modes["uncached"][english]["rps"]
                check(f"uncached {chinese} ÷ {english}", figure, 0.9)
        if "near_here" in modes["uncached"]:  # issue 17: "near here" at 0.2× the floor, uncached
            check("uncached near_here: ratio to the floor", ratio(modes["uncached"]["near_here"]), 0.2)
        for key, bound in (("directory", 15), ("space", 6)):
            single = modes["uncached"][key].get("single_p50_ms")
            if single:
                check(f"uncached {key}: one-connection p50", single, bound, higher_is_better=False, unit=" ms")
        if first is not last:
            for key, row in modes["uncached"].items():
                small = first["modes"]["uncached"][key].get("single_p50_ms")
                if key != "floor" and small and row.get("single_p50_ms"):
                    check(f"growth of {key}'s p50", row["single_p50_ms"] / small, 2, higher_is_better=False)
    editing = last.get("editing") or {}
    if editing:
        check("directory while editing ÷ without", editing["editing"]["rps"] / editing["quiet"]["rps"], 0.5)
    for mode, bound in (("cached", 0.8), ("conditional", 1.5)):
        for key, row in modes.get(mode, {}).items():
            if key != "floor":
                check(f"{mode} {key}: ratio to the floor", ratio(row), bound)
    errors = sum(row["errors"] for mode in modes.values() for row in mode.values())
    check("errors in every run", errors, 0, higher_is_better=False, unit="")
    check("worker RSS", last["rss_mb"], 150, higher_is_better=False, unit=" MB")
    return [
        f"## Targets at {last['size']:,} spaces",
        "",
        "| target | bound | measured | |",
        "|---|---:|---:|---|",
        *rows,
        "",
    ]


def render(results, args):
    workers, threads, connections_per_worker, max_requests = gunicorn_settings()
    workers, threads = args.workers or workers, args.threads or threads
    modes = list(results[0]["modes"])
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` (`bench/run.py`): PostgreSQL {args.pg_version}, gunicorn gthread as "
        f"configured for production (core/gunicorn.conf.py): {workers} workers × {threads} threads, at most "
        f"{connections_per_worker} connections each, max_requests {max_requests:,}. wrk with {args.connections} "
        f"connections, {args.warmup} s warm-up then {args.duration} s per URL. Machine: {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}.",
        "",
        f"Ratio = the URL's requests per second ÷ the floor's ({FLOOR_NOTE}), served by the same gunicorn "
        "in the same run just before the URL; the floor row shows the median of those floor runs. "
        "bench/profile_pages.py shows where one computed request spends its time (docs/performance-profile.md).",
        "",
        *(f"- **{mode}**: {MODE_NOTES[mode]}." for mode in modes),
        "",
        "SQL queries are per request, computed / served from the cache. Requests per worker: each worker's "
        "share of the uncached run's requests.",
        "",
    ]
    if len(results) > 1 and "uncached" in modes:
        lines += targets_section(results[0], results[-1])
    for result in results:
        lines += size_section(result, modes)
    if len(results) > 1 and "uncached" in modes:
        lines += growth_section(results[0], results[-1])
    return "\n".join(lines)


def main():
    results = json.loads((ROOT / "bench" / "results" / "latest.json").read_text())
    meta = results[0].get("args", {})
    args = type("Args", (), meta)
    (ROOT / "docs" / "performance.md").write_text(render(results, args) + "\n")


if __name__ == "__main__":
    sys.exit(main())
