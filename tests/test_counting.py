"""The counts kept beside the data (makerspaces/counting.py) equal counting the rows, after every kind of write."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from makerspaces import counting
from makerspaces.models import (
    Designation,
    DesignationLevelCount,
    KindStatusCount,
    Metric,
    Operator,
    Region,
    Service,
    Source,
    Space,
    SpaceOperator,
    Statistic,
)
from makerspaces.writes import bulk_writes


def kept():
    """Every kept count, as the pages read them."""
    return {
        "regions": dict(Region.objects.values_list("slug", "space_count")),
        "operators": dict(Operator.objects.values_list("slug", "space_count")),
        "services": dict(Service.objects.values_list("slug", "space_count")),
        "metrics": dict(Metric.objects.values_list("slug", "statistic_count")),
        "sources": {
            slug: (spaces, figures)
            for slug, spaces, figures in Source.objects.values_list("slug", "space_count", "statistic_count")
        },
        "kinds and statuses": KindStatusCount.objects.table(),
        "designation levels": DesignationLevelCount.objects.table(),
    }


def counted():
    """The same counts taken from the rows, without makerspaces/counting.py."""
    by_pair = Space.objects.order_by().values("kind", "status").annotate(n=Count("*"))
    by_level = Designation.objects.order_by().values("level").annotate(n=Count("space", distinct=True))
    return {
        "regions": {region.slug: Space.objects.in_region(region).count() for region in Region.objects.all()},
        "operators": {operator.slug: Space.objects.run_by(operator).count() for operator in Operator.objects.all()},
        "services": {service.slug: Space.objects.offering(service).count() for service in Service.objects.all()},
        "metrics": {metric.slug: Statistic.objects.filter(metric=metric).count() for metric in Metric.objects.all()},
        "sources": {
            source.slug: (source.spaces.count(), Statistic.objects.filter(source=source).count())
            for source in Source.objects.all()
        },
        "kinds and statuses": {(row["kind"], row["status"]): row["n"] for row in by_pair},
        "designation levels": {row["level"]: row["n"] for row in by_level},
    }


def test_saving_moving_and_deleting_spaces_keeps_region_kind_and_status_counts(regions, make_space):
    first = make_space(regions["nanshan"], kind="incubator", status="open")
    make_space(regions["beijing"])
    assert kept() == counted()
    assert Region.objects.get(slug="china").space_count == 2
    assert Region.objects.get(slug="guangdong").space_count == 1

    first.region = regions["beijing"]
    first.status = "closed"
    first.save()
    assert kept() == counted()
    assert Region.objects.get(slug="shenzhen").space_count == 0
    assert Region.objects.get(slug="beijing").space_count == 2
    assert KindStatusCount.objects.table() == {("incubator", "closed"): 1, ("maker_space", "unknown"): 1}

    first.delete()
    assert kept() == counted()
    assert Region.objects.get(slug="china").space_count == 1


def test_an_operator_with_two_roles_in_a_space_counts_it_once(regions, make_space, make_operator, make_role):
    space = make_space(regions["nanshan"])
    operator, other = make_operator(), make_operator()
    make_role(space, operator)
    partner = make_role(space, operator, role="partner")
    assert Operator.objects.get(pk=operator.pk).space_count == 1

    partner.operator = other
    partner.save()
    assert kept() == counted()
    assert (Operator.objects.get(pk=other.pk).space_count, Operator.objects.get(pk=operator.pk).space_count) == (1, 1)

    space.delete()  # the roles go with it
    assert kept() == counted()
    assert Operator.objects.get(pk=operator.pk).space_count == 0


def test_services_added_removed_and_cleared_from_either_side(regions, make_space, make_service):
    spaces = [make_space(regions["nanshan"]) for _ in range(3)]
    mentoring, training = make_service(), make_service()
    spaces[0].services.add(mentoring, training)
    training.spaces.add(spaces[1], spaces[2])
    assert kept() == counted()
    assert Service.objects.get(pk=training.pk).space_count == 3

    spaces[0].services.remove(training)
    training.spaces.remove(spaces[1])
    assert kept() == counted()
    spaces[0].services.clear()
    training.spaces.clear()
    assert kept() == counted()
    assert Service.objects.filter(space_count__gt=0).count() == 0

    spaces[2].services.set([mentoring])
    spaces[2].delete()  # its through rows go with it
    assert kept() == counted()


def test_designations_and_statistics_keep_their_counts(
    sample, make_space, make_designation, make_statistic, make_metric
):
    space = sample["space"]
    designation = make_designation(space, level="national")
    make_designation(space, level="national")  # a second of one level counts the space once
    assert DesignationLevelCount.objects.table() == {"national": 1, "municipal": 1}
    designation.level = "district"
    designation.save()
    assert kept() == counted()

    other_metric = make_metric()
    figure = make_statistic(space=space)
    figure.metric = other_metric
    figure.save()
    assert kept() == counted()
    assert Metric.objects.get(pk=other_metric.pk).statistic_count == 1
    figure.delete()
    assert Metric.objects.get(pk=other_metric.pk).statistic_count == 0
    assert kept() == counted()


def test_sources_count_the_spaces_and_figures_taken_from_them(sample, make_source, make_space, make_statistic):
    other = make_source()
    space = sample["space"]
    space.sources.add(other)
    other.spaces.add(make_space(sample["beijing"]))
    figure = make_statistic(space=space, source=other)
    assert kept() == counted()
    assert Source.objects.get(pk=other.pk).space_count == 2
    figure.source = sample["space"].sources.exclude(pk=other.pk).get()
    figure.save()
    space.sources.clear()
    assert kept() == counted()
    space.delete()
    assert kept() == counted()


def test_moving_a_region_recounts_its_old_and_new_ancestors(regions, make_space):
    make_space(regions["nanshan"])
    shenzhen = regions["shenzhen"]
    shenzhen.parent = regions["china"]
    shenzhen.save()
    assert kept() == counted()
    assert Region.objects.get(slug="guangdong").space_count == 0


def test_bulk_writes_recount_once_at_the_end(regions, django_assert_max_num_queries):
    with bulk_writes(bypassing_signals=True):
        Space.objects.bulk_create(
            Space(slug=f"bulk-{n}", name_en=f"Bulk {n}", region=regions["nanshan"]) for n in range(20)
        )
        assert Region.objects.get(slug="nanshan").space_count == 0  # not recounted inside
    assert kept() == counted()
    assert Region.objects.get(slug="nanshan").space_count == 20


def test_saves_inside_bulk_writes_recount_nothing_each(regions, make_space, django_assert_num_queries):
    space = make_space(regions["nanshan"])
    with bulk_writes():
        with django_assert_num_queries(1):  # the update alone: no lookup before, no recount after
            space.kind = "incubator"
            space.save(update_fields=["kind"])
    assert kept() == counted()


def test_recount_all_repairs_a_wrong_count(regions, make_space):
    make_space(regions["nanshan"])
    Region.objects.filter(slug="china").update(space_count=99)
    KindStatusCount.objects.all().delete()
    counting.recount_all()
    assert kept() == counted()


def test_a_save_that_changes_nothing_counted_recounts_nothing(regions, make_space, django_assert_num_queries):
    space = make_space(regions["nanshan"])
    space.name_en = "Renamed"
    # The lookup of what it counted as, the update, the search document, the data version.
    with django_assert_num_queries(4):
        space.save()


def test_reload_fixtures_leaves_the_counts_right(db):
    from django.core.management import call_command

    call_command("reload_fixtures", verbosity=0)
    assert kept() == counted()
    # Every space lies below one region without a parent (China, or another country).
    assert sum(Region.objects.filter(parent=None).values_list("space_count", flat=True)) == Space.objects.count()


# Writes in any order -------------------------------------------------------------------------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["create", "move", "kind", "delete", "role", "unrole", "service", "unservice", "designate"]),
        st.integers(0, 5),
        st.integers(0, 3),
    ),
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_sequence_of_writes_keeps_every_count(regions, source, operations):
    with transaction.atomic():
        places = [regions["nanshan"], regions["beijing"], regions["shenzhen"]]
        operators = [Operator.objects.create(slug=f"h-op-{n}", name_en=f"Op {n}", kind="company") for n in range(2)]
        services = [Service.objects.create(slug=f"h-service-{n}", name=f"Service {n}") for n in range(2)]
        for number, (operation, which, other) in enumerate(operations):
            spaces = list(Space.objects.order_by("pk"))
            space = spaces[which % len(spaces)] if spaces else None
            if operation == "create" or space is None:
                Space.objects.create(slug=f"h-{number}", name_en=f"H {number}", region=places[other % 3])
            elif operation == "move":
                space.region = places[other % 3]
                space.save()
            elif operation == "kind":
                space.kind = ["incubator", "park", "maker_space", "co_working"][other]
                space.save()
            elif operation == "delete":
                space.delete()
            elif operation == "role":
                SpaceOperator.objects.get_or_create(
                    space=space, operator=operators[other % 2], role=["operator", "partner"][which % 2], source=source
                )
            elif operation == "unrole":
                SpaceOperator.objects.filter(space=space, operator=operators[other % 2]).delete()
            elif operation == "service":
                space.services.add(services[other % 2])
            elif operation == "unservice":
                services[other % 2].spaces.remove(space)
            else:
                Designation.objects.create(
                    slug=f"h-d-{number}",
                    space=space,
                    level=["national", "municipal"][other % 2],
                    title="T",
                    source=source,
                )
            assert kept() == counted(), (number, operation)
        transaction.set_rollback(True)


# Writers at once --------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time")
@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_leave_the_counts_right():
    china = Region.objects.create(slug="china", name_en="China", kind="country")
    city = Region.objects.create(slug="city", name_en="City", kind="city", parent=china)
    districts = [Region.objects.create(slug=f"d{n}", name_en=f"D{n}", kind="district", parent=city) for n in range(2)]
    first_written = threading.Event()
    errors = []

    def write(district, n):
        try:
            if n:
                first_written.wait(10)  # the first writer holds its locks, uncommitted
            with transaction.atomic():
                Space.objects.create(slug=f"w-{n}", name_en=f"W {n}", region=district)
                if not n:
                    first_written.set()
                    time.sleep(0.5)  # the second writer now waits for the regions the first has locked
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(district, n)) for n, district in enumerate(districts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert kept() == counted()
    assert Region.objects.get(slug="china").space_count == 2
