"""A visitor reads a region's page and the statistics page, and follows a figure to the article it comes from."""

import re

import pytest

from makerspaces.models import Region, Source, Space, Statistic

from .helpers import count_of, expect, path, query

pytestmark = pytest.mark.e2e


def figure_row(page, metric):
    """The rows of a statistics table about this metric."""
    metric_cell = page.locator("th[data-label=Metric]", has_text=re.compile(f"^{re.escape(metric.name)}$"))
    return page.locator("table.statistics tbody tr").filter(has=metric_cell)


def test_region_page_and_a_figure_followed_to_its_article(page):
    jingan = Region.objects.get(slug="jingan")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Regions").click()
    page.wait_for_url("**/regions/")
    page.locator(".region-tree, main").get_by_role("link", name="Jing'an District", exact=True).click()
    page.wait_for_url("**/regions/jingan/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Jing'an District")
    expect(page.locator(".breadcrumbs li > a, .breadcrumbs [aria-current=page]")).to_have_text(
        ["Regions", "China", "Shanghai", "Jing'an District"]
    )
    # Its areas, with the number of spaces in each; its spaces, with a link to all of them in the directory.
    expect(page.locator("section[aria-labelledby=children-title] li")).to_have_count(jingan.children.count())
    expect(page.locator("section[aria-labelledby=spaces-title] .link-list li")).to_have_count(
        min(Space.objects.in_region(jingan).count(), 10)
    )
    # Each figure is a row of the table, with its value, date and source.
    statistics = Statistic.objects.filter(region=jingan)
    expect(page.locator("table.statistics tbody tr")).to_have_count(statistics.count())

    floor_area = statistics.get(slug="jingan-floor-area-2016")
    row = figure_row(page, floor_area.metric).filter(has_text=floor_area.as_of_display)
    expect(row.locator(".value")).to_have_text(floor_area.value_display)
    row.locator("cite a").first.click()
    page.wait_for_url(f"**{floor_area.source.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(floor_area.source.title)
    # The article's page lists the figure among what the directory took from it.
    expect(figure_row(page, floor_area.metric).filter(has_text="Jing'an District").locator(".value")).to_have_text(
        floor_area.value_display
    )

    # Back on the region page, the link to the directory lists all its spaces.
    page.go_back()
    page.get_by_role("link", name=re.compile(r"spaces in the directory")).click()
    page.wait_for_url(re.compile(r"/spaces/\?"))
    assert query(page) == {"district": ["jingan"]}
    expect(page.locator("#results-title")).to_contain_text(count_of(Space.objects.in_region(jingan).count()))


def test_statistics_page_compares_a_metric_and_leads_to_the_source(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Statistics").click()
    page.wait_for_url("**/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare statistics")

    compared = list(Statistic.objects.filter(metric__slug="municipal-maker-spaces").order_by("-value"))
    page.get_by_label("Metric", exact=True).select_option(label="Maker spaces recognised by the city")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"metric="))
    assert query(page) == {"metric": ["municipal-maker-spaces"]}
    expect(page.get_by_role("heading", level=1)).to_have_text("Maker spaces recognised by the city")

    # Largest first, in the table and in the chart.
    rows = page.locator("table.statistics tbody tr")
    expect(rows.locator("td[data-label=About] a")).to_have_text([str(s.subject) for s in compared])
    expect(rows.locator(".value")).to_have_text([s.value_display for s in compared])
    expect(page.locator("svg[role=img] .bar")).to_have_count(len(compared))
    expect(page.locator("svg[role=img] .bar-text")).to_have_text([s.value_display for s in compared])

    # Follow the smaller figure to its article, and from there to the region it describes.
    smallest = compared[-1]
    rows.last.locator("cite a").first.click()
    page.wait_for_url(f"**{smallest.source.get_absolute_url()}")
    source = Source.objects.get(pk=smallest.source_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(source.title)
    row = figure_row(page, smallest.metric)
    expect(row.locator(".value")).to_have_text(smallest.value_display)
    row.locator("td[data-label=About] a").click()
    page.wait_for_url(f"**{smallest.region.get_absolute_url()}")
    assert path(page) == smallest.region.get_absolute_url()
