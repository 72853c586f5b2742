""" "Near here": the directory's near= and within=, a space's nearest spaces, and the GeoJSON download."""

import json
import re

import geojson
import pytest
from django.urls import reverse

from makerspaces.maps.coordinates import Point, distance_km
from makerspaces.models import Space

# Points around Shenzhen's Nanshan district, WGS-84.
PLACES = {
    "centre": (22.5431, 113.9344),
    "two-km-east": (22.5431, 113.9539),
    "ten-km-north": (22.6330, 113.9344),
    # Inside the 10 km bounding box's corner but 13 km away: the exact distance must leave it out.
    "corner": (22.6230, 114.0210),
    "guangzhou": (23.1291, 113.2644),
}


@pytest.fixture
def located(regions, make_space):
    spaces = {}
    for slug, (lat, lon) in PLACES.items():
        spaces[slug] = make_space(
            regions["nanshan"],
            slug=slug,
            name_en=slug.replace("-", " ").title(),
            latitude=lat,
            longitude=lon,
            point_system="wgs84",
            point_precision="address",
        )
    spaces["nowhere"] = make_space(regions["nanshan"], slug="nowhere", name_en="Nowhere")
    return spaces


def result_slugs(response):
    return re.findall(r'<h3><a href="/spaces/([^/]+)/"', response.content.decode())


def test_near_a_space_lists_the_others_within_the_distance_nearest_first(client, located):
    response = client.get(reverse("makerspaces:space-list", query={"near": "centre", "within": 11}))
    assert response.status_code == 200
    assert result_slugs(response) == ["two-km-east", "ten-km-north"]
    assert "2.0 km away" in response.content.decode()


def test_near_a_point_includes_every_space_within_reach_and_no_other(client, located):
    response = client.get(reverse("makerspaces:space-list", query={"near": "22.5431,113.9344", "within": 20}))
    centre = Point(*PLACES["centre"])
    expected = sorted(
        (slug for slug, place in PLACES.items() if distance_km(centre, Point(*place)) <= 20),
        key=lambda slug: distance_km(centre, Point(*PLACES[slug])),
    )
    assert result_slugs(response) == expected
    assert "corner" in expected  # 13 km: within 20
    assert result_slugs(client.get(reverse("makerspaces:space-list", query={"near": "centre", "within": 12}))) == [
        "two-km-east",
        "ten-km-north",
    ]  # the corner lies in the 12 km box but 13 km away


def test_other_filters_and_sorts_apply_with_near(client, located):
    query = {"near": "centre", "within": 200, "sort": "name"}
    assert result_slugs(client.get(reverse("makerspaces:space-list", query=query))) == [
        "corner",
        "guangzhou",
        "ten-km-north",
        "two-km-east",
    ]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"near": "centre", "within": "-5"}, "at least 0.1 km"),
        ({"near": "centre", "within": "100000"}, "at most 1000 km"),
        ({"near": "centre", "within": "nan"}, "Enter a number"),
        ({"near": "no-such-space"}, "There is no space"),
        ({"near": "nowhere"}, "has no point on the map"),
        ({"near": "91,0"}, "between -90 and 90"),
        ({"near": "0,181"}, "between -180 and 180"),
        ({"near": "nan,1"}, "decimal degrees"),
        ({"near": "1e999,1"}, "decimal degrees"),
        ({"within": "5"}, "Give a place with near="),
    ],
)
def test_bad_near_here_input_is_a_clear_400(client, located, query, message):
    response = client.get(reverse("makerspaces:space-list", query=query))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_api_refuses_near_with_a_400_not_a_500(client, located):
    response = client.get(reverse("api:spaces", query={"near": "centre"}))
    assert response.status_code == 400


def test_a_space_page_lists_its_nearest_spaces_with_distances(client, located):
    html = client.get(located["centre"].get_absolute_url()).content.decode()
    section = html[html.index('id="nearest-title"') :]
    names = re.findall(r'<a href="/spaces/([^/]+)/">', section)
    assert names[:3] == ["two-km-east", "ten-km-north", "corner"]
    assert "2.0 km" in section
    assert reverse("makerspaces:space-list", query={"near": "centre"}).replace("&", "&amp;") in section


def test_the_geojson_download_is_valid_rfc_7946_with_longitude_first(client, located):
    response = client.get(reverse("downloads:file", kwargs={"kind": "spaces", "format": "geojson"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    text = b"".join(response.streaming_content).decode()
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    features = {feature["id"]: feature for feature in collection["features"]}
    assert features["centre"]["geometry"]["coordinates"] == [113.9344, 22.5431]
    assert features["nowhere"]["geometry"] is None
    assert len(features) == Space.objects.count()


def test_the_geojson_download_takes_the_directorys_filters(client, located):
    url = reverse(
        "downloads:file", kwargs={"kind": "spaces", "format": "geojson"}, query={"near": "centre", "within": 11}
    )
    data = json.loads(b"".join(client.get(url).streaming_content))
    assert [feature["id"] for feature in data["features"]] == ["two-km-east", "ten-km-north"]
    assert data["features"][0]["properties"]["distance_km"] == pytest.approx(2.0, abs=0.05)
    bad = reverse("downloads:file", kwargs={"kind": "spaces", "format": "geojson"}, query={"within": "-5"})
    assert client.get(bad).status_code == 400
    assert client.get(reverse("downloads:file", kwargs={"kind": "statistics", "format": "geojson"})).status_code == 400


def test_the_directory_offers_its_result_as_geojson(client, located):
    html = client.get(reverse("makerspaces:space-list", query={"near": "centre"})).content.decode()
    assert "/downloads/spaces.geojson?near=centre" in html
