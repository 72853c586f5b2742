"""The read replica's state: whether it answers (reads fall back to the primary when not), and its lag.

A stopped or restarting replica refuses connections at once, so the router learns within one
request that it is away; it then reads from the primary and leaves the replica alone for
REPLICA_RETRY_SECONDS before trying it again, so a request does not pay a failed connection each time.
"""

import threading
import time

from django.db import DatabaseError, connections

PRIMARY = "default"
REPLICA = "replica"
REPLICA_RETRY_SECONDS = 2.0

_lock = threading.Lock()
_away_until = {}  # alias -> time.monotonic() before which the replica is not asked


def replica_answers(alias=REPLICA):
    """True when the replica can take this request's reads (or none is configured to check)."""
    if alias not in connections.settings:
        return True
    if time.monotonic() < _away_until.get(alias, 0.0):
        return False
    connection = connections[alias]
    try:
        # A connection left from an earlier request is checked (SELECT 1) once per request.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError:
        with _lock:
            _away_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
        return False
    return True


def database_answers(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return False, str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return True, None


def replication_status(primary=PRIMARY, replica=REPLICA):
    """What /healthz/detail shows: each database answering or not, and how far the replica lags behind."""
    answers, error = database_answers(primary)
    status = {"primary": {"answers": answers, "error": error, "vendor": connections[primary].vendor}}
    if replica not in connections.settings:
        status["replica"] = {"configured": False}
        return status
    answers, error = database_answers(replica)
    status["replica"] = {"configured": True, "answers": answers, "error": error}
    if answers and connections[replica].vendor == "postgresql":
        status["replica"].update(replica_lag(primary, replica))
    return status


def replica_lag(primary, replica):
    """Bytes of WAL the replica has not replayed yet, and the age of the last change it replayed when behind."""
    with connections[replica].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
            "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float"
        )
        in_recovery, replayed, replay_age = cursor.fetchone()
    lag = {"in_recovery": in_recovery, "lag_bytes": None, "lag_seconds": None}
    if not in_recovery or replayed is None:
        return lag
    try:
        with connections[primary].cursor() as cursor:
            cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)::bigint", [replayed])
            lag["lag_bytes"] = max(0, cursor.fetchone()[0])
    except DatabaseError:
        return lag
    # Caught up: no lag, however long ago the last change was. Behind: the age of the last change replayed.
    lag["lag_seconds"] = 0.0 if lag["lag_bytes"] == 0 else round(replay_age or 0.0, 3)
    return lag
