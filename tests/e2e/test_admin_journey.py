"""An editor logs in, adds a space with an operator role and a figure in the admin, and finds it on the site."""

import re

import pytest
from django.urls import reverse

from makerspaces.models import Region, Space, Statistic

from .helpers import expect, has_horizontal_scroll, query, result_names

pytestmark = pytest.mark.e2e


def choose(page, select, search, option, exact=False):
    """Pick a row in an admin autocomplete box as an editor does: open it, type, click the match."""
    page.locator(f"{select} + .select2").click()
    dropdown = page.locator(".select2-container--open")
    dropdown.locator(".select2-search__field").press_sequentially(search)
    dropdown.get_by_role("option", name=option, exact=exact).click()
    expect(page.locator(f"{select} + .select2 .select2-selection__rendered")).to_contain_text(option)


def log_in(page, username, password):
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("#user-tools")).to_contain_text(username)


def test_editor_adds_a_space_and_finds_it_in_the_directory(page, editor_account):
    log_in(page, *editor_account)
    page.locator("tr.model-space").get_by_role("link", name="Add").click()
    page.wait_for_url("**/admin/makerspaces/space/add/")

    page.get_by_label("English name").press_sequentially("Qiantang Hardware Lab")
    # The slug follows the English name as it is typed.
    expect(page.get_by_label("Slug")).to_have_value("qiantang-hardware-lab")
    page.locator("#id_name_zh").fill("钱塘硬件实验室")
    page.get_by_label("Kind:", exact=True).select_option(label="maker space")
    page.get_by_label("Status").select_option(label="open")
    page.locator("#id_city").select_option(label="Hangzhou")
    choose(page, "#id_region", "Binj", "Binjiang District")
    page.get_by_label("Opened:", exact=True).fill("March 2018")

    # An operator role, in the inline added with "Add another".
    page.locator("#operator_roles-group .add-row a").click()
    choose(page, "#id_operator_roles-0-operator", "Binjiang", "Binjiang District Government")
    page.locator("#id_operator_roles-0-role").select_option(label="operator")
    choose(page, "#id_operator_roles-0-source", "CPPCC", "CPPCC Chairman Meeting")

    # A figure about the space.
    page.locator("#statistics-group .add-row a").click()
    choose(page, "#id_statistics-0-metric", "Floor", "Floor area", exact=True)
    page.locator("#id_statistics-0-value").fill("1200")
    page.locator("#id_statistics-0-unit").select_option(label="m²")
    page.locator("#id_statistics-0-as_of_date").fill("2018")
    choose(page, "#id_statistics-0-source", "CPPCC", "CPPCC Chairman Meeting")

    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/makerspaces/space/")
    expect(page.locator(".messagelist .success")).to_contain_text("Qiantang Hardware Lab")

    space = Space.objects.get(slug="qiantang-hardware-lab")
    assert (space.name_zh, space.kind, space.status, space.region.slug) == (
        "钱塘硬件实验室",
        "maker_space",
        "open",
        "binjiang",
    )
    assert (space.opened_on.isoformat(), space.opened_precision) == ("2018-03-01", "month")
    assert [(role.operator.slug, role.role) for role in space.operator_roles.all()] == [
        ("binjiang-district-government", "operator")
    ]
    statistic = Statistic.objects.get(space=space)
    assert (statistic.metric.slug, statistic.value, statistic.unit, statistic.as_of_precision) == (
        "floor-area",
        1200,
        "m2",
        "year",
    )

    # On the public site: Hangzhou's spaces now include it.
    page.goto("/")
    page.locator(".city-grid a", has_text="Hangzhou").click()
    page.wait_for_url(re.compile(r"/spaces/\?"))
    assert query(page) == {"city": ["hangzhou"]}
    assert "Qiantang Hardware Lab" in result_names(page)
    listed = page.locator(".results-list li", has_text="Qiantang Hardware Lab")
    expect(listed).to_contain_text("Binjiang District Government (operator)")
    expect(listed).to_contain_text("Opened March 2018")
    listed.get_by_role("link", name="Qiantang Hardware Lab").click()
    page.wait_for_url("**/spaces/qiantang-hardware-lab/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Qiantang Hardware Lab 钱塘硬件实验室")
    expect(page.locator("section[aria-labelledby=operators-title]")).to_contain_text("Binjiang District Government")
    expect(page.locator("table.statistics .value")).to_have_text("1,200 m²")


def test_forms_with_many_inline_rows_fit_a_desktop_window(page, editor_account):
    # The statistics inline is wider than the page: it scrolls in its own box, the page does not scroll sideways.
    log_in(page, *editor_account)
    records = [
        Space.objects.get(slug="x-space"),
        Region.objects.get(slug="jingan"),
        Space.objects.get(slug="maker2"),
    ]
    for record in records:
        opts = record._meta
        page.goto(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))
        expect(page.locator("#statistics-group tr.has_original")).to_have_count(record.statistics.count())
        assert not has_horizontal_scroll(page), record
        # The last column is reachable by scrolling the inline.
        slug = page.locator("#id_statistics-0-slug")
        slug.scroll_into_view_if_needed()
        expect(slug).to_be_in_viewport()
        slug.click()
        expect(slug).to_be_focused()
