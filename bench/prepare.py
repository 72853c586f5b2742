"""Prepare the load-test database and write the paths to request, one per line, to the file named by argv[1].

Run by bench/loadtest.sh with the production settings. Loads the curated fixtures when
the project has them (reload_fixtures); a database still without spaces gets a small
synthetic data set so the pages have something to show. The path list mixes the home
page, every list page, filtered directory pages and detail pages whose slugs are read
from the database.
"""

import datetime
import io
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402

from core.routes import public_routes  # noqa: E402
from makerspaces.models import Operator, Region, Source, Space  # noqa: E402

DETAILS_PER_ROUTE = 10


def load_data():
    if "reload_fixtures" in get_commands():
        call_command("reload_fixtures", stdout=io.StringIO())
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
    # Filtered directory pages: the regions around one space (its district, city and
    # province), its kind and status, both together, a search word and a second page.
    # Filter names come from the directory's FilterSet when it has one.
    space_list = reverse("makerspaces:space-list")
    view = resolve(space_list).func.view_class
    filterset_class = getattr(view, "filterset_class", None)
    names = set(filterset_class.base_filters) if filterset_class else set()
    space = sample(Space.objects.select_related("region"), 1)[0]
    for region in [space.region, *space.region.ancestors()]:
        if region.kind in ("district", "city", "province"):
            name = region.kind if region.kind in names else "region"
            result.append(reverse("makerspaces:space-list", query={name: region.slug}))
    result.append(reverse("makerspaces:space-list", query={"kind": space.kind}))
    result.append(reverse("makerspaces:space-list", query={"status": space.status}))
    result.append(reverse("makerspaces:space-list", query={"kind": space.kind, "status": space.status}))
    result.append(reverse("makerspaces:space-list", query={"q": space.name_en.split()[0]}))
    if Space.objects.count() > 25:
        result.append(reverse("makerspaces:space-list", query={"page": 2}))
    return result


if __name__ == "__main__":
    load_data()
    Path(sys.argv[1]).write_text("\n".join(paths()) + "\n")
