"""generate_demo_data and remove_demo_data: synthetic rows at scale, kept apart from the curated data."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from demo.background import produced_in_background
from demo.generator import DemoDataGenerator
from demo.names import SlugAllocator
from demo.proportions import Scale
from demo.removal import remove_demo_data
from makerspaces.cache import data_version
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

SMALL = 200


def generate(*args):
    out = io.StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def remove():
    out = io.StringIO()
    call_command("remove_demo_data", stdout=out)
    return out.getvalue()


def snapshot():
    """Everything in the directory, by natural keys and values (no ids)."""
    return {
        "regions": sorted(
            Region.objects.values_list("slug", "name_en", "name_zh", "kind", "parent__slug", "path", "synthetic")
        ),
        "operators": sorted(
            Operator.objects.values_list("slug", "name_en", "name_zh", "kind", "region__slug", "description")
        ),
        "members": sorted(Operator.members.through.objects.values_list("from_operator__slug", "to_operator__slug")),
        "spaces": sorted(
            Space.objects.values_list(
                "slug",
                "name_en",
                "name_zh",
                "aliases",
                "kind",
                "status",
                "region__slug",
                "region_basis",
                "address",
                "opened_on",
                "opened_precision",
                "floor_area_m2",
                "description",
                "audience",
                "synthetic",
            )
        ),
        "roles": sorted(
            SpaceOperator.objects.values_list("space__slug", "operator__slug", "role", "basis", "source__slug")
        ),
        "statistics": sorted(
            Statistic.objects.values_list(
                "slug",
                "metric__slug",
                "region__slug",
                "space__slug",
                "operator__slug",
                "value",
                "value_max",
                "unit",
                "qualifier",
                "as_of",
                "as_of_precision",
                "as_of_basis",
                "is_plan",
                "source__slug",
                "synthetic",
            )
        ),
        "designations": sorted(Designation.objects.values_list("slug", "space__slug", "level", "title", "year")),
        "services": sorted(Space.services.through.objects.values_list("space__slug", "service__slug")),
        "space_sources": sorted(Space.sources.through.objects.values_list("space__slug", "source__slug")),
        "operator_sources": sorted(Operator.sources.through.objects.values_list("operator__slug", "source__slug")),
        "people": sorted(PersonRole.objects.values_list("person__slug", "title", "operator__slug", "space__slug")),
        "sources": sorted(Source.objects.values_list("slug", flat=True)),
    }


def spread_sample(model, size):
    """About size rows spread evenly over the table by pk: the same ones on every run."""
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    chosen = pks[:: max(1, len(pks) // size)][:size]
    return list(model.objects.filter(pk__in=chosen).order_by("pk"))


# Scale ---------------------------------------------------------------------


def test_national_scale_for_100000_spaces():
    assert Scale.for_spaces(100_000) == Scale(100_000, 34, 300, 3_000)


def test_small_runs_scale_regions_down_in_proportion():
    scale = Scale.for_spaces(SMALL)
    assert 2 <= scale.provinces <= scale.cities <= scale.districts <= 10


def test_given_region_counts_win():
    assert Scale.for_spaces(SMALL, provinces=3, cities=5, districts=12) == Scale(SMALL, 3, 5, 12)


@pytest.mark.parametrize(
    "args", [["--spaces", "0"], ["--spaces", "10", "--provinces", "5", "--cities", "3"], ["--spaces", "x"]]
)
def test_bad_options_are_refused(db, args):
    with pytest.raises(CommandError):
        generate(*args)
    assert not Space.objects.exists()


# Generation ---------------------------------------------------------------


def test_same_seed_gives_the_same_data_whatever_the_batch_size(db):
    generate("--spaces", str(SMALL), "--seed", "7")
    first = snapshot()
    remove()
    generate("--spaces", str(SMALL), "--seed", "7", "--batch-size", "37")
    assert snapshot() == first


def test_another_seed_gives_other_data(db):
    generate("--spaces", str(SMALL), "--seed", "7")
    first = snapshot()
    remove()
    generate("--spaces", str(SMALL), "--seed", "8")
    second = snapshot()
    assert second["spaces"] != first["spaces"]
    assert second["statistics"] != first["statistics"]


def test_counts_follow_the_requested_proportions(db):
    output = generate("--spaces", str(SMALL), "--provinces", "3", "--cities", "5", "--districts", "12")
    synthetic = Region.objects.filter(synthetic=True)
    assert Counter(synthetic.values_list("kind", flat=True)) == {"country": 1, "province": 3, "city": 5, "district": 12}
    assert Space.objects.count() == SMALL
    assert Operator.objects.count() == SMALL // 20
    assert Statistic.objects.count() == 3 * SMALL
    assert Counter(Statistic.objects.values_list("metric__slug", flat=True)) == {
        "floor-area": SMALL,
        "enterprises-under-incubation": SMALL,
        "incubated-enterprises": SMALL,
    }
    roles_per_space = Counter(Counter(SpaceOperator.objects.values_list("space", flat=True)).values())
    assert set(roles_per_space) == {1, 2}
    assert roles_per_space[1] > roles_per_space[2]
    assert SpaceOperator.objects.filter(role="operator").count() == SMALL
    assert 0.05 * SMALL <= Designation.objects.count() <= 0.2 * SMALL
    assert Space.objects.filter(services__isnull=False).distinct().count() > 0.7 * SMALL
    # Every province has a city and every city a district.
    assert not Region.objects.filter(synthetic=True, kind__in=["province", "city"], children__isnull=True).exists()
    assert "Generated" in output and "100%" in output


def test_kinds_levels_and_dates_look_like_the_register(db):
    generate("--spaces", "2000", "--seed", "1")
    kinds = Counter(Space.objects.values_list("kind", flat=True))
    assert kinds.most_common(1)[0][0] == "maker_space"
    statuses = Counter(Space.objects.values_list("status", flat=True))
    assert statuses.most_common(1)[0][0] == "open"
    levels = Counter(Designation.objects.values_list("level", flat=True))
    assert 0 < levels["national"] < levels["provincial"] < levels["municipal"]
    dated = Space.objects.exclude(opened_on=None)
    assert {date.year for date in dated.values_list("opened_on", flat=True)} <= set(range(2010, 2025))
    assert set(dated.values_list("opened_precision", flat=True)) == {"day", "month", "quarter", "year", "approximate"}
    assert Space.objects.filter(opened_on=None, opened_precision="").exists()
    assert Space.objects.exclude(aliases="").count() > 0.1 * 2000
    assert not Space.objects.filter(name_zh="").exists()
    assert not Space.objects.filter(description="").exists()
    # Spaces cluster: the busiest district holds several times the average.
    per_district = Counter(Space.objects.filter(region__kind="district").values_list("region", flat=True))
    assert max(per_district.values()) > 3 * (sum(per_district.values()) / len(per_district))


def test_every_row_is_synthetic_or_hangs_off_synthetic_rows(db):
    generate("--spaces", str(SMALL))
    source = Source.objects.get(slug=SYNTHETIC_SOURCE_SLUG)
    assert Source.objects.count() == 1
    for model in (Region, Operator, Space, Statistic):
        assert not model.objects.filter(synthetic=False).exists(), model
    assert not SpaceOperator.objects.exclude(space__synthetic=True, operator__synthetic=True, source=source).exists()
    assert not Designation.objects.exclude(space__synthetic=True, source=source).exists()
    assert not Statistic.objects.exclude(source=source).exists()
    assert set(Space.sources.through.objects.values_list("source", flat=True)) == {source.pk}
    assert Space.sources.through.objects.count() == SMALL


def test_creates_a_synthetic_china_only_when_there_is_none(sample):
    generate("--spaces", str(SMALL))
    china = Region.objects.get(slug="china")
    assert not china.synthetic
    provinces = Region.objects.filter(synthetic=True, kind="province")
    assert provinces.exists()
    assert set(provinces.values_list("parent", flat=True)) == {china.pk}


def test_paths_are_computed_without_save(db):
    generate("--spaces", str(SMALL))
    for region in Region.objects.filter(synthetic=True).select_related("parent"):
        assert region.path == region.compute_path()
    district = Region.objects.filter(synthetic=True, kind="district").first()
    city = district.parent
    assert set(Space.objects.in_region(city)) >= set(Space.objects.filter(region=district))


def test_generated_rows_pass_full_clean(db):
    generate("--spaces", str(SMALL))
    for model in (Region, Operator, Space, SpaceOperator, Designation, Statistic):
        rows = spread_sample(model, 25)
        assert rows, model
        for row in rows:
            row.full_clean()


def test_reuses_curated_metrics_and_services(sample):
    floor_area = Metric.objects.create(slug="floor-area", name="Floor area of a space")
    generate("--spaces", str(SMALL))
    assert Metric.objects.filter(slug="floor-area").count() == 1
    assert Statistic.objects.filter(metric=floor_area, synthetic=True).count() == SMALL
    # The sample's one service is reused; none is added beside it.
    assert list(Service.objects.values_list("slug", flat=True)) == ["mentoring"]
    assert Space.objects.filter(synthetic=True, services__slug="mentoring").exists()


def test_creates_standard_services_when_there_are_none(db):
    generate("--spaces", str(SMALL))
    assert Service.objects.count() >= 8
    assert Space.services.through.objects.values("service").distinct().count() == Service.objects.count()


def test_slugs_never_take_curated_ones():
    allocator = SlugAllocator({"nanshan", "nanshan-2"}, 120)
    assert [allocator.from_text("Nanshan") for _ in range(3)] == ["nanshan-3", "nanshan-4", "nanshan-5"]
    assert allocator.from_text("Futian District") == "futian-district"


def test_refuses_to_run_twice_unless_replacing(db):
    generate("--spaces", str(SMALL), "--seed", "3")
    first = snapshot()
    with pytest.raises(CommandError, match="exists already"):
        generate("--spaces", "10")
    generate("--spaces", str(SMALL), "--seed", "3", "--replace")
    assert snapshot() == first


def test_generating_and_removing_bump_the_data_version(db):
    before = data_version()
    generate("--spaces", "20")
    after_generating = data_version()
    assert after_generating > before
    remove()
    assert data_version() > after_generating


# Removal ------------------------------------------------------------------


def test_remove_deletes_exactly_the_synthetic_rows(sample):
    Person.objects.get().sources.add(Source.objects.get(slug="test-article"))
    before = snapshot()
    generate("--spaces", str(SMALL))
    output = remove()
    assert snapshot() == before
    assert "Removed" in output
    assert not Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).exists()
    # The sample's rows are all still there, links included.
    space = Space.objects.get(slug="x-space")
    assert list(space.services.values_list("slug", flat=True)) == ["mentoring"]
    assert space.operator_roles.get().operator.slug == "foresea-cube"
    assert Statistic.objects.filter(synthetic=False).count() == 3


def test_removal_takes_the_metrics_and_services_it_added(db):
    generate("--spaces", "50")
    assert Metric.objects.filter(synthetic=True).exists() and Service.objects.filter(synthetic=True).exists()
    remove()
    assert not Metric.objects.exists() and not Service.objects.exists()


def test_removal_keeps_added_metrics_and_services_that_curated_rows_use(sample, make_statistic):
    generate("--spaces", "50")
    floor_area = Metric.objects.get(slug="floor-area")
    kept = make_statistic(metric=floor_area, space=Space.objects.get(slug="x-space"), value=10)
    remove()
    kept.refresh_from_db()
    floor_area.refresh_from_db()
    # It stays, now as curated data, so that an export keeps what the statistic refers to.
    assert not floor_area.synthetic
    assert not Metric.objects.filter(synthetic=True).exists()


def test_removal_counts_match_what_was_generated(sample):
    counts = DemoDataGenerator(Scale.for_spaces(SMALL), seed=5).run()
    removed = remove_demo_data()
    assert {label: count for label, count in removed.items() if count} == counts


def test_removal_takes_links_that_cite_the_synthetic_source(sample):
    generate("--spaces", "20")
    synthetic_source = Source.objects.get(slug=SYNTHETIC_SOURCE_SLUG)
    sample["space"].sources.add(synthetic_source)
    remove()
    assert list(sample["space"].sources.values_list("slug", flat=True)) == ["test-article"]


def test_remove_refuses_when_curated_rows_point_at_synthetic_ones(sample):
    generate("--spaces", "20")
    district = Region.objects.filter(synthetic=True, kind="district").first()
    Space.objects.filter(slug="x-space").update(region=district)
    with pytest.raises(CommandError, match="Nothing was removed"):
        remove()
    assert Space.objects.filter(synthetic=True).count() == 20
    assert Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).exists()


def test_remove_without_synthetic_data_changes_nothing(sample):
    before = snapshot()
    output = remove()
    assert snapshot() == before
    assert "Removed 0 rows" in output


# Writing paths --------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only")
def test_copy_and_bulk_create_write_the_same_rows(db):
    DemoDataGenerator(Scale.for_spaces(SMALL), seed=9, use_copy=True).run()
    copied = snapshot()
    remove_demo_data()
    DemoDataGenerator(Scale.for_spaces(SMALL), seed=9, use_copy=False).run()
    assert snapshot() == copied


def test_background_producer_hands_on_items_in_order():
    assert list(produced_in_background(iter(range(100)), buffered=3)) == list(range(100))


def test_background_producer_raises_its_error_in_the_consumer():
    def items():
        yield 1
        raise RuntimeError("drafting failed")

    consumed = []
    with pytest.raises(RuntimeError, match="drafting failed"):
        for item in produced_in_background(items()):
            consumed.append(item)
    assert consumed == [1]


def test_background_producer_stops_when_the_consumer_stops():
    produced = []

    def items():
        for number in range(1000):
            produced.append(number)
            yield number

    for item in produced_in_background(items(), buffered=2):
        if item == 5:
            break
    assert len(produced) < 20


# With the fixture commands ---------------------------------------------------


def test_export_and_prune_leave_demo_data_alone(sample, tmp_path, settings):
    generate("--spaces", "50")
    call_command("export_fixtures", fixture_dir=tmp_path, stdout=io.StringIO())
    exported = "".join(path.read_text() for path in tmp_path.glob("*.json"))
    assert SYNTHETIC_SOURCE_SLUG not in exported
    for space in Space.objects.filter(synthetic=True)[:10]:
        assert f'"{space.slug}"' not in exported
    assert '"x-space"' in exported

    settings.BACKUP_DIR = tmp_path / "backups"
    out = io.StringIO()
    call_command("reload_fixtures", fixture_dir=tmp_path, prune=True, stdout=out)
    total_line = next(line for line in out.getvalue().splitlines() if line.startswith("total"))
    assert total_line.split()[-1] == "0"  # nothing pruned
    assert Space.objects.filter(synthetic=True).count() == 50
    assert Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).exists()


def test_generation_leaves_fresh_planner_statistics(db):
    from django.db import connection

    generate("--spaces", "120")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'makerspaces_space'")
        else:
            cursor.execute("SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'makerspaces_space' LIMIT 1")
        (rows,) = cursor.fetchone()
    # The planner knows the table holds the generated spaces, not the empty table it was.
    assert rows >= 120


def test_generating_and_removing_leave_every_kept_count_right(db):
    from tests.test_counting import counted, kept

    call_command("reload_fixtures", verbosity=0)
    generate("--spaces", str(SMALL), "--seed", "3")
    assert kept() == counted()
    assert Region.objects.get(slug="china").space_count > SMALL // 2
    remove()
    assert kept() == counted()
