"""The drill's figures: per fault, what the clients saw, whether its target was met; the table for docs."""

import re

MARKERS = {
    False: ("<!-- drill:start (written by ops/drill/run.py --write-docs) -->", "<!-- drill:end -->"),
    True: ("<!-- soak:start (written by ops/drill/run.py --soak --write-docs) -->", "<!-- soak:end -->"),
}


def phase_result(phase, events, load, writes):
    fault, back = events["fault"], events["back"]
    failures = sum(count for status, count in load["statuses"].items() if int(status) >= 500)
    socket_errors = sum(load["errors"].values())
    first = load["first_failure_ms"] / 1000 if load["first_failure_ms"] else None
    last = load["last_failure_ms"] / 1000 if load["last_failure_ms"] else None
    phase_writes = [w for w in writes if fault - 5 <= w.started <= back + phase.tail]
    return {
        "name": phase.name,
        "description": phase.description,
        "detail": events.get("detail", ""),
        "target": phase.target,
        "rule": phase.rule,
        "requests": load["requests"],
        "requests_per_second": round(load["requests"] / load["seconds"], 1) if load["seconds"] else 0,
        "statuses": load["statuses"],
        "5xx": failures,
        "503_without_retry_after": load.get("unexplained_503", 0),
        "socket_errors": socket_errors,
        "failed_percent": round(100 * (failures + socket_errors) / max(1, load["requests"] + socket_errors), 3),
        "outage_seconds": round(back - fault, 2),
        "first_failure_after_fault": round(first - fault, 2) if first else None,
        "last_failure_after_fault": round(last - fault, 2) if last else None,
        "last_failure_after_back": round(last - back, 2) if last else None,
        "caught_up_after_back": round(events["caught_up"] - back, 2) if events.get("caught_up") else None,
        "p99_ms": load["latency_ms"]["p99"],
        "writes": {told: sum(w.told == told for w in phase_writes) for told in ("saved", "failed", "no answer")},
    }


def met(result):
    """Whether the phase met its target."""
    last_after_fault, last_after_back = result["last_failure_after_fault"], result["last_failure_after_back"]
    failed = result["5xx"] + result["socket_errors"]
    if result["rule"] == "none":
        return failed == 0
    if result["rule"] == "in_flight_only":
        return result["failed_percent"] <= 1.0 and (failed == 0 or last_after_back <= 0)
    if result["rule"] == "none_after_5s":
        return failed == 0 or last_after_fault <= 5.0
    if result["rule"] == "only_during_outage":
        only_503 = all(int(status) < 500 or int(status) == 503 for status in result["statuses"])
        only_503 = only_503 and result["503_without_retry_after"] == 0
        return result["socket_errors"] == 0 and only_503 and (failed == 0 or last_after_back <= 10.0)
    raise ValueError(result["rule"])


def judge(outcome):
    passed = True
    for result in outcome.get("phases", []):
        result["met"] = met(result)
        passed &= result["met"]
    writes = outcome["writes"]
    writes["met"] = not writes["lost"] and not writes["half_done"] and not writes["replica_differs"]
    passed &= writes["met"]
    if "backups" in outcome:
        passed &= outcome["backups"]["checksums_equal"]
    if "soak" in outcome:
        soak = outcome["soak"]
        load = soak["load"]
        errors = sum(count for status, count in load["statuses"].items() if int(status) >= 500)
        soak["errors"] = errors + sum(load["errors"].values())
        warm, end = sum(soak["rss_kb"]["warm"].values()), sum(soak["rss_kb"]["end"].values())
        soak["rss_growth_percent"] = round(100 * (end - warm) / warm, 1) if warm else None
        soak["met"] = (
            soak["errors"] == 0 and soak["rss_growth_percent"] is not None and soak["rss_growth_percent"] <= 10
        )
        passed &= soak["met"]
    outcome["passed"] = passed
    return passed


def seconds(value):
    return "–" if value is None else f"{value:.1f}"


def phase_line(result):
    return (
        f"{result['requests']} requests, {result['5xx']} × 5xx, {result['socket_errors']} connection errors, "
        f"last failure {seconds(result['last_failure_after_fault'])} s after the fault "
        f"({seconds(result['last_failure_after_back'])} s after it was put right); writes {result['writes']}"
    )


