"""Security headers on every page, a policy the pages can live with, production settings that pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.security import client_ip_address
from tests.admin_post import DIRECTORY_MODELS
from tests.public_routes import PUBLIC_ROUTES, inline_code

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-test-key-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "makerspaces.example.org",
}


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
def test_public_page_sends_security_headers(client, sample, route):
    response = client.get(route.example_url())
    assert response.status_code == 200
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
def test_public_page_has_no_inline_code(client, sample, route):
    """The policy forbids inline script and style, so a page that had any would be broken in browsers."""
    response = client.get(route.example_url())
    assert inline_code(response.content.decode()) == []


def test_error_pages_carry_the_policy_too(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert inline_code(response.content.decode()) == []


def admin_pages():
    """Changelist, add and change pages of every directory model, plus the index and login."""
    pages = []
    for model in DIRECTORY_MODELS:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append((model, f"{info}_changelist"))
        pages.append((model, f"{info}_add"))
        pages.append((model, f"{info}_change"))
    return pages


@pytest.mark.parametrize(("model", "view"), admin_pages(), ids=lambda v: getattr(v, "__name__", v))
def test_admin_page_runs_under_the_policy(admin_client, sample, model, view):
    """Prepopulated slugs, autocomplete and inlines load from script files, which 'self' allows."""
    if view.endswith("_change"):
        obj = model.objects.first()
        if obj is None:
            pytest.skip(f"the sample has no {model._meta.verbose_name}")
        url = reverse(view, args=[obj.pk])
    else:
        url = reverse(view)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert inline_code(response.content.decode()) == []
    scripts = response.content.decode().count("<script")
    if view.endswith(("_add", "_change")):
        assert scripts > 0, "the admin form's behaviour comes from script files"


def test_admin_login_page_runs_under_the_policy(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_notices_a_missing_https_redirect():
    """Turning the redirect off (for a proxy that redirects itself) is visible in the deploy check."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV, DJANGO_SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


PRINT_SECURITY = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps({name: getattr(settings, name, None) for name in ["
    "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'TRUSTED_PROXY_COUNT', "
    "'AXES_FAILURE_LIMIT']} | {'storage': settings.STORAGES['staticfiles']['BACKEND'], "
    "'cooloff': settings.AXES_COOLOFF_TIME.total_seconds()}))"
)


def security_settings(**env):
    import json

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="core.settings")
    result = subprocess.run([sys.executable, "-c", PRINT_SECURITY], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_are_strict_by_default():
    values = security_settings(**PRODUCTION_ENV)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["cooloff"] == 15 * 60


def test_development_settings_need_no_https_and_no_collectstatic():
    values = security_settings()
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_behind_a_proxy_settings():
    values = security_settings(
        **PRODUCTION_ENV,
        DJANGO_BEHIND_PROXY="1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOGIN_FAILURE_LIMIT="3",
        DJANGO_LOGIN_COOLOFF_MINUTES="1",
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["cooloff"] == 60


def test_https_redirect_when_switched_on(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("makerspaces:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get(reverse("makerspaces:home"), secure=True).status_code == 200


def test_proxy_header_counts_as_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("makerspaces:home"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert client.get(reverse("makerspaces:home"), HTTP_X_FORWARDED_PROTO="http").status_code == 301


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: a client-written header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the spoofed left entry is ignored
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: fall back to the connection
    ],
)
def test_client_address_seen_through_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<script src="/static/a.js"></script><link rel="stylesheet" href="/static/b.css">', []),
        ('<script type="application/json" id="data">{"a": 1}</script>', []),
        ("<script>alert(1)</script>", ["<script> without src"]),
        ("<style>p {}</style>", ["<style> element"]),
        ('<p style="color: red">', ["style attribute on <p>"]),
        ('<button onclick="go()">', ["onclick handler on <button>"]),
        ('<a href="javascript:go()">', ["javascript: link"]),
    ],
)
def test_inline_code_finder(html, found):
    assert inline_code(html) == found


def test_plan_bars_are_hatched_without_inline_style():
    """Chart bars for plans point at their hatch pattern with an SVG attribute the policy allows."""
    from django.template.loader import render_to_string

    bar = {"is_plan": True, "label": "Plan", "value_text": "100", "y": 0, "length": 10, "label_y": 0}
    chart = {"chart_id": "c1", "title": "T", "description": "D", "has_plans": True, "bars": [bar]}
    chart |= {"width": 100, "height": 20, "bar_height": 10}
    html = render_to_string("includes/bar_chart.html", {"chart": chart})
    assert 'fill="url(#c1-plan)"' in html
    assert '<pattern id="c1-plan"' in html
    assert inline_code(html) == []
