"""Time reload_fixtures and export_fixtures on a data set of about 370 objects.

    .venv/bin/python bench/reload_fixtures.py [--fixture-dir DIR] [--repeat N]

Without --fixture-dir it generates a data set shaped like the article data (regions
four levels deep, joint ventures, spaces with services and operators, statistics on
every kind of subject). It runs in a throwaway test database (SQLite in memory, or
test_<name> on PostgreSQL when DATABASE_URL is set), never in the site's database.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from makerspaces.data.export import export_fixtures  # noqa: E402
from makerspaces.data.files import FIXTURE_FILES  # noqa: E402
from makerspaces.data.reloading import reload_fixtures  # noqa: E402
from makerspaces.models import (  # noqa: E402
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


def build_data_set():
    day = datetime.date(2017, 9, 26)
    sources = [Source.objects.create(slug=f"article-{n}", title=f"Article {n}", published_on=day) for n in range(5)]
    china = Region.objects.create(slug="china", name_en="China", kind="country")
    districts = []
    for p in range(6):
        province = Region.objects.create(slug=f"province-{p}", name_en=f"Province {p}", kind="province", parent=china)
        for c in range(2):
            city = Region.objects.create(slug=f"city-{p}-{c}", name_en=f"City {p}.{c}", kind="city", parent=province)
            for d in range(3 if c == 0 else 2):
                districts.append(
                    Region.objects.create(
                        slug=f"district-{p}-{c}-{d}", name_en=f"District {p}.{c}.{d}", kind="district", parent=city
                    )
                )
            city.sources.set(sources[:2])
    services = [Service.objects.create(slug=f"service-{n}", name=f"Service {n}") for n in range(10)]
    metrics = [Metric.objects.create(slug=f"metric-{n}", name=f"Metric {n}") for n in range(20)]
    operators = []
    for n in range(40):
        kind = "joint_venture" if n % 8 == 0 else "company"
        operator = Operator.objects.create(slug=f"operator-{n:02}", name_en=f"Operator {n}", kind=kind)
        operator.sources.add(sources[n % 5])
        operators.append(operator)
    for venture in operators[::8]:
        venture.members.set(operators[1:3])
    spaces = []
    for n in range(60):
        space = Space.objects.create(
            slug=f"space-{n:02}",
            name_en=f"Space {n}",
            name_zh="空间",
            region=districts[n % len(districts)],
            opened_on=day,
            opened_precision="month",
            floor_area_m2=1200,
        )
        space.services.set(services[n % 4 : n % 4 + 3])
        space.sources.add(sources[n % 5])
        SpaceOperator.objects.create(space=space, operator=operators[n % 40], source=sources[n % 5])
        spaces.append(space)
    for n in range(15):
        Designation.objects.create(
            slug=f"designation-{n}", space=spaces[n], level="municipal", title="Programme", source=sources[0]
        )
    for n in range(20):
        person = Person.objects.create(slug=f"person-{n:02}", name_en=f"Person {n}")
        PersonRole.objects.create(person=person, title="Head", operator=operators[n], source=sources[1])
    subjects = [{"region": d} for d in districts] + [{"space": s} for s in spaces[:20]]
    for n in range(70):
        Statistic.objects.create(
            slug=f"statistic-{n:02}",
            metric=metrics[n % 20],
            value=n * 1000 + 0.5,
            unit="count",
            as_of=day,
            source=sources[n % 5],
            **subjects[n % len(subjects)],
        )


def wipe():
    for model in (Statistic, PersonRole, Person, Designation, SpaceOperator, Space, Operator, Metric, Service):
        model.objects.all().delete()
    for region in Region.objects.order_by("-path"):
        region.delete()
    Source.objects.all().delete()


def measure(run, repeat, before=None):
    timings, queries = [], 0
    for _ in range(repeat):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()
            timings.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(timings), min(timings), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture-dir", type=Path, help="benchmark these fixture files instead of generated ones")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            fixture_dir = args.fixture_dir
            if fixture_dir is None:
                fixture_dir = scratch / "fixtures"
                build_data_set()
                export_fixtures(fixture_dir)
                wipe()
            objects = sum(
                (fixture_dir / f.filename).read_text(encoding="utf-8").count('"model":')
                for f in FIXTURE_FILES
                if (fixture_dir / f.filename).exists()
            )
            backups = scratch / "backups"

            def reload(**options):
                return lambda: reload_fixtures(fixture_dir, backup_dir=backups, **options)

            results = {
                "first load (empty database)": measure(reload(), args.repeat, before=wipe),
                "reload, nothing changed": measure(reload(), args.repeat),
                "reload --dry-run": measure(reload(dry_run=True), args.repeat),
                "reload --prune, nothing to prune": measure(reload(prune=True), args.repeat),
                "export": measure(lambda: export_fixtures(scratch / "export"), args.repeat),
            }
            print(f"{connection.vendor}, {objects} objects in {fixture_dir}, median and best of {args.repeat}")
            for name, (median, best, queries) in results.items():
                print(f"  {name:<34} median {median * 1000:7.1f} ms   best {best * 1000:7.1f} ms   {queries} queries")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
