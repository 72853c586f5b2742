"""Prepare the load-test database and print the paths to request, one per line.

Run by bench/loadtest.sh with the production settings. Loads the curated fixtures when
the project has them (reload_fixtures); a database still without spaces gets a small
synthetic data set so the pages have something to show. The path list mixes the home
page, every list page, filtered directory pages and detail pages whose slugs are read
from the database.
"""

import datetime
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402

from core.routes import public_routes  # noqa: E402
from makerspaces.models import Operator, Region, Source, Space  # noqa: E402

DETAILS_PER_ROUTE = 10


def load_data():
    if "reload_fixtures" in get_commands():
        call_command("reload_fixtures", verbosity=0)
    if not Space.objects.exists():
        seed_synthetic()


def seed_synthetic(provinces=4, cities=3, districts=3, spaces_per_district=8):
    """A synthetic region tree with spaces and operators, flagged synthetic."""
    rng = random.Random(2017)
    source, _ = Source.objects.get_or_create(
        slug="load-test-source", defaults={"title": "Load-test source", "published_on": datetime.date(2017, 1, 1)}
    )
    country = Region.objects.create(slug="lt-china", name_en="China", kind="country", synthetic=True)
    operators = [
        Operator.objects.create(slug=f"lt-operator-{n}", name_en=f"Operator {n}", kind="company", synthetic=True)
        for n in range(1, 21)
    ]
    n = 0
    for p in range(1, provinces + 1):
        province = Region.objects.create(
            slug=f"lt-p{p}", name_en=f"Province {p}", kind="province", parent=country, synthetic=True
        )
        for c in range(1, cities + 1):
            city = Region.objects.create(
                slug=f"lt-p{p}-c{c}", name_en=f"City {p}.{c}", kind="city", parent=province, synthetic=True
            )
            for d in range(1, districts + 1):
                district = Region.objects.create(
                    slug=f"lt-p{p}-c{c}-d{d}",
                    name_en=f"District {p}.{c}.{d}",
                    kind="district",
                    parent=city,
                    synthetic=True,
                )
                for _ in range(spaces_per_district):
                    n += 1
                    space = Space.objects.create(
                        slug=f"lt-space-{n}",
                        name_en=f"Space {n}",
                        region=district,
                        kind=rng.choice(Space.Kind.values),
                        status=rng.choice(Space.Status.values),
                        synthetic=True,
                    )
                    space.sources.add(source)
                    space.operators.add(rng.choice(operators), through_defaults={"source": source})


def sample(queryset, count):
    real = queryset.filter(synthetic=False) if hasattr(queryset.model, "synthetic") else queryset
    chosen = list(real.order_by("pk")[:count]) or list(queryset.order_by("pk")[:count])
    return chosen


def paths():
    routes = public_routes()
    result = [route.reverse() for route in routes if not route.converters]
    for route in routes:
        if route.converters:
            result += [route.url_for(obj) for obj in sample(route.model._default_manager.all(), DETAILS_PER_ROUTE)]
    # Filtered directory pages: a city (which includes its districts), a district, a kind,
    # a status, a search word and a second page.
    space_list = "/spaces/"
    for kind in ("city", "district"):
        region = Region.objects.filter(kind=kind, spaces__isnull=False).order_by("pk").first() or (
            Region.objects.filter(kind=kind, parent__spaces__isnull=False).order_by("pk").first()
        )
        if region:
            result.append(f"{space_list}?{urlencode({'region': region.slug})}")
    common = Space.objects.order_by("pk").values_list("kind", "status").first() or ("maker_space", "open")
    result.append(f"{space_list}?{urlencode({'kind': common[0]})}")
    result.append(f"{space_list}?{urlencode({'status': common[1]})}")
    result.append(f"{space_list}?{urlencode({'q': 'space'})}")
    if Space.objects.count() > 25:
        result.append(f"{space_list}?page=2")
    return result


if __name__ == "__main__":
    load_data()
    print("\n".join(paths()))
