"""What the browser tests read off a page: the query string and the directory's results."""

import re
from urllib.parse import parse_qs, urlsplit

try:
    from playwright.sync_api import expect
except ImportError:  # Without Playwright the browser tests are collected, then skipped (conftest.py).
    expect = None


def query(page):
    """The page URL's query parameters that have a value, e.g. {"city": ["shanghai"]}.

    A submitted form also sends its empty fields (``opened_min=``); they filter nothing and are left out.
    """
    return parse_qs(urlsplit(page.url).query)


def path(page):
    return urlsplit(page.url).path


def result_names(page):
    """The English names of the spaces listed in the directory's results, in order."""
    return page.locator(".results-list .space-summary h3 > a").all_inner_texts()


def facet(page, label):
    """A facet of the directory (a <details> group), by its label."""
    return page.locator(f"details.facet:has(> summary:text-is('{label}'))")


def count_of(number, noun="space"):
    """A pattern for "12 spaces" with the whole number: the count 2 is not found in "12 spaces"."""
    return re.compile(rf"\b{number} {noun}s?\b")


def names(spaces):
    return [space.name_en for space in spaces]


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
