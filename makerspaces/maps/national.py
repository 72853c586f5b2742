"""The map of China's provinces: each shaded by its number of spaces, each city with spaces a dot sized
by its count that links to the city's directory. Drawn on the home page with every space counted, and
above the directory's results with the directory's filters applied (``counts``)."""

from functools import cache

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import RegionKind
from ..models import Region
from . import boundaries
from .svg import DrawnMap, MapArea, MapDot, Projection, dot_radius

WIDTH = 800


def province_code(code):
    return f"{code[:2]}0000"


def mapped_regions():
    """The provinces and cities that name a division (the map's areas and dots), and the roots (countries):
    one query. Districts are left out: a national register has thousands, and the map of China draws none."""
    return list(
        Region.objects.filter(
            Q(parent__isnull=True) | (~Q(division_code="") & Q(kind__in=[RegionKind.PROVINCE, RegionKind.CITY]))
        )
        .only("slug", "name_en", "name_zh", "kind", "path", "division_code", "space_count", "parent_id")
        .order_by("path")
    )


def spaces_label(name, count):
    return ngettext("%(name)s: %(count)s space", "%(name)s: %(count)s spaces", count) % {
        "name": name,
        "count": count,
    }


def national_map(counts=None, regions=None, link=None):
    """The DrawnMap of China. ``counts`` is ``{region slug: spaces}`` (a filtered directory's); without
    it every region's kept count is used, as the directory's counts are. ``link(region)`` is where an
    area and a dot lead: by default a province to its page, a city to its directory."""
    regions = mapped_regions() if regions is None else regions
    count_of = (lambda region: region.space_count) if counts is None else (lambda region: counts.get(region.slug, 0))
    provinces, projection, outlines = drawn_provinces()

    # Each province's spaces: those of the highest region that names a division in it.
    by_province = {}
    for region in regions:
        if region.division_code:
            by_province.setdefault(province_code(region.division_code), region)  # ordered by path: highest first
    placed = 0
    areas = []
    for province in provinces:
        region = by_province.get(province.code)
        count = count_of(region) if region is not None else 0
        placed += count
        name = str(region.name) if region is not None else province.name
        url = ""
        if region is not None and count:
            url = link(region) if link else region.get_absolute_url()
        areas.append(MapArea(name=name, path=outlines[province.code], count=count, url=url))
    areas.sort(key=lambda area: (-area.count, area.name))

    cities = [
        (region, count_of(region))
        for region in regions
        if region.kind == RegionKind.CITY and region.division_code and count_of(region)
    ]
    largest = max((count for _, count in cities), default=1)
    dots = []
    for region, count in sorted(cities, key=lambda pair: (-pair[1], pair[0].name_en)):
        division = boundaries.division(region.division_code) or boundaries.division(province_code(region.division_code))
        if division is None:
            continue
        x, y = projection.fxy(division.centre.lon, division.centre.lat)
        url = link(region) if link else region.get_directory_url()
        centre = division.centre
        dots.append(
            MapDot(str(region.name), x, y, dot_radius(count, largest), count, url, lat=centre.lat, lon=centre.lon)
        )

    total = sum(count_of(region) for region in regions if region.parent_id is None)
    return DrawnMap(
        title=_("China's provinces, shaded by their number of spaces, with a dot for each city"),
        view_box=projection.view_box,
        areas=areas,
        dots=dots,
        lines=outlines["maritime"],
        unplaced=max(0, total - placed),
    )


@cache
def drawn_provinces():
    """The provinces, the projection and their outlines' path data: the same for every request, so drawn
    once per process from the boundary file (which never changes while the site runs)."""
    provinces = boundaries.of_level("province")
    projection = Projection(bounds_of(provinces), WIDTH)
    outlines = {province.code: projection.path(province.rings, keep_specks=True) for province in provinces}
    outlines["maritime"] = projection.path(boundaries.map_data()[1], closed=False)
    return provinces, projection, outlines


def bounds_of(divisions):
    boxes = [division.bounds for division in divisions]
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )
