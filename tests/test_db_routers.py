"""The replica router: reads to the replica, writes and migrations to the primary."""

from types import SimpleNamespace

import pytest
from django.db import connections

from core.db_routers import PrimaryReplicaRouter
from makerspaces.models import Space

router = PrimaryReplicaRouter()


def row_from(alias):
    return SimpleNamespace(_state=SimpleNamespace(db=alias))


def test_reads_go_to_the_replica_outside_transactions():
    assert not connections["default"].in_atomic_block
    assert router.db_for_read(Space) == "replica"


def test_sessions_logins_and_throttle_records_are_read_from_the_primary():
    from axes.models import AccessAttempt
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session

    assert not connections["default"].in_atomic_block
    for model in (Session, User, AccessAttempt, LogEntry):
        assert router.db_for_read(model) == "default", model


@pytest.mark.django_db
def test_reads_stay_on_the_primary_inside_a_transaction():
    # Every db test runs inside a transaction on the primary.
    assert connections["default"].in_atomic_block
    assert router.db_for_read(Space) == "default"


def test_writes_go_to_the_primary():
    assert router.db_for_write(Space) == "default"


def test_relations_between_primary_and_replica_are_allowed():
    assert router.allow_relation(row_from("default"), row_from("replica")) is True
    assert router.allow_relation(row_from("replica"), row_from("replica")) is True


def test_relations_with_other_databases_are_left_to_other_routers():
    assert router.allow_relation(row_from("default"), row_from("archive")) is None


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "makerspaces") is True
    assert router.allow_migrate("replica", "makerspaces") is False
