"""The directory of spaces: filters, facet counts, sorting, pages and bad input."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from makerspaces.models import Region, Service
from tests.html import facet_links, links_in

DIRECTORY = reverse("makerspaces:space-list")


def listed(response):
    """Slugs of the spaces on the page, in order."""
    assert response.status_code == 200, response.content.decode()[:2000]
    return [space.slug for space in response.context["page_obj"].object_list]


@pytest.fixture
def spread(regions, source, make_space, make_operator, make_service, make_designation, make_role):
    """Spaces spread over regions, kinds, operators, services, designations and years."""
    futian = Region.objects.create(
        slug="futian", name_en="Futian District", kind="district", parent=regions["shenzhen"]
    )
    foresea = make_operator(slug="foresea-cube", name_en="Foresea Cube", name_zh="前海魔方")
    wework = make_operator(slug="wework", name_en="WeWork")
    mentoring = make_service(slug="mentoring", name="Mentoring")
    training = make_service(slug="training", name="Training")
    spaces = {
        "x-space": make_space(
            regions["nanshan"],
            slug="x-space",
            name_en="X-Space",
            name_zh="X空间",
            aliases="XSPACE\nShenzhen Returnee Centre",
            kind="maker_space",
            status="open",
            opened_on=datetime.date(2017, 9, 20),
            opened_precision="day",
        ),
        "futian-hub": make_space(
            futian,
            slug="futian-hub",
            name_en="Futian Hub",
            kind="incubator",
            status="planned",
            description="Incubator for hardware start-ups",
        ),
        "city-lab": make_space(
            regions["shenzhen"],
            slug="city-lab",
            name_en="City Lab",
            kind="maker_space",
            status="open",
            opened_on=datetime.date(2015, 1, 1),
            opened_precision="year",
        ),
        "capital-space": make_space(
            regions["beijing"],
            slug="capital-space",
            name_en="Capital Space",
            name_zh="首都空间",
            kind="co_working",
            status="closed",
            opened_on=datetime.date(2012, 5, 1),
            opened_precision="month",
        ),
    }
    make_role(spaces["x-space"], foresea, role="co_operator")
    make_role(spaces["x-space"], wework, role="partner")
    make_role(spaces["capital-space"], wework)
    spaces["x-space"].services.add(mentoring, training)
    spaces["futian-hub"].services.add(mentoring)
    make_designation(spaces["x-space"], level="municipal")
    make_designation(spaces["x-space"], level="municipal", title="Second municipal award")
    make_designation(spaces["capital-space"], level="national")
    return {"futian": futian, "foresea": foresea, "wework": wework, **regions, **spaces}


# Each filter narrows correctly ------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"city": "shenzhen"}, ["city-lab", "futian-hub", "x-space"]),
        ({"city": "beijing"}, ["capital-space"]),
        ({"province": "guangdong"}, ["city-lab", "futian-hub", "x-space"]),
        ({"district": "nanshan"}, ["x-space"]),
        ({"district": "futian"}, ["futian-hub"]),
        ({"operator": "wework"}, ["capital-space", "x-space"]),
        ({"operator": "foresea-cube"}, ["x-space"]),
        ({"kind": "maker_space"}, ["city-lab", "x-space"]),
        ({"status": "closed"}, ["capital-space"]),
        ({"designation": "municipal"}, ["x-space"]),
        ({"designation": "national"}, ["capital-space"]),
        ({"service": "mentoring"}, ["futian-hub", "x-space"]),
        ({"service": "training"}, ["x-space"]),
        ({"opened_min": "2015"}, ["city-lab", "x-space"]),
        ({"opened_max": "2015"}, ["capital-space", "city-lab"]),
        ({"opened_min": "2013", "opened_max": "2016"}, ["city-lab"]),
        ({"city": "shenzhen", "kind": "maker_space", "service": "mentoring"}, ["x-space"]),
        ({}, ["capital-space", "city-lab", "futian-hub", "x-space"]),
    ],
    ids=lambda value: str(value),
)
def test_each_filter_narrows(client, spread, query, expected):
    assert listed(client.get(DIRECTORY, query)) == expected


def test_city_includes_its_districts_but_not_lookalike_slugs(client, spread, make_space):
    lookalike = Region.objects.create(
        slug="shenzhen-east", name_en="Shenzhen East", kind="city", parent=spread["guangdong"]
    )
    make_space(lookalike, slug="east-space", name_en="East Space")
    assert "east-space" not in listed(client.get(DIRECTORY, {"city": "shenzhen"}))
    assert listed(client.get(DIRECTORY, {"city": "shenzhen-east"})) == ["east-space"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X空间", ["x-space"]),  # Chinese name
        ("首都", ["capital-space"]),  # part of a Chinese name
        ("returnee centre", ["x-space"]),  # an alias, any case, words in any order
        ("XSPACE", ["x-space"]),  # another alias
        ("foresea", ["x-space"]),  # an operator's English name
        ("前海魔方", ["x-space"]),  # an operator's Chinese name
        ("wework", ["capital-space", "x-space"]),  # operator of two spaces: each listed once
        ("hardware", ["futian-hub"]),  # the description
        ("hub hardware", ["futian-hub"]),  # every word must match somewhere
        ("hub beijing", []),
        ("nothing-like-this", []),
    ],
)
def test_search(client, spread, text, expected):
    assert listed(client.get(DIRECTORY, {"q": text})) == expected


def test_no_match_says_so(client, spread):
    response = client.get(DIRECTORY, {"q": "nothing-like-this"})
    assert "No space matches all these filters" in response.content.decode()


def test_space_with_two_matching_designations_is_listed_once(client, spread):
    assert listed(client.get(DIRECTORY, {"designation": "municipal"})).count("x-space") == 1


# Sorting ---------------------------------------------------------------------------


def test_sorts(client, spread):
    by_name = ["capital-space", "city-lab", "futian-hub", "x-space"]
    assert listed(client.get(DIRECTORY)) == by_name
    assert listed(client.get(DIRECTORY, {"sort": "name"})) == by_name
    # Undated spaces come last in both date orders.
    assert listed(client.get(DIRECTORY, {"sort": "opened"})) == ["capital-space", "city-lab", "x-space", "futian-hub"]
    assert listed(client.get(DIRECTORY, {"sort": "-opened"})) == ["x-space", "city-lab", "capital-space", "futian-hub"]


def test_same_names_keep_a_stable_order_across_pages(client, regions, make_space):
    for _ in range(30):
        make_space(regions["nanshan"], name_en="Same name")
    first = listed(client.get(DIRECTORY))
    second = listed(client.get(DIRECTORY, {"page": 2}))
    assert len(first) == 25 and len(second) == 5
    assert not set(first) & set(second)


def test_sort_links_keep_filters_and_drop_the_page(client, regions, make_space):
    for i in range(30):
        make_space(regions["nanshan"], name_en=f"Space {i:02d}")
    response = client.get(DIRECTORY, {"city": "shenzhen", "page": 2})
    sort_links = links_in(response, "sort-links")
    assert {link["text"] for link in sort_links} == {"Opening date", "Newest first"}
    for link in sort_links:
        query = parse_qs(urlsplit(link["href"]).query)
        assert query["city"] == ["shenzhen"]
        assert "page" not in query


# Facet counts --------------------------------------------------------------------------


def test_every_facet_count_equals_the_results_of_its_link(client, spread):
    """Follow each option link of each facet, with and without other filters in force."""
    for start in ({}, {"city": "shenzhen"}, {"kind": "maker_space", "service": "mentoring"}, {"q": "space"}):
        response = client.get(DIRECTORY, start)
        links = [link for link in facet_links(response) if not link["current"]]
        assert links, f"no facet options for {start}"
        for link in links:
            assert link["count"] > 0, "options that give nothing are not offered"
            cache.clear()  # the link's page counted afresh, not served as rendered for an earlier start
            followed = client.get(link["href"])
            assert followed.status_code == 200
            assert followed.context["paginator"].count == link["count"], (start, link)


def test_facet_counts_show_other_filters_kept(client, spread):
    links = {link["text"]: link["count"] for link in facet_links(client.get(DIRECTORY, {"kind": "maker_space"}))}
    # City counts include districts: X-Space (Nanshan) and City Lab (Shenzhen itself).
    assert links["Shenzhen"] == 2
    assert links["Guangdong"] == 2
    assert links["Nanshan District"] == 1
    assert "Beijing" not in links  # no maker space there: the option is not offered
    # The kind facet ignores the kind filter itself, so other kinds stay reachable.
    assert links["Co-working space"] == 1
    assert links["Incubator"] == 1


def test_selected_option_is_marked_and_removable(client, spread):
    response = client.get(DIRECTORY, {"city": "shenzhen", "kind": "incubator"})
    selected = [link for link in facet_links(response) if link["current"]]
    assert {link["text"].replace("Remove filter: ", "") for link in selected} == {"Shenzhen", "Incubator"}
    for link in selected:
        query = parse_qs(urlsplit(link["href"]).query)
        assert len(query) == 1, "removing one filter keeps the other"


def test_facets_use_one_query_at_most_each(client, spread, django_assert_max_num_queries):
    # The data version, the page, operators of its spaces; with no filter each facet reads the counts
    # kept beside the data: the first regions of each region facet (3), spaces by kind and status
    # (two facets and the count), designation, service, operator; the map's regions.
    with django_assert_max_num_queries(11):
        client.get(DIRECTORY)


# Active filters ----------------------------------------------------------------------------


def test_active_filters_are_listed_and_each_removes_only_itself(client, spread):
    response = client.get(DIRECTORY, {"city": "shenzhen", "q": "space", "opened_min": "2014"})
    links = links_in(response, "active-filters")
    by_text = {link["text"].split(" ×")[0].replace(" (remove this filter)", ""): link["href"] for link in links}
    assert set(by_text) == {"City: Shenzhen", "Search: space", "Opened in or after: 2014", "Clear all"}
    remaining = parse_qs(urlsplit(by_text["City: Shenzhen"]).query)
    assert remaining == {"q": ["space"], "opened_min": ["2014"]}
    assert listed(client.get(by_text["City: Shenzhen"])) == ["x-space"]
    assert by_text["Clear all"] == DIRECTORY


def test_search_form_keeps_facet_filters(client, spread):
    content = client.get(DIRECTORY, {"city": "shenzhen", "kind": "incubator"}).content.decode()
    assert '<input type="hidden" name="city" value="shenzhen">' in content
    assert '<input type="hidden" name="kind" value="incubator">' in content


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def many(regions, make_space):
    for i in range(30):
        make_space(regions["nanshan"], name_en=f"Shenzhen space {i:02d}")
    for i in range(5):
        make_space(regions["beijing"], name_en=f"Beijing space {i:02d}")


def test_pagination_keeps_filters(client, many):
    response = client.get(DIRECTORY, {"city": "shenzhen", "sort": "name"})
    assert len(listed(response)) == 25
    next_link = next(link for link in links_in(response, "pagination") if link["text"].startswith("Next"))
    query = parse_qs(urlsplit(next_link["href"]).query)
    assert query == {"city": ["shenzhen"], "sort": ["name"], "page": ["2"]}
    second = client.get(next_link["href"])
    assert len(listed(second)) == 5
    assert all(space.region.slug == "nanshan" for space in second.context["page_obj"].object_list)


def test_facet_links_drop_the_page(client, many):
    response = client.get(DIRECTORY, {"page": 2})
    for link in facet_links(response):
        assert "page" not in parse_qs(urlsplit(link["href"]).query)


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("2", 2, ""),
        ("99", 2, "There is no page 99"),
        ("abc", 1, "is not a page number"),
        ("0", 1, "Pages start at 1"),
        ("-3", 1, "Pages start at 1"),
        ("1.5", 1, "is not a page number"),
        ("9" * 5000, 1, "is not a page number"),
        ("", 1, ""),
    ],
)
def test_any_page_number_shows_a_page(client, many, page, shown, notice):
    response = client.get(DIRECTORY, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    if notice:
        assert notice in response.content.decode()


def test_empty_directory_is_a_page_not_an_error(client, db):
    response = client.get(DIRECTORY, {"page": 5})
    assert response.status_code == 200
    assert "No space matches" in response.content.decode()


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"city": "atlantis"}, "There is no such city"),
        ({"city": "guangdong"}, "There is no such city"),  # a province is not a city
        ({"district": "shenzhen"}, "There is no such district"),
        ({"province": "nowhere"}, "There is no such province"),
        ({"operator": "nobody"}, "There is no such operator"),
        ({"service": "teleportation"}, "There is no such service"),
        ({"kind": "castle"}, "Select a valid choice"),
        ({"status": "asleep"}, "Select a valid choice"),
        ({"designation": "galactic"}, "Select a valid choice"),
        ({"sort": "price"}, "Select a valid choice"),
        ({"opened_min": "last year"}, "Enter a year such as 2016"),
        ({"opened_max": "2016.5"}, "Enter a year such as 2016"),
        ({"opened_min": "99999"}, "less than or equal to 2200"),
        ({"opened_min": "2018", "opened_max": "2012"}, "must not be before the first"),
        ({"q": "x" * 201}, "at most 200 characters"),
        ({"q": "nul\x00byte"}, "Null characters are not allowed"),
        ({"city": "atlantis", "kind": "castle", "page": "abc"}, "There is no such city"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_invalid_filters_explain_themselves(client, spread, query, message):
    response = client.get(DIRECTORY, query)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Some filters could not be used" in content
    assert message in content
    assert "No spaces are listed until these are fixed" in content


def test_invalid_filter_offers_its_removal(client, spread):
    response = client.get(DIRECTORY, {"city": "atlantis", "kind": "maker_space"})
    removal = [link["href"] for link in links_in(response, "error-summary") if link["text"] == "Remove this filter"]
    assert removal == [reverse("makerspaces:space-list", query={"kind": "maker_space"})]
    assert listed(client.get(removal[0])) == ["city-lab", "x-space"]


def test_repeated_and_unknown_parameters_are_harmless(client, spread):
    repeated = reverse("makerspaces:space-list", query={"city": ["beijing", "shenzhen"], "colour": "blue"})
    assert listed(client.get(repeated)) == [
        "city-lab",
        "futian-hub",
        "x-space",
    ]


def test_service_deleted_between_pages_gives_a_message_not_an_error(client, spread):
    Service.objects.filter(slug="training").delete()
    response = client.get(DIRECTORY, {"service": "training"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Some filters could not be used" in content
    assert "There is no such service in the directory." in content
    assert "No spaces are listed until these are fixed" in content
    removal = [link["href"] for link in links_in(response, "error-summary") if link["text"] == "Remove this filter"]
    assert removal == [DIRECTORY]


def test_long_facets_offer_the_biggest_options_and_say_how_many_are_left_out(
    client, regions, make_space, make_operator, make_role
):
    from makerspaces.directory.facets import FACET_LIMIT

    busy = make_operator(slug="busy", name_en="Busy Operator")
    for i in range(FACET_LIMIT + 5):
        space = make_space(regions["nanshan"])
        make_role(space, make_operator(slug=f"small-{i:02d}", name_en=f"Small {i:02d}"))
        make_role(space, busy, role="sponsor")
    response = client.get(DIRECTORY, {"operator": "small-44"})
    (operator_facet,) = [facet for facet in response.context["directory"].facets if facet.name == "operator"]
    assert len(operator_facet.options) == FACET_LIMIT
    assert operator_facet.options[0].value == "small-44" and operator_facet.options[0].selected
    assert operator_facet.options[1].label == "Busy Operator"  # most spaces first
    assert operator_facet.left_out == 6
    assert "6 more with fewer spaces" in response.content.decode()
