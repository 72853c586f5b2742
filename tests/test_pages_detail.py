"""Home, detail and list pages show every fact with its source; unknown slugs give our 404 page."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from makerspaces.models import Designation, Operator, PersonRole, Region, Source, Statistic
from tests.html import links_in, says, structure_problems


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def second_source(make_source):
    return make_source(
        slug="second-article",
        title="Second article",
        publisher="Another Daily",
        published_on=datetime.date(2017, 1, 1),
        published_precision="year",
        published_basis="inferred",
        published_reason="Test: the text implies the year",
    )


def test_home_page(client, sample, make_space, make_statistic, regions):
    make_space(regions["shenzhen"], slug="city-level", name_en="City Level")
    make_space(regions["beijing"], slug="capital", name_en="Capital")
    make_statistic(region=regions["china"], value=5000, slug="china-figure")
    home = client.get(reverse("makerspaces:home"))
    assert home.status_code == 200
    content = home.content.decode()
    assert f'action="{reverse("makerspaces:space-list")}"' in content and 'name="q"' in content
    assert '<label for="home-q">' in content
    # Shenzhen counts its district's space (X-Space in Nanshan) and its own.
    cities = {link["href"]: link["count"] for link in links_in(home, "city-grid")}
    assert cities == {
        reverse("makerspaces:space-list", query={"city": "shenzhen"}): 2,
        reverse("makerspaces:space-list", query={"city": "beijing"}): 1,
    }
    assert says(content, "2 spaces") and says(content, "1 space")
    assert "5,000" in content and "/sources/test-article/" in content
    assert "Test article" in content


def test_sources_counted_with_their_spaces_and_figures(
    client, regions, source, make_source, make_space, make_statistic
):
    for i in range(2):
        make_space(regions["nanshan"], slug=f"cited-{i}").sources.add(source)
    for i in range(3):
        make_statistic(region=regions["shenzhen"], value=i + 1)
    uncited = make_source(slug="uncited", title="Uncited article")
    by_slug = {row.slug: row for row in Source.objects.all()}
    assert (by_slug[source.slug].space_count, by_slug[source.slug].statistic_count) == (2, 3)
    assert (by_slug[uncited.slug].space_count, by_slug[uncited.slug].statistic_count) == (0, 0)
    assert says(client.get(reverse("makerspaces:home")).content.decode(), "2 spaces, 3 figures")


def test_space_page_shows_everything_known(client, sample, source, second_source, make_statistic, make_space):
    space = sample["space"]
    space.aliases = "XS\nReturnee Centre"
    space.address = "Venture Park"
    space.opened_on, space.opened_precision = datetime.date(2017, 9, 20), "month"
    space.floor_area_m2 = 1234
    space.audience = "Returning students"
    space.region_basis = "inferred"
    space.region_reason = "Test: the park lies in the district"
    space.save()
    make_statistic(space=space, value=30, qualifier="over", unit="count", source=second_source, is_plan=True)
    neighbour = make_space(sample["nanshan"], slug="neighbour", name_en="Neighbour Space")
    content = page(client, space.get_absolute_url())

    for text in ["X-Space", "X空间", "XS", "Returnee Centre", "Maker space", "Unknown", "Venture Park", "1,234 m²"]:
        assert text in content, text
    assert "September 2017" in content and "20 September 2017" not in content  # month precision
    assert "Returning students" in content and "Mentoring" in content
    # Region trail, with Nanshan's inferred place in Shenzhen marked.
    for slug in ["china", "guangdong", "shenzhen", "nanshan"]:
        assert f"/regions/{slug}/" in content
    assert "inferred" in content
    assert "Foresea Cube" in content and "Joint operator" in content
    assert "Zhu Lingling" not in content  # the sample's person works for the operator, not the space
    assert "Test" in content and "Municipal" in content.title()
    # Every statistic with its value, date and source; plans marked.
    for statistic in space.statistics.all():
        assert statistic.value_display in content
        assert statistic.as_of_display in content
        assert statistic.source.get_absolute_url() in content
    assert "over 30" in content and "plan or target" in content
    assert "date implied" in content  # the second source's date is inferred
    assert neighbour.get_absolute_url() in content


def test_space_page_lists_sources_of_its_facts_once(client, sample, source, second_source, make_statistic):
    space = sample["space"]
    make_statistic(space=space, source=second_source)
    response = client.get(space.get_absolute_url())
    # Oldest article first; each once although it supports several facts.
    assert [s.slug for s in response.context["cited_sources"]] == ["second-article", "test-article"]


def test_space_page_people_and_related_by_operator(client, sample, make_space, make_role, make_person_role):
    space = sample["space"]
    other = make_space(sample["beijing"], slug="other", name_en="Other Space")
    make_role(other, sample["operator"])
    make_person_role(space, title="Head of programmes")
    response = client.get(space.get_absolute_url())
    assert list(response.context["sharing_operator"]) == [other]
    assert "Head of programmes" in response.content.decode()


def test_region_pages(client, sample, make_space, make_statistic, second_source):
    nanshan, shenzhen = sample["nanshan"], sample["shenzhen"]
    futian = Region.objects.create(slug="futian", name_en="Futian District", kind="district", parent=shenzhen)
    make_space(futian, slug="futian-space", name_en="Futian Space")
    make_statistic(region=nanshan, value=50, as_of=datetime.date(2017, 7, 1), source=second_source)
    make_statistic(region=futian, value=20)

    response = client.get(reverse("makerspaces:region-list"))
    assert response.status_code == 200
    shown = {link["href"]: link["text"] for link in links_in(response, "region-tree")}
    assert shown[shenzhen.get_absolute_url()] == "Shenzhen"
    # Shenzhen counts X-Space in Nanshan and the Futian space; Nanshan only its own.
    assert shown[shenzhen.get_directory_url()] == "2 spaces"
    assert shown[nanshan.get_directory_url()] == "1 space"

    content = page(client, shenzhen.get_absolute_url())
    assert "/regions/china/" in content and "/regions/guangdong/" in content  # breadcrumbs
    assert "/regions/futian/" in content and "/regions/nanshan/" in content  # children
    assert reverse("makerspaces:space-list", query={"city": "shenzhen"}) in content
    assert "X-Space" in content and "Futian Space" in content
    assert content.count("<svg") == 1  # two districts compared on one metric
    assert "<title" in content and "Nanshan District" in content

    content = page(client, nanshan.get_absolute_url())
    assert reverse("makerspaces:space-list", query={"district": "nanshan"}) in content
    assert content.count("<svg") == 1  # one metric at two dates
    for statistic in Statistic.objects.filter(region=nanshan):
        assert statistic.value_display in content and statistic.source.get_absolute_url() in content

    content = page(client, futian.get_absolute_url())
    assert "<svg" not in content  # a single figure needs no chart


def test_operator_pages(client, sample, make_operator):
    operator = sample["operator"]
    venture = make_operator(slug="venture", name_en="The Venture", kind="joint_venture")
    venture.members.add(operator)
    content = page(client, reverse("makerspaces:operator-list"))
    assert "Foresea Cube" in content and "Joint venture" in content
    assert reverse("makerspaces:space-list", query={"operator": "foresea-cube"}) in content

    content = page(client, operator.get_absolute_url())
    assert "X-Space" in content and "Joint operator" in content
    assert "/operators/venture/" in content  # member of a joint venture
    assert "Zhu Lingling" in content and "CEO" in content
    statistic = operator.statistics.get()
    assert statistic.value_display in content and statistic.source.get_absolute_url() in content

    content = page(client, venture.get_absolute_url())
    assert "Joint venture of" in content and "/operators/foresea-cube/" in content


def test_source_pages_show_everything_taken_from_the_article(client, sample, source):
    source.author, source.editor, source.url = "A. Writer", "An Editor", "https://news.example.org/article"
    source.save()
    sample["nanshan"].sources.add(source)
    sample["operator"].sources.add(source)
    content = page(client, reverse("makerspaces:source-list"))
    assert "Test article" in content and "Test News" in content

    content = page(client, source.get_absolute_url())
    for text in ["A. Writer", "An Editor", "https://news.example.org/article", "26 September 2017", "Test News"]:
        assert text in content
    assert "X-Space" in content and "Foresea Cube" in content and "Nanshan District" in content
    assert "Zhu Lingling" in content and "CEO" in content
    assert Designation.objects.get().title in content
    assert PersonRole.objects.get().title in content
    for statistic in Statistic.objects.filter(source=source):
        assert statistic.value_display in content


def test_implied_source_date_is_marked(client, second_source):
    content = page(client, second_source.get_absolute_url())
    assert "2017" in content and "implied" in content


@pytest.mark.parametrize(
    "url",
    ["/spaces/nowhere/", "/regions/nowhere/", "/operators/nobody/", "/sources/nothing/", "/no-such-page/"],
)
def test_unknown_pages_use_our_404(client, sample, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "Page not found" in response.content.decode()


def test_500_page_needs_no_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_every_page_is_well_formed_with_title_description_landmarks_and_labels(client, sample, make_statistic):
    make_statistic(region=sample["nanshan"], value=12, slug="second-date", as_of=datetime.date(2018, 1, 1))
    operator = Operator.objects.get()
    for url in [
        reverse("makerspaces:home"),
        reverse("makerspaces:space-list"),
        reverse("makerspaces:space-list", query={"city": "shenzhen", "kind": "maker_space", "q": "x"}),
        reverse("makerspaces:space-list", query={"city": "atlantis"}),
        sample["space"].get_absolute_url(),
        sample["nanshan"].get_absolute_url(),
        reverse("makerspaces:region-list"),
        sample["shenzhen"].get_absolute_url(),
        reverse("makerspaces:operator-list"),
        operator.get_absolute_url(),
        reverse("makerspaces:source-list"),
        "/sources/test-article/",
        reverse("makerspaces:statistic-list", query={"metric": "maker-spaces"}),
        reverse("makerspaces:statistic-list", query={"metric": "nope"}),
        "/no-such-page/",
    ]:
        response = client.get(url)
        assert response.status_code in (200, 400, 404)
        content = response.content.decode()
        assert structure_problems(content) == [], url
        assert "<title>" in content and '<meta name="description" content="' in content, url
        assert 'content=""' not in content, url
        for landmark in ['<header class="site-header">', '<main id="main"', "<footer", '<nav aria-label="Main">']:
            assert landmark in content, (url, landmark)
        assert content.count("<h1") == 1, url


def test_an_operator_of_many_spaces_lists_the_first_and_links_to_all(
    client, regions, make_space, make_operator, make_role
):
    from makerspaces.views import OPERATOR_ROLES_LIMIT

    operator = make_operator(name_en="Big Operator")
    for n in range(OPERATOR_ROLES_LIMIT + 1):
        make_role(make_space(regions["nanshan"], name_en=f"Space {n:03d}", slug=f"many-{n:03d}"), operator)
    response = client.get(operator.get_absolute_url())
    content = response.content.decode()
    assert len(response.context["operator"].listed_space_roles) == OPERATOR_ROLES_LIMIT
    assert "Space 000" in content and f"Space {OPERATOR_ROLES_LIMIT:03d}" not in content
    assert f"All {OPERATOR_ROLES_LIMIT + 1} spaces in the directory" in content
