"""Closing dates, "last confirmed", the stale-entry notice and editors who would overwrite each other."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from makerspaces.models import Space
from tests.admin_post import admin_url, form_errors, page_form_data


def test_a_closing_date_needs_a_closed_status_and_a_precision_in_the_database(regions, make_space):
    space = make_space(regions["nanshan"])
    for fields in (
        {"status": "open", "closed_on": datetime.date(2019, 1, 1), "closed_precision": "year"},
        {"status": "closed", "closed_on": datetime.date(2019, 1, 1), "closed_precision": ""},
        {"status": "closed", "closed_on": None, "closed_precision": "year"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Space.objects.filter(pk=space.pk).update(**fields)


def test_editors_type_a_closing_date_at_its_precision(editor_client, regions, make_space):
    space = make_space(regions["nanshan"], status="open")
    url = admin_url(Space, "change", space.pk)
    data = page_form_data(editor_client.get(url))
    data.update(status="closed", closed="March 2019")
    response = editor_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert (space.closed_on, space.closed_precision, space.closed_display) == (
        datetime.date(2019, 3, 1),
        "month",
        "March 2019",
    )
    page = editor_client.get(space.get_absolute_url()).content.decode()
    assert "This space closed in March 2019" in page


def test_a_closing_date_on_a_space_not_closed_is_refused(editor_client, regions, make_space):
    space = make_space(regions["nanshan"], status="open")
    url = admin_url(Space, "change", space.pk)
    data = page_form_data(editor_client.get(url))
    data.update(closed="2019")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert any("Only a closed space" in message for message in form_errors(response))
    space.refresh_from_db()
    assert space.closed_on is None


def test_a_closed_space_stays_listed_and_marked_closed(client, regions, make_space):
    make_space(regions["nanshan"], name_en="Gone Space", status="closed")
    page = client.get("/spaces/").content.decode()
    assert "Gone Space" in page
    assert "status-closed" in page


def test_the_public_page_says_when_nothing_confirmed_an_entry_for_a_year(client, regions, make_space, make_source):
    old = make_space(regions["nanshan"], status="open")
    old.sources.add(make_source(published_on=datetime.date(2017, 9, 26)))
    page = client.get(old.get_absolute_url()).content.decode()
    assert "Nothing has confirmed this entry since 26 September 2017" in page
    fresh = make_space(regions["nanshan"], status="open", confirmed_on=datetime.date.today())
    fresh.sources.add(make_source(published_on=datetime.date(2017, 9, 26)))
    page = client.get(fresh.get_absolute_url()).content.decode()
    assert "Nothing has confirmed" not in page
    assert "Last confirmed" in page


def test_spaces_not_confirmed_since_a_day(regions, make_space, make_source):
    unconfirmed = make_space(regions["nanshan"])
    by_article = make_space(regions["nanshan"])
    by_article.sources.add(make_source(published_on=datetime.date(2017, 1, 1)))
    by_editor = make_space(regions["nanshan"], confirmed_on=datetime.date(2025, 1, 1))
    by_editor.sources.add(make_source(published_on=datetime.date(2017, 1, 1)))
    stale = set(Space.objects.not_confirmed_since(datetime.date(2020, 1, 1)))
    assert stale == {unconfirmed, by_article}
    assert Space.objects.with_last_confirmed().get(pk=by_editor.pk).last_confirmed == datetime.date(2025, 1, 1)


def test_the_second_of_two_editors_saving_the_same_space_is_refused(client, editor, regions, make_space):
    space = make_space(regions["nanshan"], name_en="Shared Space", address="Old Road 1")
    url = admin_url(Space, "change", space.pk)
    client.force_login(editor)
    first = page_form_data(client.get(url))
    second = page_form_data(client.get(url))

    first.update(address="New Road 2")
    assert client.post(url, first).status_code == 302

    second.update(audience="Students")
    response = client.post(url, second)
    assert response.status_code == 200
    message = " ".join(form_errors(response))
    assert "changed after you opened it" in message
    assert "New Road 2" in message and "Old Road 1" in message
    space.refresh_from_db()
    assert (space.address, space.audience) == ("New Road 2", "")

    # Reloaded, the second editor's save goes through.
    again = page_form_data(client.get(url))
    again.update(audience="Students")
    assert client.post(url, again).status_code == 302
    space.refresh_from_db()
    assert (space.address, space.audience) == ("New Road 2", "Students")


def test_the_api_gives_a_closed_space_its_closing_date(client, regions, make_space):
    make_space(
        regions["nanshan"], slug="gone", status="closed", closed_on=datetime.date(2019, 3, 1), closed_precision="month"
    )
    space = client.get("/api/v1/spaces/gone").json()
    assert (space["status"], space["closed_on"], space["closed_precision"]) == ("closed", "2019-03-01", "month")
