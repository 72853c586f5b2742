"""Our own error pages: 404 in the site's frame, 500 without context or database, 400 when NUL reaches the database."""

import pytest
from django.db import DataError, connection
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.public_routes import PUBLIC_ROUTES, inline_code

SLUG_ROUTES = [route for route in PUBLIC_ROUTES if route.converters]


def test_404_uses_our_template(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert b"Page not found" in response.content
    assert b'class="site-header"' in response.content  # extends base.html


@pytest.mark.parametrize("route", SLUG_ROUTES, ids=str)
def test_unknown_slug_is_404(client, db, route):
    response = client.get(route.reverse(**dict.fromkeys(route.converters, "no-such-thing")))
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_500_needs_no_context_and_no_database():
    """Without the db fixture any query would raise, so rendering here proves the page needs none."""
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert inline_code(response.content.decode()) == [], "the Content-Security-Policy would block it"


def test_unhandled_error_shows_our_500(client, db, monkeypatch):
    from makerspaces import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.parametrize(
    "query",
    [{"q": "\x00"}, {"page": "1\x00"}, {"\x00": "1"}, {"a": "b", "q": "x\x00y"}],
    ids=["q=%00", "page=1%00", "%00=1", "a=b&q=x%00y"],
)
@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
def test_nul_byte_in_query_string_is_no_server_error(client, sample, route, query):
    """A page that validates the parameter refuses it (400); one that ignores it answers as usual."""
    response = client.get(route.example_url(), query)
    assert response.status_code < 500


def test_nul_byte_in_path_is_no_server_error(client, db):
    assert client.get("/spaces/x%00y/").status_code in (400, 404)


def test_nul_byte_in_admin_search(admin_client, sample):
    """The admin's changelist search validates its box; the autocomplete behind the search-as-you-type
    boxes passes the term straight to a query, which PostgreSQL refuses: a 400, not a 500."""
    client = admin_client
    assert client.get(reverse("admin:makerspaces_space_changelist"), {"q": "\x00"}).status_code == 200
    autocomplete = {"app_label": "makerspaces", "model_name": "space", "field_name": "region"}
    assert client.get(reverse("admin:autocomplete"), {**autocomplete, "term": "shen"}).status_code == 200
    response = client.get(reverse("admin:autocomplete"), {**autocomplete, "term": "a\x00b"})
    assert response.status_code == (400 if connection.vendor == "postgresql" else 200)


@pytest.mark.parametrize("failure", [ValueError("A string literal cannot contain NUL (0x00) characters."), DataError])
def test_database_refusing_nul_is_a_bad_request(client, db, monkeypatch, failure):
    from makerspaces import views

    def refuse(*args, **kwargs):
        raise failure

    monkeypatch.setattr(views.HomeView, "get", refuse)
    client.raise_request_exception = False
    response = client.get(reverse("makerspaces:home"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert b"Bad request" in response.content
    # The same failure without a NUL in the URL is a real server error, not hidden as a 400.
    assert client.get(reverse("makerspaces:home"), {"q": "ab"}).status_code == 500
