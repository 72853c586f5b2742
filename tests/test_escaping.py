"""Markup typed into names and descriptions is shown as text, never run, on every page and in the admin."""

import datetime

import pytest
from django.urls import reverse

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
from tests.public_routes import PUBLIC_ROUTES

MARKUP = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ATTRIBUTE_BREAKER = '"><img src=x onerror=alert(2)>'
ESCAPED_ATTRIBUTE_BREAKER = "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"


@pytest.fixture
def marked_up(db):
    """One row of each public model with markup in every text a page might show."""
    region = Region.objects.create(slug="markup-city", name_en=MARKUP, name_zh=ATTRIBUTE_BREAKER, kind="city")
    source = Source.objects.create(
        slug="markup-article",
        title=MARKUP,
        publisher=ATTRIBUTE_BREAKER,
        author=MARKUP,
        published_on=datetime.date(2017, 1, 1),
        summary=MARKUP,
    )
    operator = Operator.objects.create(
        slug="markup-operator", name_en=MARKUP, name_zh=ATTRIBUTE_BREAKER, kind="company", description=MARKUP
    )
    space = Space.objects.create(
        slug="markup-space",
        name_en=MARKUP,
        name_zh=ATTRIBUTE_BREAKER,
        aliases=f"{MARKUP}\n{ATTRIBUTE_BREAKER}",
        region=region,
        address=MARKUP,
        description=MARKUP,
        audience=ATTRIBUTE_BREAKER,
    )
    space.sources.add(source)
    operator.sources.add(source)
    SpaceOperator.objects.create(space=space, operator=operator, source=source)
    space.services.add(Service.objects.create(slug="markup-service", name=MARKUP))
    Designation.objects.create(
        slug="markup-designation", space=space, level="municipal", title=MARKUP, awarded_by=operator, source=source
    )
    person = Person.objects.create(slug="markup-person", name_en=MARKUP, name_zh=ATTRIBUTE_BREAKER)
    PersonRole.objects.create(person=person, title=MARKUP, operator=operator, source=source)
    metric = Metric.objects.create(slug="markup-metric", name=MARKUP, description=MARKUP)
    for subject in ({"region": region}, {"space": space}, {"operator": operator}):
        Statistic.objects.create(
            slug=f"markup-{next(iter(subject))}",
            metric=metric,
            value=1,
            unit="count",
            as_of=datetime.date(2017, 1, 1),
            note=MARKUP,
            source=source,
            **subject,
        )
    return {Region: region, Source: source, Operator: operator, Space: space, Person: person, Metric: metric}


def assert_shown_as_text(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert MARKUP not in html
    assert "<img src=x" not in html
    assert ESCAPED in html, "the markup is shown, as text"
    return html


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
def test_public_pages_escape_markup(client, marked_up, route):
    if route.converters:
        url = route.url_for(marked_up[route.model])
    else:
        url = route.reverse()
    assert_shown_as_text(client.get(url))


def test_space_page_and_list_show_the_names_as_text(client, marked_up):
    space = marked_up[Space]
    for url in (reverse("makerspaces:space-detail", args=[space.slug]), reverse("makerspaces:space-list")):
        html = assert_shown_as_text(client.get(url))
        assert ESCAPED_ATTRIBUTE_BREAKER in html, "the Chinese name is shown, as text"


ADMIN_MODELS = [Space, Operator, Region, Source, Person, Metric]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_admin_escapes_markup(admin_client, marked_up, model):
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert_shown_as_text(admin_client.get(reverse(f"{info}_changelist")))
    change = assert_shown_as_text(admin_client.get(reverse(f"{info}_change", args=[marked_up[model].pk])))
    if model is not Metric:  # every other row has the attribute breaker in a field of its form
        assert ESCAPED_ATTRIBUTE_BREAKER in change


def test_every_public_model_is_covered(marked_up):
    """A new detail route for another model would need a marked-up row here."""
    assert {route.model for route in PUBLIC_ROUTES if route.converters} <= set(marked_up)
