"""Reads go to the replica, except for an editor who has just saved, and while the replica is away."""

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from core import replication
from core.db_routers import PrimaryReplicaRouter
from core.read_your_writes import COOKIE_NAME, ReadYourWritesMiddleware
from core.replication import replica_answers, replication_status
from makerspaces.models import Space

router = PrimaryReplicaRouter()


def through_middleware(request, status=200):
    """The response, and where the request's reads of the directory went."""
    seen = {}

    def view(request):
        seen["reads"] = router.db_for_read(Space)
        return HttpResponse(status=status)

    return ReadYourWritesMiddleware(view)(request), seen["reads"]


@pytest.mark.parametrize("status", [200, 302])
def test_a_successful_write_pins_the_next_reads_to_the_primary(settings, status):
    response, reads = through_middleware(RequestFactory().post("/admin/makerspaces/space/1/change/"), status)
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["max-age"] == settings.READ_YOUR_WRITES_SECONDS
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    request = RequestFactory().get("/spaces/")
    request.COOKIES[COOKIE_NAME] = cookie.value
    _, reads = through_middleware(request)
    assert reads == "default"


def test_without_the_cookie_reads_go_to_the_replica():
    response, reads = through_middleware(RequestFactory().get("/spaces/"))
    assert reads == "replica"
    assert COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("status", [400, 403, 500])
def test_a_refused_write_sets_no_cookie(status):
    response, _ = through_middleware(RequestFactory().post("/admin/login/"), status)
    assert COOKIE_NAME not in response.cookies


def test_the_pin_ends_with_the_request():
    request = RequestFactory().get("/spaces/")
    request.COOKIES[COOKIE_NAME] = "1"
    through_middleware(request)
    assert router.db_for_read(Space) == "replica"


class Connection:
    """A stand-in for a database connection that answers or refuses."""

    def __init__(self, answers):
        self.answers, self.attempts = answers, 0

    def close_if_health_check_failed(self):
        pass

    def ensure_connection(self):
        self.attempts += 1
        if not self.answers:
            raise OperationalError("connection refused")


@pytest.fixture
def replica(monkeypatch):
    """A configured replica; its connection is the stand-in the test sets."""
    now = [1000.0]
    monkeypatch.setattr(replication.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(replication, "_away_until", {})

    class Connections(dict):
        settings = {"default": {}, "replica": {}}

    def use(connection):
        monkeypatch.setattr(replication, "connections", Connections(replica=connection))
        return connection

    use.clock = now
    return use


def test_reads_fall_back_to_the_primary_while_the_replica_is_away(replica):
    down = replica(Connection(answers=False))
    assert router.db_for_read(Space) == "default"
    assert router.db_for_read(Space) == "default"
    assert down.attempts == 1, "the replica is left alone for a moment after failing"

    up = replica(Connection(answers=True))
    replica.clock[0] += replication.REPLICA_RETRY_SECONDS + 0.1
    assert router.db_for_read(Space) == "replica"
    assert up.attempts == 1


def test_no_replica_configured_needs_no_check():
    assert replica_answers("no-such-alias") is True


@pytest.mark.django_db
def test_status_without_a_replica():
    status = replication_status()
    assert status["primary"]["answers"] is True
    assert status["replica"] == {"configured": False}


@pytest.mark.django_db
def test_status_reads_the_lag_of_a_postgresql_replica():
    # The test database stands in as its own "replica": not in recovery, so no lag to read.
    status = replication_status(primary="default", replica="default")
    assert status["replica"]["configured"] is True
    assert status["replica"]["answers"] is True
    if status["primary"]["vendor"] == "postgresql":
        assert status["replica"]["in_recovery"] is False
        assert status["replica"]["lag_bytes"] is None


def test_health_detail_is_for_staff(client, db):
    assert client.get("/healthz/detail").status_code == 302  # to the admin's login


def test_health_detail_for_staff(admin_client):
    response = admin_client.get("/healthz/detail")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json()["primary"]["answers"] is True
    assert response.json()["replica"] == {"configured": False}
