"""A reader tells the editors that a space has moved, from its page, and follows the suggestion; an editor accepts it
from the queue and the space's page shows the new address."""

import re

import pytest

from makerspaces.models import Space
from suggestions.models import Suggestion

from .helpers import expect
from .test_admin_journey import log_in

pytestmark = pytest.mark.e2e


def test_reader_suggests_and_editor_accepts_from_the_queue(page, editor_account, settings):
    # A person takes seconds to fill the form; the browser takes less.
    settings.SUGGESTION_MIN_SECONDS = 0
    space = Space.objects.order_by("name_en").first()

    page.goto(space.get_absolute_url())
    page.get_by_role("link", name=re.compile("Something wrong or out of date")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Something wrong or out of date?")
    page.get_by_label("It has moved").check()
    page.get_by_label("The correct value").fill("No. 8 Keji Road, Nanshan")
    page.get_by_label("A link to a source (optional)").fill("https://example.org/moved")
    page.get_by_role("button", name="Send the suggestion").click()

    page.wait_for_url(re.compile(r"/suggestions/[A-Z0-9]{4}-[A-Z0-9]{4}/$"))
    expect(page.locator(".facts")).to_contain_text("Received")
    status_url = page.url
    reference = Suggestion.objects.get().reference
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)

    # An editor opens the queue, the suggestion and accepts it.
    log_in(page, *editor_account)
    page.locator("tr.model-suggestion").get_by_role("link", name="Suggestions").click()
    page.get_by_role("link", name=reference).click()
    expect(page.locator(".field-current")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text("Accepted")

    page.goto(status_url)
    expect(page.locator(".facts")).to_contain_text("Accepted")
    page.goto(space.get_absolute_url())
    expect(page.locator(".facts")).to_contain_text("No. 8 Keji Road, Nanshan")
