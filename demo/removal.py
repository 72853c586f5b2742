"""Removing the synthetic demo data: every synthetic row and what hangs off it, nothing curated."""

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Exists, OuterRef, Q

from makerspaces.models import (
    SYNTHETIC_SOURCE_SLUG,
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
from makerspaces.writes import bulk_writes

from .planner import directory_tables, refresh_planner_statistics


class SyntheticDataReferenced(Exception):
    """Curated rows point at synthetic ones, so removing them would break the curated data."""


def removal_steps():
    """(label, queryset) pairs in an order that leaves no dangling reference.

    Synthetic spaces, operators and regions are deleted with every row that
    cascades from them (as Django's on_delete would), and the synthetic Source
    with the links that cite it. A curated row that is protected from the
    deletion (a curated space in a synthetic district, say) makes the removal
    fail and roll back.
    """
    spaces = Space.objects.filter(synthetic=True).values("pk")
    operators = Operator.objects.filter(synthetic=True).values("pk")
    regions = Region.objects.filter(synthetic=True).values("pk")
    source = Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).values("pk")
    return [
        (
            "statistics",
            Statistic.objects.filter(
                Q(synthetic=True) | Q(space__in=spaces) | Q(operator__in=operators) | Q(region__in=regions)
            ),
        ),
        ("designations", Designation.objects.filter(space__in=spaces)),
        ("space operator roles", SpaceOperator.objects.filter(space__in=spaces)),
        ("person roles", PersonRole.objects.filter(Q(space__in=spaces) | Q(operator__in=operators))),
        ("space service links", Space.services.through.objects.filter(space__in=spaces)),
        ("space source links", Space.sources.through.objects.filter(Q(space__in=spaces) | Q(source__in=source))),
        (
            "operator source links",
            Operator.sources.through.objects.filter(Q(operator__in=operators) | Q(source__in=source)),
        ),
        (
            "joint venture members",
            Operator.members.through.objects.filter(Q(from_operator__in=operators) | Q(to_operator__in=operators)),
        ),
        ("region source links", Region.sources.through.objects.filter(Q(region__in=regions) | Q(source__in=source))),
        ("person source links", Person.sources.through.objects.filter(source__in=source)),
        ("spaces", Space.objects.filter(synthetic=True)),
        ("operators", Operator.objects.filter(synthetic=True)),
        ("regions", Region.objects.filter(synthetic=True)),
        ("sources", Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG)),
        # Metrics and services the generator added, unless curated rows have come to use them.
        (
            "metrics",
            Metric.objects.filter(synthetic=True).exclude(Exists(Statistic.objects.filter(metric=OuterRef("pk")))),
        ),
        (
            "services",
            Service.objects.filter(synthetic=True).exclude(
                Exists(Space.services.through.objects.filter(service=OuterRef("pk")))
            ),
        ),
    ]


def remove_demo_data():
    """Delete every synthetic row; returns the number deleted per kind of row."""
    counts = {}
    using = router.db_for_write(Space)
    try:
        with (
            transaction.atomic(using=using),
            # Raw deletes and update() send no signals: invalidate the cache once, at the end.
            bulk_writes(using, bypassing_signals=True),
        ):
            for label, queryset in removal_steps():
                # One DELETE statement per step, without loading the rows or
                # sending per-row signals: cascades are the steps above.
                counts[label] = queryset._raw_delete(using)
            # Those that curated rows use stay, as curated rows: exports must keep what they refer to.
            for model in (Metric, Service):
                model.objects.using(using).filter(synthetic=True).update(synthetic=False)
            # Foreign keys are checked at commit; check now to fail cleanly.
            connections[using].check_constraints(table_names=directory_tables())
    except IntegrityError as error:
        raise SyntheticDataReferenced(str(error)) from error
    refresh_planner_statistics(using)
    return counts
