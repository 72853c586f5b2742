"""Readers suggest corrections and new spaces without an account; spam and floods are kept out."""

import pytest
from django.test import Client
from django.urls import reverse

from makerspaces import cache
from suggestions.models import Suggestion
from tests.suggestion_posts import correction, stamp, suggest_url


@pytest.fixture
def space(regions, make_space):
    return make_space(regions["nanshan"], slug="x-space", name_en="X-Space", status="open")


def test_the_form_is_never_kept_by_a_shared_cache(client, space, django_assert_num_queries):
    with django_assert_num_queries(1):  # the space
        response = client.get(suggest_url(space="x-space"))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_every_page_links_to_the_form(client, sample):
    page = client.get(sample["space"].get_absolute_url()).content.decode()
    assert suggest_url(space="x-space").replace("&", "&amp;") in page
    assert suggest_url() in client.get("/spaces/").content.decode()
    assert (
        suggest_url(operator=sample["operator"].slug)
        in client.get(sample["operator"].get_absolute_url()).content.decode()
    )
    assert suggest_url(region="nanshan") in client.get(sample["nanshan"].get_absolute_url()).content.decode()


def test_a_correction_gets_a_reference_and_a_status_page(client, space):
    version = cache.data_version()
    response = client.post(suggest_url(space="x-space"), correction())
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert response["Location"] == suggestion.get_absolute_url()
    assert (suggestion.space, suggestion.kind, suggestion.status) == (space, "moved", "received")
    # A suggestion changes nothing published: the cached pages stay.
    assert cache.data_version() == version
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "no-store" in status["Cache-Control"]
    page = status.content.decode()
    assert suggestion.reference in page and "Received" in page and "No. 8 Keji Road" in page


def test_a_new_space_is_suggested_from_the_directory(client, db):
    response = client.post(suggest_url(), correction(kind="", correct_value="Nova Lab, 1 Long Road, Wuhan"))
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.subject) == ("new_space", None)


def test_repeats_of_a_pending_suggestion_are_folded_together(client, space):
    first = client.post(suggest_url(space="x-space"), correction())
    second = client.post(suggest_url(space="x-space"), correction(correct_value="  no. 8 KEJI road,   nanshan "))
    assert first["Location"] == second["Location"]
    assert Suggestion.objects.get().reports == 2
    client.post(suggest_url(space="x-space"), correction(correct_value="Somewhere else"))
    assert Suggestion.objects.count() == 2


def test_markup_is_stored_as_text_and_shown_escaped(client, space):
    response = client.post(suggest_url(space="x-space"), correction(correct_value="<script>alert(1)</script>"))
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"website": "http://spam.example"}, "must stay empty"),
        ({"shown_at": lambda: stamp(seconds_ago=0)}, "faster than anyone"),
        ({"shown_at": "forged:stamp"}, "expired"),
        ({"shown_at": stamp(seconds_ago=3 * 24 * 3600)}, "expired"),
        ({"correct_value": "x" * 1001}, "at most 1000"),
        ({"note": "x" * 2001}, "at most 2000"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"source_url": "https://example.org/" + "a" * 500}, "at most 500"),
        ({"note": "see http://a.example http://b.example www.c.example"}, "at most 2 links"),
        ({"source_url": "", "note": ""}, "a source or a note"),
        ({"kind": "new_space"}, "valid choice"),
        ({"correct_value": "bad\x00value"}, "Null characters"),
    ],
)
def test_spam_and_mistakes_are_refused_and_nothing_is_stored(client, space, fields, message):
    fields = {name: value() if callable(value) else value for name, value in fields.items()}
    response = client.post(suggest_url(space="x-space"), correction(**fields))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not Suggestion.objects.exists()


def test_an_address_sending_too_many_is_refused_with_429(client, space, settings):
    settings.SUGGESTIONS_PER_ADDRESS_PER_HOUR = 2
    for number in range(2):
        assert client.post(suggest_url(space="x-space"), correction(correct_value=f"Road {number}")).status_code == 302
    response = client.post(suggest_url(space="x-space"), correction(correct_value="Road 3"))
    assert response.status_code == 429
    assert "Too many suggestions" in response.content.decode()
    assert Suggestion.objects.count() == 2
    # Another address is still heard.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(suggest_url(space="x-space"), correction(correct_value="Road 4")).status_code == 302


def test_the_whole_site_has_a_limit_too(space, settings):
    settings.SUGGESTIONS_PER_HOUR = 3
    for number in range(3):
        sender = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        assert sender.post(suggest_url(space="x-space"), correction(correct_value=f"Road {number}")).status_code == 302
    late = Client(REMOTE_ADDR="198.51.100.99")
    assert late.post(suggest_url(space="x-space"), correction(correct_value="Road 9")).status_code == 429
    assert Suggestion.objects.count() == 3


def test_hostile_requests_get_4xx_and_store_nothing(space, db):
    client = Client()
    assert client.get(suggest_url(space="no-such-space")).status_code == 404
    assert client.get(suggest_url(space="x-space", region="nanshan")).status_code == 400
    assert client.get(suggest_url(space="x\x00space")).status_code in (400, 404)
    assert client.put(suggest_url(space="x-space"), correction()).status_code == 405
    assert client.delete(suggest_url(space="x-space")).status_code == 405
    huge = "x" * (10 * 1024 * 1024)
    assert client.post(suggest_url(space="x-space"), correction(note=huge)).status_code == 400
    assert client.post(
        suggest_url(space="x-space"), "x" * (10 * 1024 * 1024), content_type="application/octet-stream"
    ).status_code in (400, 413)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(suggest_url(space="x-space"), correction()).status_code == 403
    assert Client().get("/suggestions/NOPE-NOPE/").status_code == 404
    assert Client().get("/suggestions/AB%00CD/").status_code in (400, 404)
    assert Client().get("/suggestions/%3Cb%3E/").status_code == 404
    assert Client().post(Suggestion(reference="AAAA-BBBB").get_absolute_url(), {}).status_code == 405
    assert not Suggestion.objects.exists()


def test_the_status_page_reads_a_fixed_number_of_queries(client, space, django_assert_num_queries):
    location = client.post(suggest_url(space="x-space"), correction())["Location"]
    with django_assert_num_queries(1):  # the suggestion with its record, in one query
        assert client.get(location).status_code == 200


def test_the_new_pages_pass_the_strict_content_security_policy(client, sample, settings):
    from tests.public_routes import inline_code

    statistic = sample["space"].statistics.get()
    pages = [suggest_url(space=sample["space"].slug), suggest_url(statistic=statistic.slug), suggest_url()]
    pages.append(client.post(pages[0], correction())["Location"])
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert inline_code(response.content.decode()) == [], url
    settings.SUGGESTIONS_PER_ADDRESS_PER_HOUR = 0
    limited = client.post(pages[0], correction(correct_value="Another"))
    assert limited.status_code == 429 and inline_code(limited.content.decode()) == []


def test_each_figure_links_to_its_correction(client, sample):
    statistic = sample["space"].statistics.get()
    page = client.get(reverse("makerspaces:statistic-list", query={"metric": statistic.metric.slug})).content.decode()
    assert suggest_url(statistic=statistic.slug) in page


def test_the_system_checks_pass_with_the_new_admin_pages(db):
    from django.core.management import call_command

    call_command("check", fail_level="WARNING")
