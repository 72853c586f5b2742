"""Time generate_demo_data and remove_demo_data on the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_demo \
        .venv/bin/python bench/demo_data.py --spaces 100000

Runs against whatever database DATABASE_URL names: use a scratch database,
never one with data you keep (it refuses if synthetic data exists already).
Prints wall time, the CPU time of this process and, on PostgreSQL, of the
server process serving it, and the load average: on a shared machine the
wall time depends on what else runs, the CPU times much less.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")


def server_cpu_seconds(connection):
    """CPU time of the PostgreSQL backend serving connection, if it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def own_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(label, action, connection):
    load_before = os.getloadavg()[0]
    wall, cpu, server = time.perf_counter(), own_cpu_seconds(), server_cpu_seconds(connection)
    result = action()
    wall, cpu = time.perf_counter() - wall, own_cpu_seconds() - cpu
    server_after = server_cpu_seconds(connection)
    server = server_after - server if server is not None and server_after is not None else None
    server_text = f"{server:.1f} s" if server is not None else "n/a"
    print(
        f"{label}: wall {wall:.1f} s, this process CPU {cpu:.1f} s, database server CPU {server_text}, "
        f"load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after"
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spaces", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="Leave the generated data in place.")
    args = parser.parse_args()

    django.setup()
    from django.db import connection

    from demo.generator import DemoDataGenerator, synthetic_data_exists
    from demo.proportions import Scale
    from demo.removal import remove_demo_data

    if synthetic_data_exists():
        sys.exit("Synthetic data exists already in this database; remove it first (remove_demo_data).")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {os.cpu_count()} CPUs")
    generator = DemoDataGenerator(Scale.for_spaces(args.spaces), seed=args.seed, batch_size=args.batch_size)
    counts = measure(f"generate {args.spaces:,} spaces", generator.run, connection)
    print(", ".join(f"{label} {count:,}" for label, count in counts.items()), f"(total {sum(counts.values()):,})")
    if not args.keep:
        measure("remove", remove_demo_data, connection)


if __name__ == "__main__":
    main()
