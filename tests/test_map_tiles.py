"""The optional tile layer: off by default (nothing from another host), and when configured, Leaflet from
our static files with the points in the tile server's datum."""

import json
import re

from django.urls import reverse

from makerspaces.maps.coordinates import Point, from_wgs84
from makerspaces.maps.tiles import tile_origin
from tests.public_routes import inline_code


def test_no_tile_layer_by_default(client, real_data):
    html = client.get(reverse("makerspaces:home")).content.decode()
    assert "leaflet" not in html and "map-tiles" not in html


def layer_data(html, map_id):
    block = re.search(rf'<script id="{map_id}-layer" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(block[1])


def test_a_wgs84_tile_server_gets_the_points_as_they_are(client, real_data, settings):
    settings.MAP_TILE_URL = "https://t{s}.tianditu.example/vec_w/{z}/{x}/{y}"
    settings.MAP_TILE_ATTRIBUTION = "Tianditu"
    html = client.get(reverse("makerspaces:space-list", query={"city": "shenzhen"})).content.decode()
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in html and inline_code(html) == []
    data = layer_data(html, "directory-map")
    assert data["url"] == settings.MAP_TILE_URL and data["attribution"] == "Tianditu"
    shenzhen = next(marker for marker in data["markers"] if marker["name"] == "Shenzhen")
    assert (shenzhen["lat"], shenzhen["lon"]) == (22.649, 114.138)


def test_a_gcj02_tile_server_gets_the_points_shifted(client, real_data, settings):
    settings.MAP_TILE_URL = "https://webrd0{s}.gcj.example/{z}/{x}/{y}"
    settings.MAP_TILE_SYSTEM = "gcj02"
    html = client.get(reverse("makerspaces:space-list", query={"city": "shenzhen"})).content.decode()
    shenzhen = next(marker for marker in layer_data(html, "directory-map")["markers"] if marker["name"] == "Shenzhen")
    shifted = from_wgs84(Point(22.649, 114.138), "gcj02")
    assert (shenzhen["lat"], shenzhen["lon"]) == (round(shifted.lat, 6), round(shifted.lon, 6))
    assert shenzhen["lat"] != 22.649


def test_the_tile_host_is_the_only_one_the_policy_adds():
    assert tile_origin("https://t{s}.tianditu.example/vec_w/{z}/{x}/{y}") == "https://*.tianditu.example"
    assert tile_origin("https://tiles.example/{z}/{x}/{y}.png") == "https://tiles.example"
