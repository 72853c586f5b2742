"""A visitor narrows the directory step by step, pages through it and opens a space."""

import re

import pytest

from makerspaces.models import Operator, Region, Space, SpaceKind
from makerspaces.writes import bulk_writes

from .helpers import count_of, expect, facet, names, query, result_names

pytestmark = pytest.mark.e2e

PAGE_SIZE = 25


@pytest.fixture
def extra_coworking_spaces(site_data):
    """30 generated co-working spaces in Shanghai, so that Shanghai's co-working spaces fill two pages."""
    jingan = Region.objects.get(slug="jingan")
    # bulk_create sends no signals: bulk_writes recounts and invalidates at the end, as for any bulk load.
    with bulk_writes(bypassing_signals=True):
        Space.objects.bulk_create(
            Space(
                slug=f"generated-coworking-{n:02d}",
                name_en=f"Generated Co-working {n:02d}",
                kind=SpaceKind.CO_WORKING,
                region=jingan,
                synthetic=True,
            )
            for n in range(1, 31)
        )


def expected_names(**filters):
    """What the directory should list: the same filters applied through the ORM, in the directory's order."""
    spaces = Space.objects.sorted_by("name")
    if "city" in filters:
        spaces = spaces.in_region(Region.objects.get(slug=filters["city"]))
    if "operator" in filters:
        spaces = spaces.run_by(Operator.objects.get(slug=filters["operator"]))
    if "kind" in filters:
        spaces = spaces.filter(kind=filters["kind"])
    return names(spaces)


def test_choose_city_narrow_remove_page_and_open_a_space(page, extra_coworking_spaces):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("China's maker spaces")

    # Cities are listed with their number of spaces, districts included.
    shanghai = expected_names(city="shanghai")
    city_link = page.locator(".city-grid a", has_text="Shanghai")
    expect(city_link.locator(".count")).to_have_text(f"{len(shanghai)} spaces")
    city_link.click()
    page.wait_for_url(re.compile(r"/spaces/\?"))
    assert query(page) == {"city": ["shanghai"]}
    expect(page.locator("#results-title")).to_contain_text(count_of(len(shanghai)))
    expect(page.locator("#results-title")).to_contain_text("page 1 of 2")
    assert result_names(page) == shanghai[:PAGE_SIZE]
    expect(page.locator(".active-filters")).to_contain_text("City: Shanghai")

    # Narrow by kind: the Kind facet is open and counts the co-working spaces.
    coworking = expected_names(city="shanghai", kind="co_working")
    kind_option = facet(page, "Kind").locator("a", has_text="Co-working space")
    expect(kind_option.locator(".count")).to_contain_text(count_of(len(coworking)))
    kind_option.click()
    page.wait_for_url(re.compile(r"kind=co_working"))
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"]}
    expect(page.locator("#results-title")).to_contain_text(count_of(len(coworking)))
    assert result_names(page) == coworking[:PAGE_SIZE]

    # Narrow by operator: the Operator facet is folded until opened.
    run_by_wework = expected_names(city="shanghai", kind="co_working", operator="wework")
    operators = facet(page, "Operator")
    wework_option = operators.locator("a", has_text="WeWork")
    expect(wework_option).to_be_hidden()
    operators.locator("summary").first.click()
    expect(wework_option).to_be_visible()
    expect(wework_option.locator(".count")).to_contain_text(count_of(len(run_by_wework)))
    wework_option.click()
    page.wait_for_url(re.compile(r"operator=wework"))
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"], "operator": ["wework"]}
    assert result_names(page) == run_by_wework == ["WeWork Weihai Road", "WeWork Yanping Road"]
    expect(page.locator("#results-title")).to_have_text("2 spaces")
    expect(page.locator(".pagination")).to_have_count(0)
    # The chosen option is marked and links to its removal.
    expect(facet(page, "Operator").locator("li.selected a")).to_have_attribute("aria-current", "true")

    # Remove the operator filter from the list of filters in use: the other two stay.
    page.locator(".active-filters a", has_text="Operator: WeWork").click()
    page.wait_for_url(lambda url: "operator=" not in url)
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"]}
    assert result_names(page) == coworking[:PAGE_SIZE]
    expect(page.locator(".active-filters")).not_to_contain_text("Operator")

    # Page through the results: the filters are kept, the numbering goes on.
    assert len(coworking) > PAGE_SIZE
    page.locator(".pagination").first.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"], "page": ["2"]}
    expect(page.locator("#results-title")).to_contain_text("page 2 of 2")
    assert result_names(page) == coworking[PAGE_SIZE:]
    expect(page.locator(".results-list")).to_have_attribute("start", str(PAGE_SIZE + 1))
    expect(page.locator(".pagination").first.get_by_role("link", name="Next page")).to_have_count(0)
    expect(page).to_have_title(re.compile(r"\(page 2\)"))

    page.locator(".pagination").first.get_by_role("link", name="Page 1").click()
    page.wait_for_url(re.compile(r"page=1"))
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"], "page": ["1"]}
    assert result_names(page) == coworking[:PAGE_SIZE]

    # A filter change drops the page number.
    page.get_by_role("link", name="Page 2").first.click()
    page.wait_for_url(re.compile(r"page=2"))
    page.locator(".sort-links a", has_text="Newest first").click()
    page.wait_for_url(re.compile(r"sort="))
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"], "sort": ["-opened"]}
    page.go_back()
    page.wait_for_url(re.compile(r"page=2"))

    # Open a space from the second page.
    page.locator(".results-list").get_by_role("link", name="WeWork Weihai Road").click()
    page.wait_for_url("**/spaces/wework-weihai-road/")
    assert query(page) == {}
    # The English name first, then the Chinese one.
    expect(page.get_by_role("heading", level=1)).to_have_text("WeWork Weihai Road WeWork威海路")
    expect(page.locator(".breadcrumbs")).to_contain_text("Shanghai")
    expect(page.locator(".breadcrumbs")).to_contain_text("Jing'an District")
    operators_table = page.locator("section[aria-labelledby=operators-title] tbody")
    expect(operators_table.locator("tr")).to_have_count(1)
    expect(operators_table.locator("tr", has_text="WeWork")).to_contain_text("Operator")
    # The district's commission "helped" WeWork: the article gives it no role in the store.
    expect(operators_table).not_to_contain_text("Science and Technology Commission of Jing'an District")
