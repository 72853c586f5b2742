"""The fault drill (make drill): load on the cluster of ops/cluster.sh while an editor writes through
the admin, one fault after another; then the editor's writes checked, and a pg_dump/pg_restore drill.

    .venv/bin/python ops/drill/run.py              every fault (about 4 minutes)
    .venv/bin/python ops/drill/run.py --short      worker killed, Redis down, replica down (CI, < 2 minutes)
    .venv/bin/python ops/drill/run.py --soak 600   10 minutes of load and edits, no fault: throughput, p99, RSS

Starts the cluster when none is running (and then stops it at the end). Writes the result to
bench/results/drill-<time>.json and prints the table of docs/operations.md; with --write-docs it
also replaces that table in docs/operations.md. Exits 1 when a target is missed.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))

import backups  # noqa: E402
import faults  # noqa: E402
import report  # noqa: E402
from editor import Editor  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_SCRIPT = ROOT / "ops/cluster.sh"
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster"))
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
CONNECTIONS = int(os.environ.get("DRILL_CONNECTIONS", "16"))


def cluster_env():
    env = dict(os.environ)
    for line in (CLUSTER_DIR / "env").read_text().splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export ") :].partition("=")
            env[name] = value.strip("'")
    return env


def cluster_running():
    result = subprocess.run([CLUSTER_SCRIPT, "status"], capture_output=True, text=True)
    return result.returncode == 0 and "down" not in result.stdout and "nginx    pid" in result.stdout


def site_urls(env):
    """The public paths the load cycles through (bench/prepare.py's list) and the admin's URLs, from Django."""
    code = (
        "import json, sys; sys.path.insert(0, 'bench'); from prepare import paths; from django.urls import reverse; "
        "print(json.dumps({'paths': paths(), 'login': reverse('admin:login'), "
        "'add': reverse('admin:makerspaces_service_add'), 'list': reverse('admin:makerspaces_service_changelist')}))"
    )
    output = subprocess.run(
        [ROOT / ".venv/bin/python", "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


class Load:
    """wrk with ops/drill/load.lua, CONNECTIONS connections, until stopped (SIGINT makes it report)."""

    def __init__(self, port, paths_file, result_file, timeout=10):
        env = {**os.environ, "DRILL_PATHS": str(paths_file), "DRILL_RESULT": str(result_file)}
        self.result_file = result_file
        result_file.unlink(missing_ok=True)
        self.started = time.time()
        self.process = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                "-d3600s",
                f"--timeout={timeout}s",
                "-s",
                str(ROOT / "ops/drill/load.lua"),
                f"http://127.0.0.1:{port}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )

    def finish(self):
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        return json.loads(self.result_file.read_text())


def verify_writes(editor, env):
    """Every write the editor was told was saved is on the primary and the replica; none told failed is."""
    found = {}
    for name, url in (("primary", env["DATABASE_URL"]), ("replica", env["DATABASE_REPLICA_URL"])):
        with psycopg2.connect(url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT slug FROM makerspaces_service WHERE slug LIKE %s", [f"drill-{editor.run_id}-%"])
            found[name] = {row[0] for row in cursor.fetchall()}
    saved = [w for w in editor.writes if w.told == "saved"]
    failed = [w for w in editor.writes if w.told == "failed"]
    unknown = [w for w in editor.writes if w.told == "no answer"]
    return {
        "attempted": len(editor.writes),
        "saved": len(saved),
        "failed": len(failed),
        "no_answer": len(unknown),
        "no_answer_saved": sum(w.slug in found["primary"] for w in unknown),
        "form_not_reached": editor.skipped,
        "lost": [w.slug for w in saved if w.slug not in found["primary"]],
        "half_done": [w.slug for w in failed if w.slug in found["primary"]],
        "replica_differs": sorted(found["primary"] ^ found["replica"]),
        "own_write_not_seen": [w.slug for w in saved if w.read_own_write is False],
    }


def wait_replica_caught_up(env, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if faults.replica_lag_bytes(env) == 0:
            return True
        time.sleep(0.5)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="CI's drill: worker killed, Redis down, replica down.")
    parser.add_argument("--soak", type=int, metavar="SECONDS", help="No faults: load and edits for this long.")
    parser.add_argument("--write-docs", action="store_true", help="Replace the drill's table in docs/operations.md.")
    parser.add_argument("--no-backup-drill", action="store_true")
    parser.add_argument("--only", action="append", metavar="FAULT", help="Only this fault (by name); repeatable.")
    args = parser.parse_args()

    started_cluster = False
    if not cluster_running():
        subprocess.run([CLUSTER_SCRIPT, "start"], check=True)
        started_cluster = True
    try:
        result = run(args)
    finally:
        if started_cluster:
            subprocess.run([CLUSTER_SCRIPT, "stop"], check=False)
    sys.exit(0 if result else 1)


def run(args):
    env = cluster_env()
    urls = site_urls(env)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    results_dir = ROOT / "bench/results"
    results_dir.mkdir(parents=True, exist_ok=True)
    paths_file = CLUSTER_DIR / "drill-paths.txt"
    paths_file.write_text("\n".join(urls["paths"]) + "\n")
    port = int(env["CLUSTER_PROXY_PORT"])
    editor = Editor(
        f"http://127.0.0.1:{port}", urls, env["CLUSTER_EDITOR"], env["CLUSTER_EDITOR_PASSWORD"], run_id=stamp.lower()
    )
    editor.start()
    outcome = {
        "started": stamp,
        "command": " ".join(["make", "drill"] + (["DRILL_ARGS=--short"] if args.short else [])),
        "connections": CONNECTIONS,
        "cores": os.cpu_count(),
        "paths": len(urls["paths"]),
    }
    try:
        if args.soak:
            outcome["command"] = f"make soak SOAK_SECONDS={args.soak}"
            outcome["soak"] = faults.soak(
                env, args.soak, lambda: Load(port, paths_file, CLUSTER_DIR / "drill-wrk.json")
            )
        else:
            outcome["phases"] = []
            for phase in faults.phases(short=args.short):
                if args.only and phase.name not in args.only:
                    continue
                print(f"[drill] {phase.name}: {phase.description}", flush=True)
                load = Load(port, paths_file, CLUSTER_DIR / "drill-wrk.json")
                time.sleep(faults.LEAD_SECONDS)
                events = phase.inject(env)
                time.sleep(phase.tail)
                load_result = load.finish()
                outcome["phases"].append(report.phase_result(phase, events, load_result, editor.writes))
                print("[drill]   " + report.phase_line(outcome["phases"][-1]), flush=True)
                time.sleep(2)
    finally:
        editor.finish()
    wait_replica_caught_up(env)
    outcome["writes"] = verify_writes(editor, env)
    if not args.soak and not args.no_backup_drill:
        print("[drill] backups: pg_dump, pg_restore, compare", flush=True)
        outcome["backups"] = backups.drill(
            PG_BIN, env["CLUSTER_PRIMARY_PORT"], "makerspaces", CLUSTER_DIR / "drill.dump"
        )
    passed = report.judge(outcome)
    result_file = results_dir / f"drill-{stamp}.json"
    result_file.write_text(json.dumps(outcome, indent=2) + "\n")
    table = report.markdown(outcome)
    print(table)
    print(f"[drill] result: {result_file}")
    if args.write_docs:
        report.write_docs(ROOT / "docs/operations.md", table, soak=bool(args.soak))
    return passed


if __name__ == "__main__":
    main()
