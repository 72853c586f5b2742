"""The reload checks constraints in Python; it must agree with the database on every one of them."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

from makerspaces.data.validation import NotEvaluable, evaluate
from makerspaces.models import Designation, PersonRole, Region, Space, Statistic


def combinations(**options):
    names = list(options)
    for values in itertools.product(*options.values()):
        yield dict(zip(names, values, strict=True))


CASES = {
    Statistic: (
        {**fields, **labels, **subject}
        for fields in combinations(
            value=[Decimal("-1"), Decimal("0"), Decimal("5")], value_max=[None, Decimal("3"), Decimal("10")]
        )
        for labels in [
            {"qualifier": "exact", "unit": "count"},
            {"qualifier": "range", "unit": "m2"},
            {"qualifier": "castle", "unit": "furlong"},
        ]
        for subject in [{}, {"region_id": 1}, {"space_id": 2}, {"region_id": 1, "operator_id": 3}]
    ),
    Space: combinations(
        opened_on=[None, datetime.date(2017, 9, 26)],
        opened_precision=["", "month", "fortnight"],
        floor_area_m2=[None, Decimal("-0.5"), Decimal("0"), Decimal("1200")],
        kind=["maker_space", "castle"],
    ),
    Designation: combinations(year=[None, 1066, 1900, 2017, 2200, 2201], level=["national", "galactic"]),
    Region: combinations(pk=[None, 7], parent_id=[None, 7, 8], kind=["city", "planet"]),
    PersonRole: combinations(operator_id=[None, 1], space_id=[None, 2]),
}


def database_says_it_holds(constraint, model, instance):
    try:
        constraint.validate(model, instance)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("model", CASES, ids=lambda model: model.__name__)
def test_python_evaluation_agrees_with_the_database(db, model):
    constraints = [constraint for constraint in model._meta.constraints if isinstance(constraint, CheckConstraint)]
    assert constraints
    cases = list(CASES[model])
    assert len(cases) >= 4
    for fields in cases:
        instance = model(**fields)
        values = {"pk": instance.pk}
        for field in model._meta.concrete_fields:
            values[field.name] = values[field.attname] = getattr(instance, field.attname)
        for constraint in constraints:
            in_python = evaluate(constraint.condition, values) is not False
            assert in_python == database_says_it_holds(constraint, model, instance), (constraint.name, fields)


def test_conditions_beyond_plain_lookups_are_left_to_the_database():
    with pytest.raises(NotEvaluable):
        evaluate(Q(region__kind="city"), {"region": 1})
    with pytest.raises(NotEvaluable):
        evaluate(Q(value__gte=F("value_max") + 1), {"value": 1, "value_max": 0})
    with pytest.raises(NotEvaluable):
        evaluate(Q(value=1) ^ Q(value=2), {"value": 1})
