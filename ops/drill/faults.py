"""The drill's faults, each injected into the running cluster by the PIDs ops/cluster.sh recorded, and
put right again the way an operator would (the cluster script's own start commands)."""

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_SCRIPT = ROOT / "ops/cluster.sh"
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster"))
LEAD_SECONDS = 5  # load before each fault: the baseline


def pid_in(path):
    return int(Path(path).read_text().split()[0])


def children(pid):
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


def wait_gone(pids, timeout=30):
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


def cluster(*args):
    subprocess.run([CLUSTER_SCRIPT, *args], check=True, stdout=subprocess.DEVNULL)


def primary(env):
    return psycopg2.connect(env["DATABASE_URL"], connect_timeout=3)


def replica_lag_bytes(env):
    """Bytes of WAL the streaming replica has still to replay; None when no replica streams."""
    try:
        with primary(env) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication "
                "WHERE state = 'streaming'"
            )
            row = cursor.fetchone()
    except psycopg2.Error:
        return None
    return None if row is None or row[0] is None else max(0, row[0])


# The faults -----------------------------------------------------------------------------------------


def kill_worker(env, outage):
    master = pid_in(CLUSTER_DIR / "app-1.pid")
    workers = children(master)
    victim = workers[0]
    fault = time.time()
    os.kill(victim, signal.SIGKILL)
    # Replaced when the master has as many workers as before, none of them the victim.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = children(master)
        if victim not in now and len(now) >= len(workers):
            break
        time.sleep(0.05)
    return {"fault": fault, "back": time.time(), "detail": f"worker {victim} of instance 1"}


def kill_instance(env, outage):
    master = pid_in(CLUSTER_DIR / "app-2.pid")
    processes = [master, *children(master)]
    fault = time.time()
    for pid in processes:
        os.kill(pid, signal.SIGKILL)
    wait_gone(processes)
    time.sleep(outage)
    cluster("app-start", "2")
    return {"fault": fault, "back": time.time(), "detail": f"instance 2 (master and {len(processes) - 1} workers)"}


def stop_redis(env, outage):
    pid = pid_in(CLUSTER_DIR / "redis.pid")
    fault = time.time()
    os.kill(pid, signal.SIGTERM)
    wait_gone([pid])
    time.sleep(outage)
    cluster("redis-start")
    return {"fault": fault, "back": time.time(), "detail": f"stopped for {outage} s, restarted empty"}


def stop_replica(env, outage):
    pid = pid_in(CLUSTER_DIR / "pg/replica/postmaster.pid")
    fault = time.time()
    os.kill(pid, signal.SIGINT)  # fast shutdown
    wait_gone([pid])
    time.sleep(outage)
    cluster("replica-start")
    back = time.time()
    caught_up = None
    while time.time() < back + 60:
        if replica_lag_bytes(env) == 0:
            caught_up = time.time()
            break
        time.sleep(0.2)
    return {"fault": fault, "back": back, "caught_up": caught_up, "detail": f"stopped for {outage} s"}


def restart_primary(env, outage):
    fault = time.time()
    cluster("primary-restart")
    return {"fault": fault, "back": time.time(), "detail": "fast shutdown, then start"}


def exhaust_connections(env, outage):
    """Another client takes every connection the primary allows, holds them, then lets go.

    The app servers keep their connections open (CONN_MAX_AGE), so the ones they hold already go on
    working; a worker killed meanwhile is replaced by one whose new connections are refused.
    """
    held = []

    def take_every_free_connection():
        while len(held) < 1000:
            try:
                held.append(primary(env))
            except psycopg2.OperationalError:
                return

    fault = time.time()
    try:
        take_every_free_connection()
        fault = time.time()
        master = pid_in(CLUSTER_DIR / "app-1.pid")
        os.kill(children(master)[0], signal.SIGKILL)
        # The killed worker's connections come free: the other client takes them as they do.
        while time.time() < fault + outage:
            take_every_free_connection()
            time.sleep(0.05)
    finally:
        for connection in held:
            connection.close()
    detail = f"{len(held)} connections held for {outage} s, a worker of instance 1 replaced meanwhile"
    return {"fault": fault, "back": time.time(), "detail": detail}


@dataclass
class Phase:
    name: str
    description: str
    inject_fault: object
    outage: float
    tail: float
    target: str
    rule: str  # how report.judge checks the target

    def inject(self, env):
        return self.inject_fault(env, self.outage)


def phases(short=False):
    outage, tail = (5, 6) if short else (10, 10)
    every = [
        Phase(
            "worker killed",
            "kill -9 of one gunicorn worker",
            kill_worker,
            0,
            tail,
            "≤ 1% of requests fail, none after it is replaced",
            "in_flight_only",
        ),
        Phase(
            "instance killed",
            "kill -9 of a whole gunicorn instance, restarted after the outage",
            kill_instance,
            outage,
            tail,
            "≤ 1% of requests fail, none after it is replaced",
            "in_flight_only",
        ),
        Phase(
            "Redis down",
            "Redis stopped, then restarted",
            stop_redis,
            outage,
            tail,
            "0 × 5xx: pages are computed instead",
            "none",
        ),
        Phase(
            "replica down",
            "the replica stopped, then restarted and caught up",
            stop_replica,
            outage,
            tail,
            "0 × 5xx after at most 5 s",
            "none_after_5s",
        ),
        Phase(
            "primary restarted",
            "the primary restarted (fast shutdown)",
            restart_primary,
            0,
            tail + 5,
            "503 only during the outage; full service ≤ 10 s after it is back",
            "only_during_outage",
        ),
        Phase(
            "connections exhausted",
            "another client holds every connection of the primary; a worker replaced meanwhile",
            exhaust_connections,
            outage,
            tail,
            "503 only (no 500, no hang); full service ≤ 10 s after they are released",
            "only_during_outage",
        ),
    ]
    if short:
        return [phase for phase in every if phase.name in ("worker killed", "Redis down", "replica down")]
    return every


# Soak -------------------------------------------------------------------------------------------


def worker_rss(env):
    """{pid: resident kB} of every gunicorn worker of the cluster."""
    rss = {}
    for n in range(1, len(env["CLUSTER_APP_PORTS"].split()) + 1):
        for pid in children(pid_in(CLUSTER_DIR / f"app-{n}.pid")):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss[pid] = int(line.split()[1])
    return rss


def soak(env, seconds, make_load, warm_up=60):
    """Load and edits for `seconds`; worker memory when the load starts, after the warm-up, and at the end."""
    cold = worker_rss(env)
    load = make_load()
    started = time.monotonic()
    warm_up = min(warm_up, seconds / 4)
    time.sleep(warm_up)
    warm = worker_rss(env)
    series = []  # (seconds into the soak, MB of all workers), every 30 s: does memory level off?
    while (elapsed := time.monotonic() - started) < seconds:
        series.append((round(elapsed), sum(worker_rss(env).values()) // 1024))
        time.sleep(min(30, max(0.1, seconds - elapsed)))
    end = worker_rss(env)
    result = load.finish()
    return {
        "seconds": seconds,
        "rss_kb": {"cold": cold, "warm": warm, "end": end},
        "rss_mb_series": series,
        "load": result,
    }
