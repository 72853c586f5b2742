"""Admin pages run the same number of queries for 1 row as for 30: no query per row."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

from core.models import ChangeRecord
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
    SpaceGroup,
    SpaceOperator,
    Statistic,
)
from tests.admin_post import admin_url

# Seven queries every changelist of an editor runs: session, user, the user's and the groups'
# permissions, the paginator's count, the unfiltered total, the page of rows (related rows joined).
# The rest is per page, never per row: each list filter's facet counts (one aggregate each), the
# distinct values an "all values" filter lists, and the date hierarchy's range and levels (two).
EXPECTED_QUERIES = {
    Source: 7 + 2 + 4 + 2,  # date hierarchy; publisher and language values + facets; basis, precision facets
    Region: 7 + 3,  # facets: kind, parent basis, synthetic
    Operator: 7 + 1 + 3,  # the cities (once per request); facets: kind, city, synthetic
    Service: 7,  # spaces counted by an annotation in the rows query
    Space: 7 + 2 + 1 + 6,  # date hierarchy; the cities; facets: kind, status, city, basis, precision, synthetic
    SpaceOperator: 7 + 2,  # facets: role, basis
    Designation: 7 + 1 + 2,  # the distinct years; facets: level, year
    Person: 7,
    PersonRole: 7,
    Metric: 7,  # statistics counted by an annotation in the rows query
    Statistic: 7 + 2 + 1 + 7,  # date hierarchy; the metrics (once per request); seven facet aggregates
    SpaceGroup: 7,
}


def make_rows(model, count):
    """count rows of the model (and nothing else of it), each with related rows, so per-row queries would show."""
    if model is Region:
        city = Region.objects.create(slug="city", name_en="City", kind="city")
        for n in range(count - 1):
            Region.objects.create(slug=f"district-{n}", name_en=f"District {n}", kind="district", parent=city)
        return
    if model is Source:
        for n in range(count):
            Source.objects.create(slug=f"article-{n}", title=f"Article {n}", published_on=datetime.date(2016, 1, 1))
        return
    if model is Metric:
        for n in range(count):
            Metric.objects.create(slug=f"metric-{n}", name=f"Metric {n}")
        return
    if model is Service:
        for n in range(count):
            Service.objects.create(slug=f"service-{n}", name=f"Service {n}")
        return
    if model is Person:
        for n in range(count):
            Person.objects.create(slug=f"person-{n}", name_en=f"Person {n}")
        return
    city = Region.objects.create(slug="city", name_en="City", kind="city")
    district = Region.objects.create(slug="district", name_en="District", kind="district", parent=city)
    if model is Operator:
        for n in range(count):
            Operator.objects.create(slug=f"operator-{n}", name_en=f"Operator {n}", kind="company", region=district)
        return
    source = Source.objects.create(slug="article", title="Article")
    # Two metrics, so the statistics' metric filter is shown (it hides with a single choice).
    metrics = [Metric.objects.create(slug=f"metric-{n}", name=f"Metric {n}") for n in range(2)]
    for n in range(count):
        space = Space.objects.create(
            slug=f"space-{n}",
            name_en=f"Space {n}",
            region=district,
            opened_on=datetime.date(2016, 1, 1),
            opened_precision="year",
        )
        if model is Space:
            continue
        if model is SpaceGroup:
            SpaceGroup.objects.create(slug=f"group-{n}", name_en=f"Group {n}").spaces.add(space)
            continue
        operator = Operator.objects.create(slug=f"operator-{n}", name_en=f"Operator {n}", kind="company")
        if model is SpaceOperator:
            SpaceOperator.objects.create(space=space, operator=operator, source=source)
        elif model is Designation:
            Designation.objects.create(
                slug=f"award-{n}", space=space, level="national", title="Award", awarded_by=operator, source=source
            )
        elif model is PersonRole:
            person = Person.objects.create(slug=f"person-{n}", name_en=f"Person {n}")
            PersonRole.objects.create(person=person, title="founder", space=space, source=source)
        elif model is Statistic:
            Statistic.objects.create(
                slug=f"stat-{n}",
                metric=metrics[n % 2],
                space=space,
                value=n,
                unit="count",
                as_of=datetime.date(2016, 7, 1),
                source=source,
            )


def test_every_directory_model_has_a_pinned_count():
    registered = {model for model in admin.site._registry if model._meta.app_label == "makerspaces"}
    assert registered == set(EXPECTED_QUERIES)


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model", list(EXPECTED_QUERIES), ids=lambda model: model._meta.model_name)
def test_changelist_queries_do_not_grow_with_rows(editor_client, django_assert_num_queries, model, rows):
    make_rows(model, rows)
    assert model.objects.count() == rows
    with django_assert_num_queries(EXPECTED_QUERIES[model]):
        response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def make_inline_rows(parent, count):
    """count rows in each inline of the parent's change page."""
    source = Source.objects.create(slug="inline-article", title="Inline article")
    metric = Metric.objects.create(slug="inline-metric", name="Inline metric")
    district = Region.objects.filter(kind="district").first()
    for n in range(count):
        space = (
            parent
            if isinstance(parent, Space)
            else Space.objects.create(slug=f"inline-space-{n}", name_en=f"Inline space {n}", region=district)
        )
        operator = (
            parent
            if isinstance(parent, Operator)
            else Operator.objects.create(slug=f"inline-operator-{n}", name_en=f"Inline operator {n}", kind="company")
        )
        person = (
            parent
            if isinstance(parent, Person)
            else Person.objects.create(slug=f"inline-person-{n}", name_en=f"Inline person {n}")
        )
        SpaceOperator.objects.create(space=space, operator=operator, source=source)
        PersonRole.objects.create(
            person=person,
            title=f"title {n}",
            source=source,
            **({"operator": operator} if isinstance(parent, Operator) else {"space": space}),
        )
        Designation.objects.create(
            slug=f"inline-award-{n}", space=space, level="national", title="Award", awarded_by=operator, source=source
        )
        subject = {type(parent).__name__.lower(): parent} if not isinstance(parent, Person) else {"space": space}
        Statistic.objects.create(
            slug=f"inline-stat-{n}",
            metric=metric,
            value=n,
            unit="count",
            as_of=datetime.date(2016, 7, 1),
            source=source,
            **subject,
        )


