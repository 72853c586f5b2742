"""Our own error pages: 404 in the site's frame, 500 without context or database, 400 for NUL bytes."""

import pytest
from django.test import RequestFactory
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


@pytest.mark.parametrize("query", ["q=%00", "page=1%00", "%00=1", "a=b&q=x%00y"])
@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
def test_nul_byte_in_query_string_is_400(client, sample, route, query):
    response = client.get(f"{route.example_url()}?{query}")
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_nul_byte_in_path_is_400(client, db):
    assert client.get("/spaces/x%00y/").status_code == 400


def test_nul_byte_in_admin_search_is_400(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.org", "x-long-password-1"))
    assert client.get("/admin/makerspaces/space/?q=%00").status_code == 400
