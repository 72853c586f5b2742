"""The backup drill: pg_dump of the cluster's database, pg_restore into a new one, and the two compared
table by table (rows and a checksum of their content)."""

import subprocess
import time

import psycopg2

CHECKSUM = "SELECT count(*), coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '') FROM \"{table}\" t"


def tables(dsn):
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        return [row[0] for row in cursor.fetchall()]


def checksums(dsn, names):
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot for every table
        result = {}
        for name in names:
            cursor.execute(CHECKSUM.format(table=name))
            result[name] = cursor.fetchone()
        return result


def drill(pg_bin, port, database, dump_path):
    """Dump, restore into <database>_restored, compare; a dict for the report."""
    restored = f"{database}_restored"
    base = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
    started = time.monotonic()
    subprocess.run([f"{pg_bin}/pg_dump", *base, "-Fc", "-f", str(dump_path), database], check=True)
    dumped = time.monotonic()
    subprocess.run([f"{pg_bin}/dropdb", *base, "--if-exists", restored], check=True, stderr=subprocess.DEVNULL)
    subprocess.run([f"{pg_bin}/createdb", *base, restored], check=True)
    subprocess.run([f"{pg_bin}/pg_restore", *base, "--no-owner", "-d", restored, str(dump_path)], check=True)
    finished = time.monotonic()
    dsn = f"host=127.0.0.1 port={port} user=postgres dbname="
    names = tables(dsn + database)
    original, copy = checksums(dsn + database, names), checksums(dsn + restored, names)
    differing = [name for name in names if original[name] != copy.get(name)]
    subprocess.run([f"{pg_bin}/dropdb", *base, "--if-exists", restored], check=True, stderr=subprocess.DEVNULL)
    return {
        "tables": len(names),
        "rows": sum(count for count, _ in original.values()),
        "dump_bytes": dump_path.stat().st_size,
        "dump_seconds": round(dumped - started, 2),
        "restore_seconds": round(finished - dumped, 2),
        "differing_tables": differing,
        "checksums_equal": not differing and set(names) == set(tables(dsn + database)),
    }
