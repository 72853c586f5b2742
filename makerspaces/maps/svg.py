"""Drawing maps as SVG on the server: a projection onto a viewBox, compact path data, and the drawn
map object the template writes out (areas shaded by class, dots, points, and its text alternative).

No style attribute and no script: shading is a CSS class per bucket (static/css/site.css), so the
maps stay valid inside the strict Content-Security-Policy.
"""

import math
from dataclasses import dataclass, field

# Spaces per area → the shading class's number (map-shade-0 ... map-shade-5).
SHADE_FLOORS = (0, 1, 2, 5, 20, 100)


def shade(count):
    return max(index for index, floor in enumerate(SHADE_FLOORS) if count >= floor)


def shade_legend():
    """``[(class number, "1", "2–4", ..., "100 or more")]`` for the map's key."""
    rows = []
    for index, floor in enumerate(SHADE_FLOORS):
        following = SHADE_FLOORS[index + 1] if index + 1 < len(SHADE_FLOORS) else None
        if following is None:
            label = f"{floor}+"
        elif following - floor == 1:
            label = str(floor)
        else:
            label = f"{floor}–{following - 1}"
        rows.append((index, label))
    return rows


class Projection:
    """Equirectangular, with longitudes narrowed by the cosine of the middle latitude, onto a viewBox
    ``width`` units wide; one unit is about the simplification's tolerance, so coordinates are integers."""

    def __init__(self, bounds, width, margin=0.02):
        west, south, east, north = bounds
        pad_x, pad_y = (east - west) * margin + 0.01, (north - south) * margin + 0.01
        self.west, self.north = west - pad_x, north + pad_y
        self.aspect = math.cos(math.radians((south + north) / 2))
        span_x = (east - west + 2 * pad_x) * self.aspect
        self.scale = width / span_x
        self.width = width
        self.height = max(1, round((north - south + 2 * pad_y) * self.scale))

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    def xy(self, lon, lat):
        return round((lon - self.west) * self.aspect * self.scale), round((self.north - lat) * self.scale)

    def fxy(self, lon, lat):
        """A point, to a tenth of a unit: dots and points need not snap to the grid of the outlines."""
        x = (lon - self.west) * self.aspect * self.scale
        y = (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)

    def path(self, rings, closed=True, keep_specks=False):
        """SVG path data: an absolute move, then relative integer steps; rings that shrink to a speck are
        left out, or drawn as a one-unit square with ``keep_specks`` (islands the map must show)."""
        parts = []
        for ring in rings:
            points = []
            for lon, lat in ring:
                point = self.xy(lon, lat)
                if not points or point != points[-1]:
                    points.append(point)
            if closed and len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) < (3 if closed else 2):
                if keep_specks and points:
                    parts.append(f"M{points[0][0]} {points[0][1]}h1v1h-1z")
                continue
            steps = " ".join(
                f"{x - previous_x} {y - previous_y}"
                for (previous_x, previous_y), (x, y) in zip(points, points[1:], strict=False)
            )
            parts.append(f"M{points[0][0]} {points[0][1]}l{steps}{'z' if closed else ''}")
        return "".join(parts)


@dataclass
class MapArea:
    """A province, city or district drawn on a map; ``url`` makes it a link."""

    name: str
    path: str
    count: int = 0
    url: str = ""
    current: bool = False

    @property
    def shade(self):
        return shade(self.count)


@dataclass
class MapDot:
    """A city's dot (sized by its number of spaces) or a space's point."""

    name: str
    x: float
    y: float
    radius: float
    count: int = 0
    url: str = ""
    detail: str = ""
    # Where it is (WGS-84), for the optional tile layer (maps/tiles.py).
    lat: float | None = None
    lon: float | None = None


@dataclass
class DrawnMap:
    """What the template writes: the SVG's parts, and the same figures as rows for the text alternative."""

    title: str
    view_box: str
    areas: list = field(default_factory=list)
    dots: list = field(default_factory=list)
    points: list = field(default_factory=list)
    lines: str = ""
    # Spaces the map cannot place (no region in the boundary data, or abroad), said in the text.
    unplaced: int = 0
    legend: list = field(default_factory=shade_legend)

    @property
    def listed_areas(self):
        return sorted((area for area in self.areas if area.count), key=lambda area: (-area.count, area.name))


def dot_radius(count, largest, smallest=4.0, biggest=14.0):
    """A dot's radius: its area grows with the count, from ``smallest`` to ``biggest`` units."""
    if largest <= 1:
        return smallest
    return round(smallest + (biggest - smallest) * math.sqrt((count - 1) / (largest - 1)), 1)
