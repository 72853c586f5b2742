"""While the database cannot answer, visitors get a 503 page with Retry-After, quickly; Redis away is a miss."""

import json
from unittest import mock

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from core.outage import database_unavailable
from makerspaces import cache_backend
from makerspaces.cache_backend import RedisCacheOrMiss
from tests.public_routes import inline_code
from tests.test_settings import PRINT_DB, run_settings


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False
    return client


def assert_outage_page(response, settings):
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert b"Back in a moment" in response.content
    assert b"Traceback" not in response.content
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize(
    "failure",
    [OperationalError("server closed the connection unexpectedly"), InterfaceError("connection already closed")],
)
def test_a_query_failing_answers_503(visitor, sample, settings, failure):
    with mock.patch.object(CursorWrapper, "execute", side_effect=failure):
        response = visitor.get("/spaces/")
    assert_outage_page(response, settings)


def test_no_connection_answers_503(visitor, db, settings):
    refused = OperationalError('connection to server at "127.0.0.1", port 5441 failed: Connection refused')
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused):
        response = visitor.get("/")
    assert_outage_page(response, settings)


def test_the_admin_answers_503_too(admin_client, settings):
    """An editor's session is read from the database before any view runs."""
    admin_client.raise_request_exception = False
    too_many = OperationalError("FATAL: sorry, too many clients already")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=too_many):
        response = admin_client.get("/admin/")
    assert_outage_page(response, settings)


def test_the_site_answers_again_once_the_database_is_back(visitor, sample):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("gone")):
        assert visitor.get("/spaces/").status_code == 503
    assert visitor.get("/spaces/").status_code == 200


def test_other_faults_are_still_500(visitor, db, monkeypatch):
    from makerspaces import views

    monkeypatch.setattr(views.HomeView, "get", mock.Mock(side_effect=RuntimeError("boom")))
    response = visitor.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_database_error_that_is_not_an_outage_is_500(visitor, db, monkeypatch):
    from makerspaces import views

    monkeypatch.setattr(views.HomeView, "get", mock.Mock(side_effect=DatabaseError("no such column")))
    assert visitor.get("/").status_code == 500


def test_an_outage_raised_from_another_error_counts():
    try:
        try:
            raise OperationalError("could not connect")
        except OperationalError as error:
            raise RuntimeError("while rendering") from error
    except RuntimeError as error:
        assert database_unavailable(error)
    assert not database_unavailable(RuntimeError("boom"))


def test_postgresql_connections_have_a_connect_and_a_statement_timeout():
    db = json.loads(run_settings(PRINT_DB, DATABASE_URL="postgres://editor@db.example.org:5432/directory").stdout)
    assert db["options"]["connect_timeout"] == 3
    assert db["options"]["options"] == "-c statement_timeout=20000"
    db = json.loads(
        run_settings(
            PRINT_DB,
            DATABASE_URL="postgres://editor@db.example.org:5432/directory",
            DJANGO_DB_CONNECT_TIMEOUT="1",
            DJANGO_DB_STATEMENT_TIMEOUT="0",
        ).stdout
    )
    assert db["options"] == {"connect_timeout": 1}


@pytest.mark.django_db
def test_a_statement_over_its_timeout_is_an_outage_not_a_hang():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    with pytest.raises(OperationalError) as raised, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(5)")
    assert database_unavailable(raised.value)


# Redis away --------------------------------------------------------------------------------------


@pytest.fixture
def unreachable_redis(monkeypatch):
    monkeypatch.setattr(RedisCacheOrMiss, "_away_until", 0.0)
    # Nothing listens on port 1: the connection is refused at once.
    return RedisCacheOrMiss("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_redis_away_is_a_miss_and_writes_are_dropped(unreachable_redis):
    cache = unreachable_redis
    assert cache.get("page", "missing") == "missing"
    cache.set("page", "content")
    assert cache.get_many(["page"]) == {}
    assert cache.has_key("page") is False
    assert cache.add("page", "content") is False
    assert cache.delete("page") is False
    assert cache.set_many({"a": 1}) == ["a"]


def test_redis_is_left_alone_for_a_moment_after_failing(unreachable_redis, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(cache_backend.time, "monotonic", lambda: now[0])
    with mock.patch("django.core.cache.backends.redis.RedisCacheClient.get", side_effect=OSError) as get:
        unreachable_redis.get("page")
        unreachable_redis.get("page")
        assert get.call_count == 1, "the second lookup does not wait on Redis"
        now[0] += cache_backend.RETRY_AFTER + 0.1
        unreachable_redis.get("page")
        assert get.call_count == 2, "then it is tried again"
