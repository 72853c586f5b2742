"""Admin login throttling: an address that keeps failing is paused, and the pause ends."""

import datetime

from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from tests.conftest import EDITOR_PASSWORD as PASSWORD

ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.23"


def log_in(client, password, address=ATTACKER):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail_until_locked(client, limit):
    for attempt in range(1, limit):
        response = log_in(client, f"wrong-{attempt}")
        assert response.status_code == 200, f"attempt {attempt} of {limit} is answered with the form"
        assert b"Please enter the correct username and password" in response.content
    return log_in(client, f"wrong-{limit}")


def test_lockout_after_configured_failures(client, editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5, "the default from core/settings.py (DJANGO_LOGIN_FAILURE_LIMIT)"

    response = fail_until_locked(client, limit)
    assert response.status_code == 429
    assert "axes_lockout.html" in [t.name for t in response.templates]
    assert b"Too many login attempts" in response.content

    # Locked out means even the right password is refused, without checking it.
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(client, editor, settings):
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    response = log_in(client, PASSWORD, address=NEIGHBOUR)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_configured_limit_is_used(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert log_in(client, "wrong").status_code == 200
    assert log_in(client, "wrong again").status_code == 429


def age_recorded_failures(by):
    """Pretend the failures happened earlier, as if the clock had moved on."""
    attempts = AccessAttempt.objects.filter(ip_address=ATTACKER)
    assert attempts.count() == 1
    attempts.update(attempt_time=attempts.get().attempt_time - by)


def test_still_locked_just_before_cool_off_ends(client, editor, settings):
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15), "the default (DJANGO_LOGIN_COOLOFF_MINUTES)"
    age_recorded_failures(settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
    assert log_in(client, PASSWORD).status_code == 429


def test_lockout_lifts_after_cool_off(client, editor, settings):
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    age_recorded_failures(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_axes_reset_lifts_the_lockout(client, editor, settings):
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    call_command("axes_reset")
    assert log_in(client, PASSWORD).status_code == 302


def test_force_login_is_not_throttled(client, editor, settings):
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    client.force_login(editor)
    assert client.get(reverse("admin:index"), REMOTE_ADDR=ATTACKER).status_code == 200


def test_client_login_with_a_request(client, editor):
    assert client.login(request=HttpRequest(), username="editor", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_login_without_a_request_is_not_throttled(client, editor, settings):
    """client.login and authenticate() without a request (tests, commands) have no address to count."""
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    assert authenticate(username="editor", password=PASSWORD) == editor
    assert authenticate(username="editor", password="wrong") is None
    assert client.login(username="editor", password=PASSWORD)
    assert AccessAttempt.objects.get(ip_address=ATTACKER).failures_since_start == settings.AXES_FAILURE_LIMIT


def test_authenticate_with_a_request_is_throttled(client, editor, settings):
    assert fail_until_locked(client, settings.AXES_FAILURE_LIMIT).status_code == 429
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = ATTACKER
    assert authenticate(request, username="editor", password=PASSWORD) is None
