"""Counts and lists the pages cache: reused while the data stands still, recomputed after any edit, and deep pages."""

import pytest
from django.urls import reverse

from makerspaces.views import ForgivingPaginationMixin
from tests.html import says

DIRECTORY = reverse("makerspaces:space-list")


def facet_count(response, facet_name, value):
    facet = next(facet for facet in response.context["directory"].facets if facet.name == facet_name)
    return next((option.count for option in facet.options if option.value == value), 0)


@pytest.fixture
def shenzhen_spaces(regions, make_space):
    return [make_space(regions["nanshan"], name_en=f"Shenzhen space {i:02d}", kind="maker_space") for i in range(3)]


def test_repeated_directory_request_recounts_nothing(client, shenzhen_spaces, django_assert_num_queries):
    query = {"city": "shenzhen", "kind": "maker_space"}
    client.get(DIRECTORY, query)
    # The page rendered for the same address is served as it was: only the data version is read.
    with django_assert_num_queries(1):
        response = client.get(DIRECTORY, query)
    assert says(response.content.decode(), "3 spaces")
    # Another address with the same filters renders again; only the data version and the lookup of
    # the city's slug run: count, facets and the page of spaces come from the cache.
    with django_assert_num_queries(2):
        response = client.get(DIRECTORY, {**query, "page": "1"})
    assert response.context["paginator"].count == 3
    assert facet_count(response, "city", "shenzhen") == 3


def test_repeated_statistics_request_looks_nothing_up(client, sample, metric, django_assert_num_queries):
    address = reverse("makerspaces:statistic-list", query={"metric": metric.slug})
    first = client.get(address)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the data version, not even the metric named in the address
        again = client.get(address)
    assert again.content == first.content


def test_equal_filters_written_differently_share_the_cached_counts(client, shenzhen_spaces, django_assert_num_queries):
    client.get(DIRECTORY, {"q": "Shenzhen  space", "city": "shenzhen"})
    with django_assert_num_queries(2):  # the data version and the city lookup
        response = client.get(DIRECTORY, {"city": "shenzhen", "q": " Shenzhen space ", "page": "1"})
    assert response.context["paginator"].count == 3


def test_an_edit_shows_at_once_in_counts_and_lists(client, regions, shenzhen_spaces, make_space):
    before = client.get(DIRECTORY, {"city": "shenzhen"})
    assert before.context["paginator"].count == 3
    home = client.get(reverse("makerspaces:home")).content.decode()
    region_page = client.get(regions["shenzhen"].get_absolute_url())
    assert region_page.context["region"].space_count == 3

    added = make_space(regions["nanshan"], name_en="Added space", kind="incubator")
    renamed = shenzhen_spaces[0]
    renamed.kind = "incubator"
    renamed.save()

    after = client.get(DIRECTORY, {"city": "shenzhen"})
    assert after.context["paginator"].count == 4
    assert facet_count(after, "kind", "incubator") == 2
    assert added.slug in [space.slug for space in after.context["page_obj"].object_list]
    assert client.get(regions["shenzhen"].get_absolute_url()).context["region"].space_count == 4
    assert client.get(reverse("makerspaces:home")).content.decode() != home


def test_a_deletion_shows_at_once(client, shenzhen_spaces):
    client.get(DIRECTORY)
    shenzhen_spaces[0].delete()
    response = client.get(DIRECTORY)
    assert response.context["paginator"].count == 2
    assert shenzhen_spaces[0].slug not in [space.slug for space in response.context["page_obj"].object_list]


def test_related_spaces_follow_an_edit(client, regions, shenzhen_spaces):
    page = shenzhen_spaces[0].get_absolute_url()
    assert len(client.get(page).context["neighbours"]) == 2
    shenzhen_spaces[1].region = regions["beijing"]
    shenzhen_spaces[1].save()
    assert [space.slug for space in client.get(page).context["neighbours"]] == [shenzhen_spaces[2].slug]


@pytest.fixture
def few_pages_allowed(monkeypatch):
    monkeypatch.setattr(ForgivingPaginationMixin, "max_pages", 3)


def test_pages_stop_at_the_limit_and_say_so(client, regions, make_space, few_pages_allowed):
    for i in range(30 * 4):
        make_space(regions["nanshan"], name_en=f"Space {i:03d}")
    response = client.get(DIRECTORY, {"page": "4"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert "Pages stop at 3" in response.content.decode()
    # The page offered are within the limit; the last allowed page still lists its spaces.
    assert all(number <= 3 for number in response.context["page_range"] if isinstance(number, int))
    assert len(response.context["page_obj"].object_list) == 25


def test_page_past_the_end_within_the_limit_shows_the_last(client, regions, make_space):
    for i in range(30):
        make_space(regions["nanshan"], name_en=f"Space {i:03d}")
    response = client.get(DIRECTORY, {"page": "150"})
    assert response.context["page_obj"].number == 2
    assert "There is no page 150" in response.content.decode()


def test_source_page_lists_the_first_rows_of_a_long_list(client, regions, source, make_space, monkeypatch):
    monkeypatch.setattr("makerspaces.views.SOURCE_LIST_LIMIT", 4)
    for i in range(6):
        make_space(regions["nanshan"], name_en=f"Cited space {i}").sources.add(source)
    response = client.get(reverse("makerspaces:source-detail", args=[source.slug]))
    assert [space.name_en for space in response.context["spaces"]] == [f"Cited space {i}" for i in range(4)]
    assert response.context["cut"]["spaces"]
    assert not response.context["cut"]["operators"]
    assert "Only the first 4 are listed here" in response.content.decode()
