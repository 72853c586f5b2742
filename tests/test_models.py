"""The database itself rejects bad rows, not just the forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from makerspaces.models import PersonRole, Region, Space, Statistic


def test_duplicate_slug_is_rejected(regions):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(slug="shenzhen", name_en="Another Shenzhen", kind="city")


def test_negative_statistic_is_rejected(regions, make_statistic):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statistic(region=regions["nanshan"], value=-1)


def test_statistic_with_two_subjects_is_rejected(sample, make_statistic):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statistic(region=sample["nanshan"], space=sample["space"])


def test_statistic_without_subject_is_rejected(sample, make_statistic):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_statistic()


def test_statistic_full_clean_explains_subject_rule(sample, metric, source):
    statistic = Statistic(
        slug="two-subjects",
        metric=metric,
        region=sample["nanshan"],
        operator=sample["operator"],
        value=1,
        unit="count",
        as_of=datetime.date(2017, 1, 1),
        source=source,
    )
    with pytest.raises(ValidationError, match="exactly one subject"):
        statistic.full_clean()


def test_invalid_enumeration_is_rejected(regions, make_space):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_space(regions["nanshan"], kind="castle")


def test_negative_floor_area_is_rejected(regions, make_space):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_space(regions["nanshan"], floor_area_m2=-5)


def test_opening_date_needs_precision(regions, make_space):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_space(regions["nanshan"], opened_on=datetime.date(2016, 7, 1))


def test_person_role_needs_one_organisation(sample, source):
    from makerspaces.models import Person

    person = Person.objects.create(slug="someone", name_en="Someone")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonRole.objects.create(person=person, title="CEO", source=source)


def test_region_path_follows_the_tree(regions):
    assert regions["nanshan"].path == "china/guangdong/shenzhen/nanshan"
    assert [r.slug for r in regions["nanshan"].ancestors()] == ["china", "guangdong", "shenzhen"]


def test_moving_a_region_moves_its_descendants(regions):
    shenzhen = regions["shenzhen"]
    shenzhen.parent = regions["china"]
    shenzhen.save()
    assert Region.objects.get(slug="nanshan").path == "china/shenzhen/nanshan"


def test_region_cannot_lie_inside_itself(regions):
    china = regions["china"]
    china.parent = regions["nanshan"]
    with pytest.raises(ValidationError):
        china.full_clean()


def test_city_includes_spaces_of_its_districts(regions, make_space):
    in_district = make_space(regions["nanshan"])
    in_city = make_space(regions["shenzhen"])
    elsewhere = make_space(regions["beijing"])
    shenzhen_spaces = set(Space.objects.in_region(regions["shenzhen"]))
    assert shenzhen_spaces == {in_district, in_city}
    assert elsewhere not in set(Space.objects.in_region(regions["guangdong"]))
    assert set(Space.objects.in_region(regions["china"])) == {in_district, in_city, elsewhere}


def test_city_slug_prefix_does_not_leak(regions, make_space):
    """A region whose slug starts like another's ("shenzhen-east") is not inside it."""
    lookalike = Region.objects.create(
        slug="shenzhen-east", name_en="Shenzhen East", kind="city", parent=regions["guangdong"]
    )
    outside = make_space(lookalike)
    assert outside not in set(Space.objects.in_region(regions["shenzhen"]))


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "qualifier", "expected"),
    [
        ("13786000000", None, "CNY", "exact", "13.786 billion CNY"),
        ("30", None, "count", "over", "over 30"),
        ("80", None, "percent", "nearly", "nearly 80%"),
        ("40000", "50000", "count", "range", "40,000–50,000"),
        ("52000", None, "m2", "exact", "52,000 m²"),
        ("13.786", None, "CNY", "about", "about 13.786 CNY"),
    ],
)
def test_value_display(value, value_max, unit, qualifier, expected):
    from decimal import Decimal

    statistic = Statistic(
        value=Decimal(value), value_max=Decimal(value_max) if value_max else None, unit=unit, qualifier=qualifier
    )
    assert statistic.value_display == expected
