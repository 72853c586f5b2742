"""Each page runs the same number of SQL queries with one space as with fifty.

The numbers are pinned: a change that adds a query per row (a missing
select_related or prefetch) or per page makes these tests fail. Each count
includes one read of the data version, which keys every cached value.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

# Page name -> (its URL from the directory data, pinned number of queries, text it must show, why that many).
PAGES = {
    "home": (
        lambda d: reverse("makerspaces:home"),
        5,
        "Shenzhen",
        "cities with their kept counts, headline statistics, sources with counts, the map's regions",
    ),
    "space-list": (
        lambda d: reverse("makerspaces:space-list"),
        11,
        "Shared Operator",
        "page, operators of the page's spaces, and the kept counts: the first regions of the city, district and "
        "province facets (one query each), spaces by kind and status (those facets and the count), designation, "
        "service, operator; the map's regions",
    ),
    "space-list-filtered": (
        lambda d: reverse(
            "makerspaces:space-list",
            query={
                "city": "shenzhen",
                "district": "nanshan",
                "province": "guangdong",
                "operator": "shared-operator",
                "service": "mentoring",
                "kind": "maker_space",
                "status": "unknown",
                "designation": "municipal",
                "opened_min": 2000,
                "opened_max": 2030,
                "q": "space",
                "sort": "-opened",
            },
        ),
        19,
        "Shared Operator",
        "page, operators of the page's spaces, one lookup per slug filter (5), spaces by region for each "
        "region facet (3, not 1) as each ignores its own filter, the names of those regions, kind and status, "
        "designation, service, operator, and whether the search's words are found anywhere; the map's regions "
        "and the result's spaces by region",
    ),
    "space-list-page-2": (
        lambda d: reverse("makerspaces:space-list", query={"page": 2}),
        11,
        "Shared Operator",
        "as the first page; past the end it shows the last page",
    ),
    "space-detail": (
        lambda d: d["spaces"][0].get_absolute_url(),
        12,
        "Shared Operator",
        "space with region, 4 prefetches, ancestors, cited sources, 2 lists of related spaces, the groups it is "
        "in, then its figures and those of its groups",
    ),
    "region-list": (
        lambda d: reverse("makerspaces:region-list"),
        2,
        "Nanshan District",
        "the regions with their kept counts",
    ),
    "region-detail": (
        lambda d: d["nanshan"].get_absolute_url(),
        8,
        "Space 000",
        "region, its children with their kept counts, its and its children's statistics, ancestors, spaces, sources",
    ),
    "region-detail-city": (
        lambda d: d["shenzhen"].get_absolute_url(),
        8,
        "Futian District",
        "as above: districts compared in a chart",
    ),
    "operator-list": (
        lambda d: reverse("makerspaces:operator-list"),
        3,
        "Member Company",
        "count and page with space counts",
    ),
    "operator-detail": (
        lambda d: d["operator"].get_absolute_url(),
        9,
        "Space 000",
        "operator with region, 6 prefetches, cited sources",
    ),
    "source-list": (
        lambda d: reverse("makerspaces:source-list"),
        2,
        "Test article",
        "sources with counts",
    ),
    "source-detail": (
        lambda d: reverse("makerspaces:source-detail", args=["test-article"]),
        19,
        "¶ 3",
        "source, one query per kind of record taken from it (8), and per kind of record citing a paragraph (9: "
        "the citations of spaces, operators, regions and people, region parents, roles, positions, designations, "
        "figures)",
    ),
    "data": (
        lambda d: reverse("makerspaces:data"),
        26,
        "Download the data package (zip)",
        "the data version, then the data package once per version: the 16 tables of the fixture files (three "
        "with a many-to-many prefetch), the 3 link tables and the list of sources; the sources the page lists",
    ),
    "statistic-list": (
        lambda d: reverse("makerspaces:statistic-list", query={"metric": "maker-spaces"}),
        6,
        "Futian District",
        "metric lookup, count, page, metric list, metric select",
    ),
}


# The same counts in Chinese: the language changes labels and names, never what is read.
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("spaces", [1, 50])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_data(
    client, build_directory, django_assert_num_queries, name, spaces, language
):
    directory = build_directory(spaces)
    url_for, expected, shows, _why = PAGES[name]
    with translation.override(language):
        url = url_for(directory)
        # What the page must show, in the page's language (names of the test data are the same in both).
        shows = gettext(shows)
    assert url.startswith("/zh-hans/") == (language == "zh-hans")
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    # The page really shows the data, so the pinned count covers its lists.
    assert shows in response.content.decode()


def test_every_public_url_name_is_measured():
    from makerspaces.urls import urlpatterns

    measured = {name.split("-filtered")[0].split("-page-2")[0].split("-city")[0] for name in PAGES}
    assert {pattern.name for pattern in urlpatterns} <= measured
