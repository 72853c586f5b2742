"""A reader of Chinese: the directory journey and the search journey in the Chinese interface."""

import re

import pytest
from django.utils import translation

from makerspaces.models import Region, Space

from .helpers import expect, query, result_names

pytestmark = pytest.mark.e2e


def shown_names(spaces):
    """The names the Chinese directory shows for these spaces, in its (pinyin) order."""
    with translation.override("zh-hans"):
        return [str(space.name) for space in spaces.sorted_by("name")]


def test_chinese_directory_journey(page):
    page.goto("/")
    # The switcher takes the reader to the same page in Chinese.
    page.locator(".language-switcher a[hreflang=zh-Hans]").click()
    page.wait_for_url("**/zh-hans/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    shanghai = Region.objects.get(slug="shanghai")
    in_shanghai = Space.objects.in_region(shanghai)
    page.locator(".city-grid a", has_text=shanghai.name_zh).click()
    page.wait_for_url(re.compile(r"/zh-hans/spaces/\?"))
    assert query(page) == {"city": ["shanghai"]}
    assert result_names(page) == shown_names(in_shanghai)[:25]

    # Narrow by kind through its facet, whose labels are Chinese.
    page.locator("details.facet a[href*='kind=co_working']").first.click()
    page.wait_for_url(re.compile(r"kind=co_working"))
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"]}
    assert result_names(page) == shown_names(in_shanghai.filter(kind="co_working"))

    # The switcher keeps the filters: back to English, same results in English order.
    page.locator(".language-switcher a[hreflang=en]").click()
    page.wait_for_url(re.compile(r"^[^?]*/spaces/\?"))
    assert "/zh-hans/" not in page.url
    assert query(page) == {"city": ["shanghai"], "kind": ["co_working"]}
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.go_back()

    # Open a space: its page is in Chinese, with the figures' dates in Chinese forms.
    first = page.locator(".results-list .space-summary h3 > a").first
    first.click()
    page.wait_for_url(re.compile(r"/zh-hans/spaces/[\w-]+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


@pytest.mark.parametrize("words", ["jingan", "shenzhen", "深圳"])
def test_chinese_search_journey_in_pinyin_and_characters(page, words):
    page.goto("/zh-hans/spaces/")
    with translation.override("zh-hans"):
        # In the directory's order for a search: best matches first, then by pinyin.
        expected = [str(space.name) for space in Space.objects.search(words).ranked_by(words)]
    assert expected, f"the article data has spaces found by {words}"
    search = page.locator("form input[name=q]").first
    search.fill(words)
    search.press("Enter")
    page.wait_for_url(re.compile(r"/zh-hans/spaces/\?.*q="))
    assert query(page)["q"] == [words]
    assert result_names(page) == expected[:25]
