"""Public pages carry validators from the data version and answer conditional requests with 304."""

import pytest
from django.urls import reverse
from django.utils.http import http_date

from makerspaces.cache import current_version

HOME = reverse("makerspaces:home")


@pytest.fixture
def space(regions, make_space):
    return make_space(regions["nanshan"], name_en="Harbour Lab")


def test_a_public_page_carries_validators_and_may_be_kept_briefly_by_shared_caches(client, space):
    response = client.get(space.get_absolute_url())
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and str(current_version().number) in response["ETag"]
    assert response["Last-Modified"]
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=2", "stale-while-revalidate=10"} <= directives


def test_a_page_the_client_has_is_answered_304_with_one_query(client, space, django_assert_num_queries):
    etag = client.get(HOME)["ETag"]
    with django_assert_num_queries(1):  # the data version
        response = client.get(HOME, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_if_modified_since_the_last_write_is_answered_304(client, space):
    last_modified = client.get(HOME)["Last-Modified"]
    assert client.get(HOME, headers={"If-Modified-Since": last_modified}).status_code == 304


def test_after_a_write_the_old_validators_get_the_new_page(client, space):
    first = client.get(space.get_absolute_url())
    space.name_en = "Harbour Works"
    space.save()
    again = client.get(space.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Harbour Works" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_every_public_page_kind_is_conditional(client, sample):
    for name in [
        "makerspaces:space-list",
        "makerspaces:region-list",
        "makerspaces:operator-list",
        "makerspaces:source-list",
        "makerspaces:statistic-list",
    ]:
        etag = client.get(reverse(name))["ETag"]
        assert client.get(reverse(name), headers={"If-None-Match": etag}).status_code == 304, name


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": "not an etag, \x7f"},
        {"If-None-Match": '"'},
        {"If-Modified-Since": "yesterday-ish"},
        {"If-Modified-Since": "Sun, 99 Foo 99999 99:99:99 GMT"},
        {"If-Modified-Since": http_date(0) + " extra"},
    ],
)
def test_malformed_validators_are_ignored_and_get_the_full_page(client, space, headers):
    response = client.get(HOME, headers=headers)
    assert response.status_code == 200
    assert "Shenzhen" in response.content.decode()  # the city of the one space, counted


def test_pages_seen_logged_in_are_never_shared(editor_client, space):
    response = editor_client.get(HOME)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "private" in directives and "public" not in directives
    assert not any(part.startswith("s-maxage") for part in directives)


def test_admin_pages_are_never_shared(editor_client, space):
    response = editor_client.get(reverse("admin:makerspaces_space_changelist"))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "private" in directives and "public" not in directives
