"""Maps zoomed to one place: a region's page (its cities or districts, shaded by their spaces, with the
points of its located spaces) and a space's page (a small locator: its province or city, and its point)."""

from django.utils.translation import gettext as _

from ..choices import RegionKind
from ..models import Region, Space
from . import boundaries
from .coordinates import Point
from .svg import DrawnMap, MapArea, MapDot, Projection, dot_radius

REGION_WIDTH = 640
LOCATOR_WIDTH = 320
# The points a region's map draws at most: beyond this the shading already tells where they are.
POINTS_LIMIT = 300


def drawn_children(division):
    """The divisions to draw inside ``division``: its children, or a municipality's districts (its one
    child is the city of the same name), or the division itself when it has none."""
    children = boundaries.children_of(division.code)
    if len(children) == 1:
        children = boundaries.children_of(children[0].code) or children
    return children or [division]


def bounds(divisions):
    boxes = [division.bounds for division in divisions]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def region_map(region, ancestors):
    """The DrawnMap of a region's page, or None for a region the boundary data cannot place (abroad)."""
    centre = boundaries.region_centre(region, ancestors)
    if centre is None:
        return None
    division = centre.division
    # A district is drawn among its city's districts; a city or province with what lies in it.
    frame = division if boundaries.children_of(division.code) else boundaries.division(division.parent) or division
    shown = drawn_children(frame)
    projection = Projection(bounds(shown), REGION_WIDTH)
    below = {
        row.division_code: row
        for row in Region.objects.filter(division_code__startswith=frame.code.rstrip("0")).only(
            "slug", "name_en", "name_zh", "kind", "division_code", "space_count", "path"
        )
    }
    areas = []
    for child in shown:
        row = below.get(child.code)
        count = row.space_count if row is not None else 0
        areas.append(
            MapArea(
                name=str(row.name) if row is not None else child.name,
                path=projection.path(child.rings, keep_specks=True),
                count=count,
                url=row.get_absolute_url() if row is not None and row.pk != region.pk else "",
                current=child.code == region.division_code,
            )
        )
    areas.sort(key=lambda area: area.current)  # the current area last, so that its outline is on top
    located = (
        Space.objects.in_region(region)
        .with_point()
        .only("slug", "name_en", "name_zh", "latitude", "longitude", "point_precision")
        .order_by("name_en", "pk")[:POINTS_LIMIT]
    )
    points = [space_dot(projection, space, 4) for space in located]
    dots = city_dots(projection, [row for row in below.values() if row.pk != region.pk])
    if centre.inferred:
        title = _("%(region)s lies in %(division)s: its spaces with a point on the map") % {
            "region": region.name,
            "division": division.name,
        }
    else:
        title = _("%(region)s: its areas shaded by their number of spaces, and its spaces' points") % {
            "region": region.name
        }
    return DrawnMap(title=title, view_box=projection.view_box, areas=areas, dots=dots, points=points)


def city_dots(projection, rows):
    """A dot for each city with spaces, sized by its count, linking to the city's directory."""
    cities = [row for row in rows if row.kind == RegionKind.CITY and row.space_count]
    largest = max((row.space_count for row in cities), default=1)
    dots = []
    for row in sorted(cities, key=lambda row: (-row.space_count, row.name_en)):
        division = boundaries.division(row.division_code)
        if division is not None:
            x, y = projection.fxy(division.centre.lon, division.centre.lat)
            radius = dot_radius(row.space_count, largest, smallest=6.0, biggest=16.0)
            centre = division.centre
            dots.append(
                MapDot(
                    str(row.name),
                    x,
                    y,
                    radius,
                    row.space_count,
                    row.get_directory_url(),
                    lat=centre.lat,
                    lon=centre.lon,
                )
            )
    return dots


def space_dot(projection, space, radius):
    x, y = projection.fxy(space.longitude, space.latitude)
    return MapDot(
        str(space.name), x, y, radius, url=space.get_absolute_url(), detail=space.get_point_precision_display()
    )


def locator_map(space):
    """A small map placing a space with a point in its province (or its municipality's districts)."""
    if not space.has_point:
        return None
    found = boundaries.divisions_at(Point(space.latitude, space.longitude))
    if not found:
        return None
    province = found[0]
    shown = drawn_children(province)
    projection = Projection(bounds(shown), LOCATOR_WIDTH)
    inside = {division.code for division in found}
    areas = [
        MapArea(name=child.name, path=projection.path(child.rings, keep_specks=True), current=child.code in inside)
        for child in shown
    ]
    areas.sort(key=lambda area: area.current)
    title = _("Where %(space)s is") % {"space": space.name_en}
    return DrawnMap(
        title=title, view_box=projection.view_box, areas=areas, points=[space_dot(projection, space, 5)], legend=[]
    )
