"""The simplified boundaries (``data/boundaries.json.gz``, written by ``build_map_data``): each division's
name, level, parent, centre and rings in WGS-84; read once per process, never simplified per request.

A region of the directory names its division by ``division_code``. A region without one (an area, a
park) or whose division the data set lacks takes the centre of the nearest region above it that has
one, and that centre is marked inferred.
"""

import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from .coordinates import Point

DATA_FILE = Path(__file__).parent / "data" / "boundaries.json.gz"
SCALE = 1000


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str | None
    centre: Point
    rings: tuple

    @property
    def bounds(self):
        """``(west, south, east, north)`` of its rings."""
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        return min(xs), min(ys), max(xs), max(ys)

    def contains(self, point):
        return any(ring_contains(ring, point.lon, point.lat) for ring in self.rings)


@dataclass(frozen=True)
class Centre:
    """A region's centre, and where it comes from: its own division, or (inferred) one above it."""

    point: Point
    division: Division
    inferred: bool

    @property
    def reason(self):
        if not self.inferred:
            return ""
        return _("The boundary data has no division for this region: the centre of %(name)s is used.") % {
            "name": self.division.name
        }


def decoded(flat):
    ring, x, y = [], 0, 0
    for dx, dy in zip(flat[::2], flat[1::2], strict=True):
        x, y = x + dx, y + dy
        ring.append((x / SCALE, y / SCALE))
    return tuple(ring)


def ring_contains(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@cache
def map_data():
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as file:
        data = json.load(file)
    divisions = {
        code: Division(
            code,
            row["name"],
            row["level"],
            row["parent"],
            Point(row["centre"][1], row["centre"][0]),
            tuple(decoded(ring) for ring in row["rings"]),
        )
        for code, row in data["divisions"].items()
    }
    maritime = tuple(tuple((x, y) for x, y in line) for line in data["maritime"])
    return divisions, maritime


def divisions():
    return map_data()[0]


def division(code):
    return divisions().get(code or "")


def of_level(level):
    return [item for item in divisions().values() if item.level == level]


def children_of(code):
    return [item for item in divisions().values() if item.parent == code]


def region_centre(region, ancestors=()):
    """The Centre of ``region``, from its own division or the nearest of ``ancestors`` (root first) with one."""
    own = division(region.division_code)
    if own is not None:
        return Centre(own.centre, own, inferred=False)
    for ancestor in reversed(list(ancestors)):
        above = division(ancestor.division_code)
        if above is not None:
            return Centre(above.centre, above, inferred=True)
    return None


def divisions_at(point):
    """The divisions containing ``point``, largest first (province, city, district); empty at sea or abroad."""
    province = next((item for item in of_level("province") if item.contains(point)), None)
    if province is None:
        return []
    below = [item for item in divisions().values() if item.code[:2] == province.code[:2] and item is not province]
    found = [province]
    for level in ("city", "district"):
        match = next((item for item in below if item.level == level and item.contains(point)), None)
        if match is not None:
            found.append(match)
    return found
