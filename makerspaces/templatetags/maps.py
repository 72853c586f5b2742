"""The maps' template filters: load them with ``{% load maps %}``.

- ``{{ space.distance_km|distance }}``: a distance written by makerspaces.formatting.
- ``{% map_tile_layer map map_id %}``: the optional interactive layer of a map.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join, json_script
from django.utils.translation import ngettext

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


# A map's repeated parts, written here rather than by template loops: the map of China above a directory of
# 100,000 spaces has hundreds of cities, and a template loop with a translated title per dot cost more than the
# rest of the page.


def _count_title(name, count):
    return ngettext("%(name)s: %(count)s space", "%(name)s: %(count)s spaces", count) % {"name": name, "count": count}


def _area_class(area):
    return f"map-area map-shade-{area.shade}{' map-current' if area.current else ''}"


@register.simple_tag
def map_areas(drawn_map):
    """The map's areas: each with spaces a link to its page or directory, titled with its count."""
    return format_html_join(
        "\n",
        "{}",
        (
            (
                format_html(
                    '<a href="{}" class="map-area-link"><title>{}</title><path class="{}" d="{}"/></a>',
                    area.url,
                    _count_title(area.name, area.count),
                    _area_class(area),
                    area.path,
                )
                if area.url
                else format_html(
                    '<path class="{}" d="{}"><title>{}</title></path>', _area_class(area), area.path, area.name
                ),
            )
            for area in drawn_map.areas
        ),
    )


@register.simple_tag
def map_dots(drawn_map):
    """A dot for each city with spaces, sized by its count, linking to its directory."""
    return format_html_join(
        "\n",
        '<a href="{}" class="map-dot-link"><title>{}</title><circle class="map-dot" cx="{}" cy="{}" r="{}"/></a>',
        ((dot.url, _count_title(dot.name, dot.count), dot.x, dot.y, dot.radius) for dot in drawn_map.dots),
    )


def _point_title(point):
    return f"{point.name} ({point.detail})" if point.detail else str(point.name)


@register.simple_tag
def map_points(drawn_map):
    """A point for each space placed on the map, linking to its page."""
    return format_html_join(
        "\n",
        '<a href="{}" class="map-point-link"><title>{}</title><circle class="map-point" cx="{}" cy="{}" r="{}"/></a>',
        ((point.url, _point_title(point), point.x, point.y, point.radius) for point in drawn_map.points),
    )


@register.simple_tag
def map_area_rows(drawn_map):
    """The text alternative's rows of areas: name (a link when it has spaces) and count."""
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td data-count="{}">{}</td></tr>',
        (
            (format_html('<a href="{}">{}</a>', area.url, area.name) if area.url else area.name, area.count, area.count)
            for area in drawn_map.listed_areas
        ),
    )


@register.simple_tag
def map_dot_rows(drawn_map):
    """The text alternative's rows of cities."""
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td data-count="{}">{}</td></tr>',
        ((dot.url, dot.name, dot.count, dot.count) for dot in drawn_map.dots),
    )


@register.simple_tag
def map_point_items(drawn_map):
    """The text alternative's list of the spaces placed on the map."""
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a>{}</li>',
        (
            (point.url, point.name, format_html(" ({})", point.detail) if point.detail else "")
            for point in drawn_map.points
        ),
    )
