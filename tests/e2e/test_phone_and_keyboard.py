"""The site at phone width (375 px) and with the keyboard alone."""

import re

import pytest
from django.urls import reverse

from makerspaces.models import Operator, Region, Space

from .helpers import expect, facet, has_horizontal_scroll, names, query, result_names

pytestmark = pytest.mark.e2e

PHONE_PAGES = [
    "/",
    "/spaces/",
    reverse("makerspaces:space-list", query={"city": "shanghai", "kind": "co_working"}),
    "/spaces/x-space/",
    "/spaces/maker2/",
    "/regions/",
    "/regions/jingan/",
    "/operators/maker2/",
    reverse("makerspaces:statistic-list", query={"metric": "municipal-maker-spaces"}),
    "/sources/jingan-international-makers-2017/",
]

# The elements sticking out past the right edge of the window, to say what scrolls.
OVERFLOWING = """() => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))"""


def test_no_page_scrolls_sideways_at_phone_width(phone_page):
    for url in PHONE_PAGES:
        phone_page.goto(url)
        # A mobile browser zooms out to fit content that is too wide, widening innerWidth: pin it too.
        widths = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] == 375, (url, widths, phone_page.evaluate(OVERFLOWING))


def test_filters_work_at_phone_width(phone_page):
    page = phone_page
    page.goto("/spaces/")
    # One column: the facets come first and fit the screen.
    status = facet(page, "Status")
    expect(status).to_be_visible()
    assert status.bounding_box()["width"] <= 375
    open_option = status.locator("a", has_text="Open")
    expect(open_option).to_be_hidden()
    status.locator("summary").first.click()
    expect(open_option).to_be_visible()
    open_option.click()
    page.wait_for_url(re.compile(r"status=open"))
    assert query(page) == {"status": ["open"]}
    open_spaces = names(Space.objects.filter(status="open").sorted_by("name"))
    assert result_names(page) == open_spaces

    # The search form keeps the chosen facet.
    page.get_by_label("Search names, aliases, descriptions and operators").fill("Shanghai")
    button = page.get_by_role("button", name="Show spaces")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    button.click()
    page.wait_for_url(re.compile(r"q=Shanghai"))
    # A search sorts by best match (the form sends its default sort empty).
    assert query(page) == {"status": ["open"], "q": ["Shanghai"]}
    assert result_names(page) == names(Space.objects.filter(status="open").search("Shanghai").ranked_by("Shanghai"))
    assert not has_horizontal_scroll(page)


def tab_to(page, locator, limit=80):
    """Press Tab until ``locator`` has the focus; fails if it never gets it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_filter_form_with_the_keyboard_alone(page):
    shanghai = Region.objects.get(slug="shanghai")
    page.goto(reverse("makerspaces:space-list", query={"city": "shanghai"}))

    # The first Tab stop is the skip link, shown when focused.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    # Tab to the search field (its focus ring shows), type, Enter: the city filter is kept.
    search = page.locator("#id_q")
    tab_to(page, search)
    assert search.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    page.keyboard.type("WeWork")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=WeWork"))
    assert query(page) == {"city": ["shanghai"], "q": ["WeWork"]}
    assert result_names(page) == names(Space.objects.in_region(shanghai).search("WeWork").ranked_by("WeWork"))

    # The form's fields come in reading order; Space on the button submits.
    page.goto(reverse("makerspaces:space-list", query={"city": "shanghai"}))
    tab_to(page, search)
    page.keyboard.press("Tab")
    expect(page.locator("#id_opened_min")).to_be_focused()
    page.keyboard.type("2016")
    page.keyboard.press("Tab")
    expect(page.locator("#id_opened_max")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#id_sort")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_sort")).to_have_value("opened")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show spaces")).to_be_focused()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"opened_min=2016"))
    assert query(page) == {"city": ["shanghai"], "opened_min": ["2016"], "sort": ["opened"]}
    expected = Space.objects.in_region(shanghai).opened_from(2016).sorted_by("opened")
    assert result_names(page) == names(expected)

    # A folded facet opens with Enter, and its options are links reached with Tab.
    summary = facet(page, "Operator").locator("summary").first
    tab_to(page, summary)
    page.keyboard.press("Enter")
    first_option = facet(page, "Operator").locator("li a").first
    expect(first_option).to_be_visible()
    page.keyboard.press("Tab")
    expect(first_option).to_be_focused()
    operator_name = first_option.locator(".option-label").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"operator="))
    operator = Operator.objects.get(name_en=operator_name)
    assert query(page) == {
        "city": ["shanghai"],
        "opened_min": ["2016"],
        "sort": ["opened"],
        "operator": [operator.slug],
    }
    assert result_names(page) == names(expected.run_by(operator))
