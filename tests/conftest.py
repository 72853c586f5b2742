"""Shared fixtures: a small region tree and factories for directory records."""

import datetime
import itertools

import pytest

from makerspaces.models import (
    Designation,
    Metric,
    Operator,
    Person,
    PersonRole,
    Region,
    Service,
    Source,
    Space,
    SpaceOperator,
    Statistic,
)

_counter = itertools.count(1)


@pytest.fixture
def make_source(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"source-{n}")
        fields.setdefault("title", f"Article {n}")
        fields.setdefault("publisher", "Test News")
        fields.setdefault("published_on", datetime.date(2017, 9, 26))
        return Source.objects.create(**fields)

    return make


@pytest.fixture
def source(make_source):
    return make_source(slug="test-article", title="Test article")


@pytest.fixture
def regions(db):
    """China > Guangdong > Shenzhen > Nanshan, and Beijing beside Guangdong."""
    china = Region.objects.create(slug="china", name_en="China", name_zh="中国", kind="country")
    guangdong = Region.objects.create(slug="guangdong", name_en="Guangdong", kind="province", parent=china)
    shenzhen = Region.objects.create(slug="shenzhen", name_en="Shenzhen", name_zh="深圳", kind="city", parent=guangdong)
    nanshan = Region.objects.create(
        slug="nanshan", name_en="Nanshan District", kind="district", parent=shenzhen, parent_basis="inferred"
    )
    beijing = Region.objects.create(slug="beijing", name_en="Beijing", kind="city", parent=china)
    return {"china": china, "guangdong": guangdong, "shenzhen": shenzhen, "nanshan": nanshan, "beijing": beijing}


@pytest.fixture
def make_space(db):
    def make(region, **fields):
        n = next(_counter)
        fields.setdefault("slug", f"space-{n}")
        fields.setdefault("name_en", f"Space {n}")
        return Space.objects.create(region=region, **fields)

    return make


@pytest.fixture
def make_operator(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"operator-{n}")
        fields.setdefault("name_en", f"Operator {n}")
        fields.setdefault("kind", "company")
        return Operator.objects.create(**fields)

    return make


@pytest.fixture
def metric(db):
    return Metric.objects.create(slug="maker-spaces", name="Number of maker spaces")


@pytest.fixture
def make_statistic(metric, source):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"statistic-{n}")
        fields.setdefault("metric", metric)
        fields.setdefault("value", 38)
        fields.setdefault("unit", "count")
        fields.setdefault("as_of", datetime.date(2016, 7, 21))
        fields.setdefault("source", source)
        return Statistic.objects.create(**fields)

    return make


@pytest.fixture
def sample(regions, source, make_space, make_operator, make_statistic):
    """One space with an operator, a person, a designation, a service and a statistic on each kind of subject."""
    space = make_space(regions["nanshan"], slug="x-space", name_en="X-Space", name_zh="X空间")
    space.sources.add(source)
    space.services.add(Service.objects.create(slug="mentoring", name="Mentoring"))
    operator = make_operator(slug="foresea-cube", name_en="Foresea Cube")
    SpaceOperator.objects.create(space=space, operator=operator, role="co_operator", source=source)
    Designation.objects.create(slug="x-space-municipal", space=space, level="municipal", title="Test", source=source)
    person = Person.objects.create(slug="zhu-lingling", name_en="Zhu Lingling")
    PersonRole.objects.create(person=person, title="CEO", operator=operator, source=source)
    make_statistic(region=regions["nanshan"])
    make_statistic(space=space, unit="m2", value=1200)
    make_statistic(operator=operator, unit="CNY", value=1000000)
    return {"space": space, "operator": operator, **regions}
