"""The optional interactive layer: Leaflet (served from our static files) over a tile server, only when
``settings.MAP_TILE_URL`` is set; off by default, so that no page loads anything from another host.

A tile server in WGS-84 (Tianditu, OpenStreetMap) takes our points as they are. A GCJ-02 one (Gaode,
Tencent) draws its streets shifted, so the points are shifted the same way on the way out
(``MAP_TILE_SYSTEM=gcj02``); docs/map.md says which server uses which.
"""

from urllib.parse import urlsplit

from django.conf import settings

from ..choices import CoordinateSystem
from .coordinates import Point, from_wgs84


def enabled():
    return bool(settings.MAP_TILE_URL)


def tile_origin(url):
    """The origin the Content-Security-Policy must allow images from: ``https://*.tile.example`` for
    a URL with Leaflet's ``{s}`` subdomains."""
    parts = urlsplit(url)
    host = ".".join("*" if "{s}" in label else label for label in parts.netloc.split("."))
    return f"{parts.scheme}://{host}"


def layer(drawn_map):
    """What the tile layer's script reads (a JSON data block, never run): the tile URL, its attribution,
    and the map's dots and points in the tile server's datum."""
    if not enabled() or drawn_map is None:
        return None
    system = settings.MAP_TILE_SYSTEM
    markers = []
    for dot in [*drawn_map.dots, *drawn_map.points]:
        if dot.lat is None:
            continue
        shown = from_wgs84(Point(dot.lat, dot.lon), system) if system != CoordinateSystem.WGS84 else None
        lat, lon = (shown.lat, shown.lon) if shown else (dot.lat, dot.lon)
        markers.append({"lat": round(lat, 6), "lon": round(lon, 6), "name": dot.name, "url": dot.url})
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION, "markers": markers}
