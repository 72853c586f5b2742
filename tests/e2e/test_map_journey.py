"""A visitor clicks a province on the home page's map, then a city's dot on the province's map, and
lands on that city's directory; the map stays readable on a phone."""

import pytest

from makerspaces.models import Region, Space

from .helpers import count_of, expect, path, query

pytestmark = pytest.mark.e2e


def test_a_province_then_a_city_dot_lead_to_the_citys_directory(page):
    page.goto("/")
    home_map = page.get_by_test_id("china-map")
    expect(home_map).to_be_visible()
    home_map.get_by_role("link", name="Guangdong: 1 space").click()
    page.wait_for_url("**/regions/guangdong/")

    # The province's map: its cities' areas link to their pages, each city with spaces has a dot.
    region_map = page.get_by_test_id("region-map")
    expect(region_map).to_be_visible()
    region_map.locator("a.map-dot-link", has_text="Shenzhen: 1 space").click()
    page.wait_for_url("**/spaces/?city=shenzhen")
    assert path(page) == "/spaces/" and query(page) == {"city": ["shenzhen"]}
    expected = Space.objects.in_region(Region.objects.get(slug="shenzhen")).count()
    expect(page.locator("#results-title")).to_have_text(count_of(expected))


def test_the_home_map_fits_a_phone_and_its_text_opens(phone_page):
    page = phone_page
    page.goto("/")
    box = page.get_by_test_id("china-map").bounding_box()
    assert box["width"] <= 375 and box["height"] > 200
    page.locator("#china-map-title ~ details summary").first.click()
    expect(page.locator(".map-table").first).to_be_visible()
