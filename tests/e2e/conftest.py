"""Browser tests: headless Chromium, driven by Playwright, against the live server with the article data loaded.

One browser per session; each test gets a fresh context (no cookies or storage shared between tests).
The live server needs transactional database access, so the database is flushed after every test and
each test loads the article data again (``site_data``).

Without Playwright or Chromium the browser tests are skipped with the reason; with ``E2E_REQUIRED`` set
(as CI does) they fail instead, so CI cannot pass without running them.
"""

import io
import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command

from .chromium import launch, why_no_browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# Every wait of a browser test gives up after this long (ms): a missing element fails fast.
TIMEOUT_MS = 10_000

EDITOR_USERNAME = "mei"
EDITOR_PASSWORD = "e2e-editor-password-31415"


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if item.get_closest_marker("e2e")]
    reason = why_no_browser() if browser_tests else None
    if reason is None:
        return
    if os.environ.get("E2E_REQUIRED"):
        raise pytest.UsageError(f"E2E_REQUIRED is set but the browser tests cannot run: {reason}.")
    skip = pytest.mark.skip(reason=f"browser test skipped: {reason}")
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium with a fresh profile, for the whole session."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    # Playwright's synchronous API keeps an asyncio loop marked as running in this thread, and Django
    # refuses ORM calls under a running loop. Nothing runs concurrently here (the loop only drives the
    # browser between our calls), so the tests' own database work is safe: allow it while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            profile = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
            yield profile.browser
            profile.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BrowserProblems(list):
    """What went wrong in the browser behind the test's back: error responses, script errors, console errors."""

    def watch(self, page):
        page.on(
            "response", lambda response: response.status >= 400 and self.append(f"{response.status} {response.url}")
        )
        page.on("pageerror", lambda error: self.append(f"script error: {error}"))
        page.on("console", lambda message: message.type == "error" and self.append(f"console: {message.text}"))


@pytest.fixture
def browser_problems():
    """Each test's pages must load without error responses or script errors; a test expecting one clears it."""
    problems = BrowserProblems()
    yield problems
    assert list(problems) == [], "the browser met problems"


@contextmanager
def browser_page(browser, live_server, problems, **options):
    """A page in a fresh browser context (no cookies or storage from other tests), on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems.watch(page)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server, site_data, browser_problems):
    """A desktop-sized page, on the live server with the article data."""
    with browser_page(browser, live_server, browser_problems, viewport=DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page(browser, live_server, site_data, browser_problems):
    """A 375 px wide phone: as a mobile browser, it lays pages out as wide as their viewport meta tag says."""
    with browser_page(browser, live_server, browser_problems, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        yield page


@pytest.fixture
def site_data(transactional_db, settings, tmp_path):
    """The curated article data, loaded for this test (the flush after each test removes it)."""
    settings.BACKUP_DIR = tmp_path / "backups"
    call_command("reload_fixtures", stdout=io.StringIO())


@pytest.fixture
def editor_account(transactional_db, monkeypatch):
    """An editor created the documented way: the create_editor command."""
    monkeypatch.setenv("E2E_EDITOR_PASSWORD", EDITOR_PASSWORD)
    call_command("create_editor", EDITOR_USERNAME, "--password-from-env", "E2E_EDITOR_PASSWORD", stdout=io.StringIO())
    return EDITOR_USERNAME, EDITOR_PASSWORD
