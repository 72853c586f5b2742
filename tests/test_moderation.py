"""The editors' queue: a reader's suggestion accepted (applied through the admin's form, in the history, undoable)
or declined with a reason the reader sees; and the list of spaces that most need checking."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from makerspaces import cache
from makerspaces.models import KindStatusCount, Region, Source, Space
from suggestions.models import Suggestion
from tests.admin_post import admin_url, form_errors, page_form_data
from tests.suggestion_posts import correction, suggest_url


def suggestion_url(suggestion, view="change"):
    return reverse(f"admin:suggestions_suggestion_{view}", args=[suggestion.pk])


def test_the_whole_journey_suggestion_accept_history_revert(client, editor_client, sample):
    space = sample["space"]
    url = admin_url(Space, "change", space.pk)
    data = page_form_data(editor_client.get(url))
    data.update(status="open")
    assert editor_client.post(url, data).status_code == 302  # the version before, in the history
    reader = Client()
    # A reader, without an account, says the space closed, with a source.
    response = reader.post(
        suggest_url(space=space.slug),
        correction(kind="closed", correct_value="March 2019", source_url="https://example.org/closed"),
    )
    status_url = response["Location"]
    assert "Received" in reader.get(status_url).content.decode()
    suggestion = Suggestion.objects.get()

    # The editor sees it in the queue, current value beside the suggested one.
    queue = editor_client.get(reverse("admin:suggestions_suggestion_changelist")).content.decode()
    assert suggestion.reference in queue and "open" in queue and "March 2019" in queue
    page = editor_client.get(suggestion_url(suggestion)).content.decode()
    assert "Accept" in page and "Decline" in page

    version = cache.data_version()
    response = editor_client.post(suggestion_url(suggestion, "accept"), {"reason": "Confirmed by the district."})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by.username) == ("accepted", "editor")

    space.refresh_from_db()
    assert (space.status, space.closed_on, space.closed_precision) == ("closed", datetime.date(2019, 3, 1), "month")
    assert space.confirmed_on == datetime.date.today()
    source = Source.objects.get(url="https://example.org/closed")
    assert space.sources.filter(pk=source.pk).exists()
    assert suggestion.cited_as == source
    # Counts and the data version follow.
    assert cache.data_version() != version
    kinds = KindStatusCount.objects.table()
    assert kinds.get((space.kind, "closed")) == 1 and not kinds.get((space.kind, "open"))

    # The public page and the status page show it.
    public = client.get(space.get_absolute_url()).content.decode()
    assert "This space closed in March 2019" in public
    status_page = client.get(status_url).content.decode()
    assert "Accepted" in status_page and "Confirmed by the district." in status_page

    # The history shows the change, who made it and why; reverting restores the space.
    history = editor_client.get(admin_url(Space, "history", space.pk)).content.decode()
    assert f"Accepted suggestion {suggestion.reference}" in history
    assert "<del>open</del> → <ins>closed</ins>" in history and "2019-03-01" in history
    before = Version.objects.get_for_object(space).order_by("pk").first()
    revert_url = reverse("admin:makerspaces_space_revision", args=[space.pk, before.pk])
    response = editor_client.post(revert_url, page_form_data(editor_client.get(revert_url)))
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert (space.status, space.closed_on) == ("open", None)
    kinds = KindStatusCount.objects.table()
    assert kinds.get((space.kind, "open")) == 1 and not kinds.get((space.kind, "closed"))
    assert "This space closed" not in reader.get(space.get_absolute_url()).content.decode()


def test_revert_after_an_accepted_suggestion_restores_the_space(client, editor_client, sample):
    space = sample["space"]
    url = admin_url(Space, "change", space.pk)
    data = page_form_data(editor_client.get(url))
    data.update(status="open")
    assert editor_client.post(url, data).status_code == 302  # the first version in the history
    client.post(suggest_url(space=space.slug), correction(kind="moved", correct_value="9 Harbour Road"))
    suggestion = Suggestion.objects.get()
    editor_client.post(suggestion_url(suggestion, "accept"), {"reason": ""})
    space.refresh_from_db()
    assert space.address == "9 Harbour Road"

    first = Version.objects.get_for_object(space).order_by("pk").first()
    revert_url = reverse("admin:makerspaces_space_revision", args=[space.pk, first.pk])
    response = editor_client.post(revert_url, page_form_data(editor_client.get(revert_url)))
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert space.address == ""
    assert "9 Harbour Road" not in client.get(space.get_absolute_url()).content.decode()
    assert Region.objects.get(pk=sample["nanshan"].pk).space_count == 1


def test_a_rename_keeps_the_old_name_as_an_alias(client, editor_client, sample):
    space = sample["space"]
    client.post(suggest_url(space=space.slug), correction(kind="renamed", correct_value="Y-Space"))
    editor_client.post(suggestion_url(Suggestion.objects.get(), "accept"), {"reason": ""})
    space.refresh_from_db()
    assert (space.name_en, space.alias_list) == ("Y-Space", ["X-Space"])


def test_a_wrong_figure_is_corrected_and_cites_the_new_source(client, editor_client, sample):
    statistic = sample["space"].statistics.get()
    client.post(
        suggest_url(statistic=statistic.slug),
        correction(kind="wrong_figure", correct_value="1,500", source_url="https://example.org/area"),
    )
    editor_client.post(suggestion_url(Suggestion.objects.get(), "accept"), {"reason": ""})
    statistic.refresh_from_db()
    assert (statistic.value, statistic.source.url) == (1500, "https://example.org/area")


def test_a_suggestion_the_form_refuses_changes_nothing(client, editor_client, sample):
    statistic = sample["space"].statistics.get()
    client.post(suggest_url(statistic=statistic.slug), correction(kind="wrong_figure", correct_value="about half"))
    suggestion = Suggestion.objects.get()
    response = editor_client.post(suggestion_url(suggestion, "accept"), {"reason": ""}, follow=True)
    assert "is not a number" in response.content.decode()
    suggestion.refresh_from_db()
    statistic.refresh_from_db()
    assert (suggestion.status, statistic.value) == ("received", 1200)
    assert not Source.objects.filter(url="https://example.org/news/moved").exists()


def test_the_declined_path_shows_the_reason_to_the_reader(client, editor_client, sample):
    response = client.post(suggest_url(space=sample["space"].slug), correction(correct_value="Nowhere"))
    status_url = response["Location"]
    suggestion = Suggestion.objects.get()
    version = cache.data_version()

    # A refusal needs a reason.
    editor_client.post(suggestion_url(suggestion, "decline"), {"reason": "  "})
    suggestion.refresh_from_db()
    assert suggestion.status == "received"

    editor_client.post(suggestion_url(suggestion, "decline"), {"reason": "The <b>article</b> says otherwise."})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by.username) == ("declined", "editor")
    assert suggestion.decided_at is not None
    assert cache.data_version() == version
    page = client.get(status_url).content.decode()
    assert "Declined" in page and "The &lt;b&gt;article&lt;/b&gt; says otherwise." in page
    history = editor_client.get(suggestion_url(suggestion, "history")).content.decode()
    assert "Declined" in history and "editor" in history
    # Decided once: a second decision is refused.
    editor_client.post(suggestion_url(suggestion, "accept"), {"reason": ""})
    suggestion.refresh_from_db()
    assert suggestion.status == "declined"


def test_decisions_are_posted_by_editors_only(editor_client, sample):
    reader = Client()
    reader.post(suggest_url(space=sample["space"].slug), correction())
    suggestion = Suggestion.objects.get()
    assert editor_client.get(suggestion_url(suggestion, "accept")).status_code == 405
    assert reader.post(suggestion_url(suggestion, "accept")).status_code == 302  # to the login page
    assert reader.post(suggestion_url(suggestion, "decline"), {"reason": "no"}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "received"


@pytest.mark.parametrize("order", ["last_reported_at", "reports"])
def test_the_queue_sorts_newest_or_most_reported_first_and_filters(client, editor_client, sample, order):
    for value in ("A Road", "B Road"):
        client.post(suggest_url(space=sample["space"].slug), correction(correct_value=value))
    client.post(suggest_url(space=sample["space"].slug), correction(correct_value="A Road"))
    column = ["reference", "status", "kind", "record", "current", "suggested", "reports", "last_reported_at"].index(
        order
    )
    url = reverse("admin:suggestions_suggestion_changelist", query={"o": f"-{column + 1}"})
    page = editor_client.get(url).content.decode()
    assert page.index("A Road") < page.index("B Road") or order == "last_reported_at"
    filtered = editor_client.get(reverse("admin:suggestions_suggestion_changelist", query={"about": "operator"}))
    assert "A Road" not in filtered.content.decode()


def test_spaces_needing_checking_open_suggestions_first(client, editor_client, regions, make_space, settings):
    settings.NEEDS_CHECKING_YEARS = 2
    quiet = make_space(regions["nanshan"], name_en="Quiet Space")
    reported = make_space(regions["nanshan"], name_en="Reported Space")
    make_space(regions["nanshan"], name_en="Fresh Space", confirmed_on=datetime.date.today())
    client.post(suggest_url(space=reported.slug), correction())
    page = editor_client.get(reverse("admin:suggestions_spacetocheck_changelist")).content.decode()
    assert "Fresh Space" not in page
    assert page.index("Reported Space") < page.index("Quiet Space")
    assert quiet.name_en in page


def test_hostile_decisions_get_4xx_and_change_nothing(editor, sample):
    Client().post(suggest_url(space=sample["space"].slug), correction())
    suggestion = Suggestion.objects.get()
    editor_client = Client()
    editor_client.force_login(editor)
    for reason in ("bad\x00reason", "x" * 1001):
        assert editor_client.post(suggestion_url(suggestion, "decline"), {"reason": reason}).status_code == 400
        assert editor_client.post(suggestion_url(suggestion, "accept"), {"reason": reason}).status_code == 400
    huge = {"reason": "x" * (10 * 1024 * 1024)}
    assert editor_client.post(suggestion_url(suggestion, "decline"), huge).status_code == 400
    assert editor_client.put(suggestion_url(suggestion, "accept")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(suggestion_url(suggestion, "accept"), {"reason": ""}).status_code == 403
    assert editor_client.post(reverse("admin:suggestions_suggestion_decline", args=[999999]), {}).status_code == 404
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decision_reason) == ("received", "")
    assert not Source.objects.filter(slug__startswith="reader-").exists()


def test_stored_text_is_escaped_in_the_admin(editor_client, sample):
    Client().post(
        suggest_url(space=sample["space"].slug),
        correction(correct_value="<img src=x onerror=alert(1)>", note='"><script>alert(2)</script>', source_url=""),
    )
    suggestion = Suggestion.objects.get()
    for url in (reverse("admin:suggestions_suggestion_changelist"), suggestion_url(suggestion)):
        page = editor_client.get(url).content.decode()
        assert "<img src=x" not in page and "<script>alert(2)" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