def make_parent(model):
    city = Region.objects.create(slug="city", name_en="City", kind="city")
    district = Region.objects.create(slug="district", name_en="District", kind="district", parent=city)
    if model is Space:
        return Space.objects.create(slug="parent", name_en="Parent", region=district)
    if model is Operator:
        return Operator.objects.create(slug="parent", name_en="Parent", kind="company", region=district)
    if model is Person:
        return Person.objects.create(slug="parent", name_en="Parent")
    return district


# Change pages: session, user, the object, permissions (two), one query per inline for its rows with
# their related rows joined, and the page's own lookups (many-to-many choices, the chosen city, ...).
# Autocomplete boxes in inline rows label their choice from the joined rows, not with a query each.
CHANGE_PAGE_QUERIES = {
    Space: 14,  # inlines: operators, people, designations, statistics; services, sources, region, city
    Operator: 11,  # inlines: spaces, people, statistics; members, sources, region
    Region: 8,  # inline: statistics; sources, parent
    Person: 7,  # inline: positions; sources
}


@pytest.mark.parametrize("rows", [1, 10])
@pytest.mark.parametrize("model", list(CHANGE_PAGE_QUERIES), ids=lambda model: model._meta.model_name)
def test_change_page_queries_do_not_grow_with_inline_rows(editor_client, django_assert_num_queries, model, rows):
    parent = make_parent(model)
    make_inline_rows(parent, rows)
    ContentType.objects.get_for_model(model)  # cached for the process; warm it so the count is stable
    with django_assert_num_queries(CHANGE_PAGE_QUERIES[model]):
        response = editor_client.get(admin_url(model, "change", parent.pk))
    assert response.status_code == 200
    inline_rows = sum(len(inline.formset.forms) for inline in response.context["inline_admin_formsets"])
    assert inline_rows >= rows


@pytest.mark.parametrize("rows", [2, 30])  # two: one change by each of two editors
def test_recent_changes_queries_do_not_grow_with_rows(
    editor_client, editor, django_user_model, django_assert_num_queries, rows
):
    space_type = ContentType.objects.get_for_model(Space)
    # Changes by two people, so the filter by user is shown (it hides with a single choice).
    other_editor = django_user_model.objects.create_user("other-editor")
    LogEntry.objects.create(
        user=other_editor, content_type=space_type, object_id="0", object_repr="Space", action_flag=ADDITION
    )
    for n in range(rows - 1):
        LogEntry.objects.create(
            user=editor,
            content_type=space_type,
            object_id=str(n + 1),
            object_repr=f"Space {n}",
            action_flag=CHANGE if n % 2 else DELETION,
            change_message='[{"changed": {"fields": ["status: \\u201cunknown\\u201d \\u2192 \\u201copen\\u201d"]}}]',
        )
    # Seven as for every changelist, the date hierarchy's range and levels (two), the users who
    # made changes (one), and a facet aggregate for each of the three filters.
    with django_assert_num_queries(7 + 2 + 1 + 3):
        response = editor_client.get(admin_url(ChangeRecord, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows
