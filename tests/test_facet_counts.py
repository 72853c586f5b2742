"""The numbers beside the directory's facet options and the directory's total.

Each facet is counted from the table that holds its values (spaces, the services table, operator
roles, designations), with the other filters applied through the spaces; these tests pin the counts
where that could go wrong: a space counted twice through two rows about it, a filter left out or
applied to its own facet, a city without its districts.
"""

import pytest
from django.urls import reverse

from makerspaces.models import Region, Space

DIRECTORY = reverse("makerspaces:space-list")


def counts(response):
    """``{facet: {option value: count}}`` and the total, as the page shows them."""
    assert response.status_code == 200, response.content.decode()[:2000]
    shown = {
        facet.name: {option.value: option.count for option in facet.options}
        for facet in response.context["directory"].facets
    }
    return shown, response.context["paginator"].count


@pytest.fixture
def tricky(regions, make_space, make_operator, make_service, make_designation, make_role):
    """Five spaces where rows repeat: an operator in two roles of one space, two designations of one level."""
    futian = Region.objects.create(
        slug="futian", name_en="Futian District", kind="district", parent=regions["shenzhen"]
    )
    wework = make_operator(slug="wework", name_en="WeWork")
    foresea = make_operator(slug="foresea", name_en="Foresea Cube")
    mentoring = make_service(slug="mentoring", name="Mentoring")
    training = make_service(slug="training", name="Training")
    a = make_space(regions["nanshan"], slug="a", kind="maker_space", status="open")
    b = make_space(futian, slug="b", kind="incubator", status="planned")
    make_space(regions["shenzhen"], slug="c", kind="maker_space", status="closed")  # in the city itself
    d = make_space(regions["beijing"], slug="d", kind="co_working", status="open")
    e = make_space(regions["nanshan"], slug="e", kind="maker_space", status="planned")
    make_role(a, wework, role="operator")
    make_role(a, wework, role="partner")
    make_role(a, foresea, role="co_operator")
    make_role(b, wework)
    make_role(d, foresea)
    make_role(e, wework, role="sponsor")
    a.services.add(mentoring, training)
    b.services.add(mentoring)
    d.services.add(training)
    make_designation(a, level="municipal")
    make_designation(a, level="municipal", title="A second municipal award")
    make_designation(a, level="national")
    make_designation(b, level="municipal")


def test_counts_without_filters(client, tricky):
    facets, total = counts(client.get(DIRECTORY))
    assert total == 5
    # A city counts its districts' spaces and its own; a province its cities'.
    assert facets["city"] == {"shenzhen": 4, "beijing": 1}
    assert facets["district"] == {"nanshan": 2, "futian": 1}
    assert facets["province"] == {"guangdong": 4}
    assert facets["kind"] == {"maker_space": 3, "incubator": 1, "co_working": 1}
    assert facets["status"] == {"open": 2, "planned": 2, "closed": 1}
    # A space counts once however many rows tie it to an option.
    assert facets["operator"] == {"wework": 3, "foresea": 2}
    assert facets["designation"] == {"municipal": 2, "national": 1}
    assert facets["service"] == {"mentoring": 2, "training": 2}


def test_kind_and_status_each_ignore_only_their_own_filter(client, tricky):
    facets, total = counts(client.get(DIRECTORY, {"kind": "maker_space", "status": "planned"}))
    assert total == 1  # e
    assert facets["kind"] == {"maker_space": 1, "incubator": 1}  # planned spaces, by kind
    assert facets["status"] == {"planned": 1, "open": 1, "closed": 1}  # maker spaces, by status
    assert facets["operator"] == {"wework": 1}
    assert facets["city"] == {"shenzhen": 1}
    assert facets["designation"] == {}


def test_counts_with_a_filter_on_another_table(client, tricky):
    facets, total = counts(client.get(DIRECTORY, {"operator": "wework"}))
    assert total == 3  # a, b, e
    assert facets["operator"] == {"wework": 3, "foresea": 2}  # its own filter ignored
    assert facets["designation"] == {"municipal": 2, "national": 1}
    assert facets["service"] == {"mentoring": 2, "training": 1}
    assert facets["kind"] == {"maker_space": 2, "incubator": 1}
    assert facets["status"] == {"planned": 2, "open": 1}
    assert facets["city"] == {"shenzhen": 3}
    assert facets["district"] == {"nanshan": 2, "futian": 1}
    assert facets["province"] == {"guangdong": 3}


def test_region_facets_with_region_and_designation_filters(client, tricky):
    facets, total = counts(client.get(DIRECTORY, {"city": "shenzhen", "designation": "municipal"}))
    assert total == 2  # a, b
    assert facets["city"] == {"shenzhen": 2}  # Beijing's space holds no designation
    assert facets["district"] == {"nanshan": 1, "futian": 1}
    assert facets["operator"] == {"wework": 2, "foresea": 1}
    assert facets["designation"] == {"municipal": 2, "national": 1}
    facets, total = counts(client.get(DIRECTORY, {"district": "nanshan", "service": "training"}))
    assert total == 1  # a
    assert facets["district"] == {"nanshan": 1}
    assert facets["city"] == {"shenzhen": 1}  # Beijing's space offers training but lies in no Nanshan
    assert facets["province"] == {"guangdong": 1}
    assert facets["service"] == {"mentoring": 1, "training": 1}


def test_the_home_page_counts_cities_as_the_directory_does(client, tricky):
    # Both read the counts kept beside the data; a filtered directory counts its spaces itself.
    home = {city.slug: city.space_count for city in client.get(reverse("makerspaces:home")).context["cities"]}
    facets, _total = counts(client.get(DIRECTORY))
    assert home == facets["city"] == {"shenzhen": 4, "beijing": 1}
    filtered, _total = counts(client.get(DIRECTORY, {"kind": "maker_space"}))
    assert filtered["city"] == {
        city: Space.objects.filter(kind="maker_space").in_region(Region.objects.get(slug=city)).count()
        for city in filtered["city"]
    }
