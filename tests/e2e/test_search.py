"""A visitor finds spaces by their Chinese name and by an English alias, from the home page and the directory."""

import re

import pytest

from makerspaces.models import Space

from .helpers import expect, query, result_names

pytestmark = pytest.mark.e2e


def test_search_by_chinese_name_and_by_alias(page):
    page.goto("/")
    page.get_by_label("Search the directory").fill("飞马旅")
    page.get_by_label("Search the directory").press("Enter")
    page.wait_for_url(re.compile(r"/spaces/\?q="))
    assert query(page) == {"q": ["飞马旅"]}
    assert result_names(page) == ["Feimalv"]
    expect(page.locator(".results-list .name-other")).to_have_text("飞马旅")
    expect(page.locator(".active-filters")).to_contain_text("Search: 飞马旅")

    # The directory's own search box shows the words searched for; a new search replaces them.
    search = page.get_by_label("Search names, aliases, descriptions and operators")
    expect(search).to_have_value("飞马旅")
    search.fill("方糖小镇")
    page.get_by_role("button", name="Show spaces").click()
    page.wait_for_url(re.compile(r"q=%E6%96%B9"))
    assert query(page) == {"q": ["方糖小镇"]}
    assert result_names(page) == ["Fountown"]

    # An English alias: People Squared is also known as P2.
    search.fill("P2")
    page.get_by_role("button", name="Show spaces").click()
    page.wait_for_url(re.compile(r"q=P2"))
    assert query(page) == {"q": ["P2"]}
    assert result_names(page) == ["People Squared"]
    page.locator(".results-list").get_by_role("link", name="People Squared").click()
    page.wait_for_url("**/spaces/people-squared/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People Squared")
    expect(page.locator(".aliases")).to_contain_text("P2")


def test_a_search_that_finds_nothing_says_so_and_offers_the_way_back(page):
    page.goto("/")
    page.get_by_label("Search the directory").fill("不存在的空间")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q="))
    expect(page.locator("#results-title")).to_have_text("0 spaces")
    expect(page.locator(".empty")).to_contain_text("No space matches")
    page.locator(".active-filters a", has_text="Search").click()
    page.wait_for_url(lambda url: "q=" not in url)
    expect(page.locator(".results-list > li")).to_have_count(Space.objects.count())