def yes(value):
    return "**met**" if value else "**missed**"


def markdown(outcome):
    lines = [
        f"Command: `{outcome['command']}` ({outcome['started']}, {outcome['connections']} connections, "
        f"{outcome['cores']} cores shared with other work)",
        "",
    ]
    if "phases" in outcome:
        lines += [
            "| Fault | Requests | 5xx | Connection errors | Failed | Outage "
            "| Last failure after fault / after repair | Target | |",
            "|---|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for r in outcome["phases"]:
            statuses = ", ".join(f"{s}: {c}" for s, c in sorted(r["statuses"].items()) if int(s) >= 500)
            if "503" in r["statuses"]:
                bare = r["503_without_retry_after"]
                statuses += ", all with Retry-After" if not bare else f", {bare} without Retry-After"
            caught_up = (
                f"; caught up {seconds(r['caught_up_after_back'])} s after restart"
                if r["caught_up_after_back"] is not None
                else ""
            )
            lines.append(
                f"| {r['name']} ({r['detail']}{caught_up}) | {r['requests']} | {r['5xx']}"
                f"{f' ({statuses})' if statuses else ''} | {r['socket_errors']} | {r['failed_percent']}% | "
                f"{seconds(r['outage_seconds'])} s | {seconds(r['last_failure_after_fault'])} s / "
                f"{seconds(r['last_failure_after_back'])} s | {r['target']} | {yes(r['met'])} |"
            )
    w = outcome["writes"]
    lines += [
        "",
        f"Editor's writes through the admin: {w['attempted']} sent, {w['saved']} told saved, "
        f"{w['failed']} told failed, "
        f"{w['no_answer']} without an answer ({w['no_answer_saved']} of them saved), {w['form_not_reached']} rounds "
        f"could not open the form. **Lost: {len(w['lost'])}; half-done: {len(w['half_done'])}**; rows differing "
        f"between primary and replica afterwards: {len(w['replica_differs'])}; saves the editor did not see "
        f"right after: {len(w['own_write_not_seen'])}. Target 0 lost and 0 half-done: {yes(w['met'])}.",
    ]
    if "backups" in outcome:
        b = outcome["backups"]
        lines.append(
            f"\nBackups: pg_dump ({b['dump_bytes']} bytes, {b['dump_seconds']} s) and "
            f"pg_restore ({b['restore_seconds']} s) "
            f"of {b['tables']} tables, {b['rows']} rows: row counts and checksums "
            f"{'equal in every table' if b['checksums_equal'] else 'differ in ' + ', '.join(b['differing_tables'])}: "
            f"{yes(b['checksums_equal'])}."
        )
    if "soak" in outcome:
        lines.append("")
        lines += soak_lines(outcome["soak"])
    return "\n".join(lines) + "\n"


def soak_lines(soak):
    load = soak["load"]
    by_minute = {}
    for second, count in load["ok_by_second"].items():
        by_minute.setdefault(int(second) // 60, 0)
        by_minute[int(second) // 60] += count
    minutes = sorted(by_minute)
    # The first and last minutes are partial: left out of the series.
    series = [round(by_minute[m] / 60) for m in minutes[1:-1]] or [round(load["requests"] / load["seconds"])]
    rss = soak["rss_kb"]
    return [
        f"Soak: {soak['seconds']} s, {load['requests']} requests ({round(load['requests'] / load['seconds'])}/s), "
        f"p99 {load['latency_ms']['p99']:.1f} ms, errors {soak['errors']}.",
        f"Throughput per whole minute (requests/s): {', '.join(map(str, series))}.",
        f"Worker RSS (sum of {len(rss['end'])} workers): {sum(rss['cold'].values()) // 1024} MB at the start, "
        f"{sum(rss['warm'].values()) // 1024} MB after the warm-up, {sum(rss['end'].values()) // 1024} MB at the end: "
        f"growth {soak['rss_growth_percent']}% after the warm-up. Every 30 s (s: MB): "
        f"{', '.join(f'{at}: {mb}' for at, mb in soak.get('rss_mb_series', []))}. "
        f"Target 0 errors and growth ≤ 10%: {yes(soak['met'])}.",
    ]


def write_docs(path, table, soak=False):
    start, end = MARKERS[soak]
    text = path.read_text()
    block = f"{start}\n{table}{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
