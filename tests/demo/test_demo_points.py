"""The demo generator's synthetic regions borrow real divisions, and its spaces' points lie inside them."""

import io

from django.core.management import call_command

from makerspaces.maps import boundaries
from makerspaces.maps.coordinates import Point
from makerspaces.models import Region, Space


def test_synthetic_spaces_have_points_inside_their_synthetic_regions(db):
    call_command("generate_demo_data", "--spaces", "150", "--seed", "3", stdout=io.StringIO())
    regions = Region.objects.filter(synthetic=True).exclude(kind="country")
    assert regions.exists() and not regions.filter(division_code="").exists()
    spaces = Space.objects.filter(synthetic=True).select_related("region")
    assert spaces.count() == 150
    for space in spaces:
        assert space.has_point and space.point_system == "wgs84"
        division = boundaries.division(space.region.division_code)
        assert division.contains(Point(space.latitude, space.longitude)), space.slug
        # The borrowed division lies inside the one its synthetic parent borrowed.
        parent = space.region.parent
        assert division.code.startswith(parent.division_code.rstrip("0")[:2])
