"""Comparing one metric across regions, spaces and operators."""

import datetime

import pytest
from django.urls import reverse

from makerspaces import charts
from makerspaces.models import Statistic

STATISTICS = reverse("makerspaces:statistic-list")


@pytest.fixture
def figures(sample, make_statistic, make_metric, make_source):
    later = make_source(slug="later", title="Later article", published_on=datetime.date(2018, 3, 1))
    make_statistic(region=sample["shenzhen"], value=120, qualifier="about", source=later)
    make_statistic(region=sample["beijing"], value=80, value_max=90, qualifier="range", as_of=datetime.date(2017, 6, 1))
    make_statistic(region=sample["guangdong"], value=500, is_plan=True, as_of=datetime.date(2020, 1, 1))
    other_metric = make_metric(slug="funds", name="Funds introduced")
    make_statistic(metric=other_metric, region=sample["shenzhen"], value=7654321, unit="CNY")
    return sample


def test_table_sorted_by_value_with_qualifier_unit_date_and_source(client, figures):
    response = client.get(STATISTICS, {"metric": "maker-spaces"})
    assert response.status_code == 200
    rows = response.context["statistics"]
    values = [row.value for row in rows]
    assert values == sorted(values, reverse=True)
    assert len(rows) == Statistic.objects.filter(metric__slug="maker-spaces").count()
    content = response.content.decode()
    for row in rows:
        assert row.value_display in content and row.as_of_display in content
        assert row.source.get_absolute_url() in content
        assert row.subject.get_absolute_url() in content
    assert "about 120" in content and "80–90" in content and "plan or target" in content
    assert "7,654,321" not in content  # another metric


def test_charts_draw_one_bar_per_figure_one_chart_per_unit(client, figures):
    response = client.get(STATISTICS, {"metric": "maker-spaces"})
    rows = response.context["statistics"]
    chart_list = response.context["charts"]
    assert len(chart_list) == len({row.unit for row in rows})  # counts, m² and CNY never share a scale
    assert sorted(bar.value_text for chart in chart_list for bar in chart.bars) == sorted(
        row.value_display for row in rows
    )
    content = response.content.decode()
    assert content.count('class="bar-value"') == len(rows)
    assert content.count('role="img"') == len(chart_list)


def test_subject_filter(client, figures):
    response = client.get(STATISTICS, {"metric": "maker-spaces", "subject": "space"})
    assert {row.space for row in response.context["statistics"]} == {figures["space"]}


def test_without_metric_lists_the_metrics(client, figures):
    response = client.get(STATISTICS)
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("makerspaces:statistic-list", query={"metric": "maker-spaces"}) in content
    assert reverse("makerspaces:statistic-list", query={"metric": "funds"}) in content
    assert '<label for="id_metric">' in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"metric": "nope"}, "There is no such metric"),
        ({"metric": ""}, "Choose a metric to compare"),
        ({"metric": "maker-spaces", "subject": "planet"}, "Select a valid choice"),
    ],
)
def test_invalid_choice_explains_itself(client, figures, query, message):
    response = client.get(STATISTICS, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_bad_page_number_shows_a_page(client, figures):
    for page in ["abc", "0", "999"]:
        response = client.get(STATISTICS, {"metric": "maker-spaces", "page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 1


def test_bar_lengths_are_proportional(figures):
    rows = list(Statistic.objects.filter(metric__slug="maker-spaces", value_max__isnull=True).by_value())
    chart = charts.bar_chart(rows, str, title="t", chart_id="c")
    top = rows[0].value
    for bar, row in zip(chart.bars, rows, strict=True):
        assert bar.length == pytest.approx(max(float(row.value / top) * charts.WIDTH, 1.0), abs=0.1)


def test_range_draws_its_upper_part(figures):
    ranged = Statistic.objects.get(value_max__isnull=False)
    (bar,) = charts.bar_chart([ranged], str, title="t", chart_id="c").bars
    assert bar.range_length == pytest.approx(charts.WIDTH * 10 / 90, abs=0.1)


def test_comparison_takes_each_subjects_latest_observation(sample, make_statistic):
    shenzhen, beijing = sample["shenzhen"], sample["beijing"]
    make_statistic(region=shenzhen, value=10, as_of=datetime.date(2015, 1, 1))
    make_statistic(region=shenzhen, value=20, as_of=datetime.date(2016, 1, 1))
    make_statistic(region=shenzhen, value=99, as_of=datetime.date(2020, 1, 1), is_plan=True)
    make_statistic(region=beijing, value=15, as_of=datetime.date(2016, 1, 1))
    statistics = Statistic.objects.filter(region__in=[shenzhen, beijing]).with_related()
    (chart,) = charts.comparison_charts(statistics, "test")
    assert [(bar.label, bar.value_text) for bar in chart.bars] == [("Shenzhen", "20"), ("Beijing", "15")]
