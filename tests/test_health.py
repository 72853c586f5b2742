"""/healthz tells a load balancer whether this server can reach its database."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper


def test_healthy(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # one SELECT 1, nothing else
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_database_down_answers_503(client, db):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("server closed the connection")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_database_unreachable_answers_503(client, db):
    with mock.patch("core.middleware.connection.cursor", side_effect=OperationalError("could not connect")):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize("host", ["10.0.0.5", "10.0.0.5:8000", "internal-balancer.local"])
def test_probe_by_any_host_name(client, db, settings, host):
    """Balancers probe each server by its private address, which is not in ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = ["makerspaces.example.org"]
    assert client.get("/healthz", HTTP_HOST=host).status_code == 200
    assert client.get("/", HTTP_HOST=host).status_code == 400


def test_probe_over_plain_http(client, db, settings):
    """The balancer speaks plain HTTP to the servers behind it; the probe must not be redirected."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
