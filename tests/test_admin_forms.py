"""The admin's form pieces: natural dates at their precision, and likely-duplicate names."""

import datetime

import pytest

from makerspaces.dates import format_precise_date, parse_precise_date
from makerspaces.duplicates import normalize, similar_records
from makerspaces.forms import PrecisionDateField
from makerspaces.models import Operator, Source, Space, Statistic
from tests.admin_post import admin_url, form_errors, page_form_data

D = datetime.date


@pytest.mark.parametrize(
    "typed, start, precision",
    [
        ("2016", D(2016, 1, 1), "year"),
        ("2016-07", D(2016, 7, 1), "month"),
        ("2016/7", D(2016, 7, 1), "month"),
        ("July 2016", D(2016, 7, 1), "month"),
        ("jul. 2016", D(2016, 7, 1), "month"),
        ("Sept 2016", D(2016, 9, 1), "month"),
        ("2016-07-20", D(2016, 7, 20), "day"),
        ("20 July 2016", D(2016, 7, 20), "day"),
        ("20th July, 2016", D(2016, 7, 20), "day"),
        ("July 20, 2016", D(2016, 7, 20), "day"),
        ("Q3 2017", D(2017, 7, 1), "quarter"),
        ("2017 q4", D(2017, 10, 1), "quarter"),
        ("2017年第三季度", D(2017, 7, 1), "quarter"),
        ("c. 2015", D(2015, 1, 1), "approximate"),
        ("about 2015", D(2015, 1, 1), "approximate"),
        ("circa 2015", D(2015, 1, 1), "approximate"),
        ("2016年7月", D(2016, 7, 1), "month"),
        ("2016年7月20日", D(2016, 7, 20), "day"),
        ("  July   2016 ", D(2016, 7, 1), "month"),
    ],
)
def test_dates_typed_naturally_give_date_and_precision(typed, start, precision):
    parsed = parse_precise_date(typed)
    assert (parsed.date, parsed.precision) == (start, precision)


def test_a_period_runs_to_its_last_day():
    assert parse_precise_date("Q1 2016").end == D(2016, 3, 31)
    assert parse_precise_date("February 2016").end == D(2016, 2, 29)
    assert parse_precise_date("2016").end == D(2016, 12, 31)


@pytest.mark.parametrize("typed", ["sometime", "2016-13", "31 February 2016", "Q5 2016", "Smarch 2016", "16", "c."])
def test_text_that_is_not_a_date_is_refused(typed):
    with pytest.raises(ValueError):
        parse_precise_date(typed)


@pytest.mark.parametrize(
    "stored, precision, shown",
    [
        (D(2016, 7, 20), "day", "2016-07-20"),
        (D(2016, 7, 1), "month", "2016-07"),
        (D(2017, 8, 1), "quarter", "Q3 2017"),
        (D(2016, 12, 31), "year", "2016"),
        (D(2015, 1, 1), "approximate", "c. 2015"),
        (None, "", ""),
    ],
)
def test_a_stored_date_is_shown_at_its_precision_and_reads_back(stored, precision, shown):
    assert format_precise_date(stored, precision) == shown
    if stored:
        parsed = parse_precise_date(shown)
        assert parsed.precision == precision and parsed.contains(stored)


def test_the_field_sees_no_change_when_the_same_period_is_typed_differently():
    field = PrecisionDateField(required=False)
    assert not field.has_changed("2016-07", "July 2016")
    assert field.has_changed("2016-07", "2016")
    assert field.has_changed("2016", "nonsense")


def test_the_field_refuses_implausible_years():
    field = PrecisionDateField(required=False)
    with pytest.raises(Exception, match="between 1900 and 2200"):
        field.clean("1066")


def test_saving_an_unchanged_date_keeps_the_stored_day(editor_client, sample, metric, source):
    statistic = Statistic.objects.create(
        slug="year-end",
        metric=metric,
        region=sample["nanshan"],
        value=5,
        unit="count",
        as_of=D(2016, 12, 31),
        as_of_precision="year",
        source=source,
    )
    data = page_form_data(editor_client.get(admin_url(Statistic, "change", statistic.pk)))
    assert data["as_of_date"] == "2016"
    data["note"] = "checked"
    response = editor_client.post(admin_url(Statistic, "change", statistic.pk), data)
    assert response.status_code == 302, form_errors(response)
    statistic.refresh_from_db()
    assert (statistic.as_of, statistic.as_of_precision, statistic.note) == (D(2016, 12, 31), "year", "checked")

    data["as_of_date"] = "Q2 2017"
    editor_client.post(admin_url(Statistic, "change", statistic.pk), data)
    statistic.refresh_from_db()
    assert (statistic.as_of, statistic.as_of_precision) == (D(2017, 4, 1), "quarter")


def test_a_source_date_is_entered_and_cleared_in_one_box(editor_client, source):
    data = page_form_data(editor_client.get(admin_url(Source, "change", source.pk)))
    assert data["published"] == "2017-09-26"
    data["published"] = "c. 2015"
    assert editor_client.post(admin_url(Source, "change", source.pk), data).status_code == 302
    source.refresh_from_db()
    assert (source.published_on, source.published_precision) == (D(2015, 1, 1), "approximate")
    data["published"] = ""
    assert editor_client.post(admin_url(Source, "change", source.pk), data).status_code == 302
    source.refresh_from_db()
    assert source.published_on is None


def test_clearing_a_space_opening_date_clears_its_precision(editor_client, regions, make_space):
    space = make_space(regions["nanshan"], opened_on=D(2016, 7, 1), opened_precision="month")
    data = page_form_data(editor_client.get(admin_url(Space, "change", space.pk)))
    data["opened"] = ""
    response = editor_client.post(admin_url(Space, "change", space.pk), data)
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert (space.opened_on, space.opened_precision) == (None, "")


def test_names_are_compared_without_case_spaces_or_punctuation():
    assert normalize("X-Space") == normalize("x space") == "xspace"
    assert normalize("Ｘ空间") == normalize("x空间")


@pytest.mark.parametrize(
    "new, found",
    [
        ("Chaihuo Maker Space", True),
        ("chaihuo-makerspace", True),
        ("Chaihuo", True),  # contained in the existing name
        ("Chaihuo Makerspaces", True),
        ("柴火创客空间", True),
        ("Seeed Studio", True),  # an alias of the existing space
        ("Orbit Lab", False),
        ("Futian Maker Space", False),
    ],
)
def test_similar_names_are_found_over_english_chinese_names_and_aliases(regions, new, found):
    Space.objects.create(
        slug="chaihuo",
        name_en="Chaihuo Makerspace",
        name_zh="柴火创客空间",
        aliases="Seeed Studio\nChaihuo",
        region=regions["nanshan"],
    )
    Space.objects.create(slug="nanshan-lab", name_en="Nanshan Maker Lab", region=regions["nanshan"])
    candidates = similar_records(Space.objects.all(), [new], ("name_en", "name_zh", "aliases"))
    assert bool(candidates) is found
    if found:
        assert candidates[0].label == "Chaihuo Makerspace / 柴火创客空间"


def test_editing_an_existing_operator_never_asks_about_duplicates(editor_client, db):
    Operator.objects.create(slug="tencent", name_en="Tencent", kind="company")
    twin = Operator.objects.create(slug="tencent-2", name_en="Tencent Holdings", kind="company")
    data = page_form_data(editor_client.get(admin_url(Operator, "change", twin.pk)))
    data["description"] = "A different company."
    response = editor_client.post(admin_url(Operator, "change", twin.pk), data)
    assert response.status_code == 302, form_errors(response)
