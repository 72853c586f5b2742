"""Points on the earth: the three datums used in China, parsing what editors and visitors type, distances.

Stored points are WGS-84. Chinese map providers publish shifted coordinates by law: GCJ-02 (Gaode,
Tencent) and BD-09 (Baidu, GCJ-02 shifted once more). prcoords (public domain) converts between them;
its inverse conversions iterate to about a millimetre inside China.
"""

import math
import re
from dataclasses import dataclass

import prcoords
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..choices import CoordinateSystem

EARTH_RADIUS_KM = 6371.0088
# A degree of latitude, in kilometres (the mean radius): the bounding box's half-height per kilometre.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

# "31.2304, 121.4737", "31.2304 121.4737", "31.2304,121.4737": latitude first, as map apps copy them.
PAIR = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[,，\s]\s*([-+]?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float

    def __str__(self):
        return f"{self.lat:.6f}, {self.lon:.6f}"


def checked(lat, lon):
    """A Point from two numbers, or a ValidationError saying what is wrong (NaN, infinite, out of range)."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(_("Give the latitude and the longitude as numbers."), code="not_numbers") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValidationError(_("A latitude or longitude must be a finite number."), code="not_finite")
    if not -90 <= lat <= 90:
        raise ValidationError(_("A latitude lies between -90 and 90 degrees."), code="latitude_range")
    if not -180 <= lon <= 180:
        raise ValidationError(_("A longitude lies between -180 and 180 degrees."), code="longitude_range")
    return Point(lat, lon)


def parse_pair(text):
    """A Point from "lat, lon" text; a ValidationError for anything else."""
    match = PAIR.match(text or "")
    if not match:
        raise ValidationError(
            _("Write the point as “latitude, longitude” in decimal degrees, e.g. “31.2304, 121.4737”."),
            code="not_a_pair",
        )
    return checked(*match.groups())


def in_china(point):
    """Roughly China's extent: the only place where GCJ-02 and BD-09 shift points."""
    return prcoords.sanity_in_china_p(prcoords.Coords(point.lat, point.lon))


# prcoords' conversions of each shifted datum: (to WGS-84, from WGS-84).
SHIFTS = {
    CoordinateSystem.GCJ02: (prcoords.gcj_wgs_bored, prcoords.wgs_gcj),
    CoordinateSystem.BD09: (prcoords.bd_wgs, prcoords.wgs_bd),
}


def _shifted(point, system, direction):
    # Outside China the datums agree: nothing is shifted (prcoords' iterated inverse would wander there).
    if system not in SHIFTS or not in_china(point):
        return point
    coords = SHIFTS[system][direction](prcoords.Coords(point.lat, point.lon))
    return Point(coords.lat, coords.lon)


def to_wgs84(point, system):
    """The WGS-84 point of ``point`` given in ``system``."""
    return _shifted(point, system, 0)


def from_wgs84(point, system):
    """``point`` (WGS-84) as shown by a map in ``system``: how points go onto a GCJ-02 tile server."""
    return _shifted(point, system, 1)


def distance_km(a, b):
    """The great-circle distance between two points (haversine on the mean radius)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre, km):
    """``(south, north, west, east)``: a box holding every point within ``km`` of ``centre``.

    Served by the index on (latitude, longitude) before the exact distance is computed; widened
    to every longitude near the poles, where a degree of longitude shrinks to nothing.
    """
    dlat = km / KM_PER_DEGREE
    south, north = max(-90.0, centre.lat - dlat), min(90.0, centre.lat + dlat)
    cos_lat = math.cos(math.radians(max(abs(south), abs(north))))
    dlon = 180.0 if cos_lat < 0.01 else min(180.0, dlat / cos_lat)
    return south, north, max(-180.0, centre.lon - dlon), min(180.0, centre.lon + dlon)
