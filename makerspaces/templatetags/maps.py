"""The maps' template filters: load them with ``{% load maps %}``.

- ``{{ space.distance_km|distance }}``: a distance written by makerspaces.formatting.
- ``{% map_tile_layer map map_id %}``: the optional interactive layer of a map.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script

from ..formatting import format_distance
from ..maps import tiles

register = template.Library()

# Leaflet, pinned, vendored from its npm package (static/vendor/leaflet-1.9.4, with its BSD licence).
LEAFLET = "vendor/leaflet-1.9.4"


@register.filter
def distance(km):
    return format_distance(km)


@register.simple_tag
def map_tile_layer(drawn_map, map_id):
    """The optional Leaflet layer over a tile server (maps/tiles.py): nothing unless MAP_TILE_URL is set.
    Its data is a JSON block, never run, so the Content-Security-Policy stays strict."""
    data = tiles.layer(drawn_map)
    if data is None:
        return ""
    layer_id = f"{map_id}-layer"
    return format_html(
        '<div class="map-tiles" data-layer="{}" hidden></div>{}'
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script><script src="{}" defer></script>',
        layer_id,
        json_script(data, layer_id),
        static(f"{LEAFLET}/leaflet.css"),
        static(f"{LEAFLET}/leaflet.js"),
        static("js/map-tiles.js"),
    )
