"""Spaces' points: the datums' conversions on published pairs, the database's checks, the admin's input."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from makerspaces.maps import boundaries
from makerspaces.maps.coordinates import Point, checked, distance_km, from_wgs84, parse_pair, to_wgs84
from makerspaces.models import Space
from tests.admin_post import admin_url, form_errors, page_form_data

# Published pairs: coordtransform's README (wandergis/coordtransform, test/app.js) converts (39.915, 116.404).
PUBLISHED = [
    ("wgs84", "gcj02", (39.915, 116.404), (39.91640428150164, 116.41024449916938)),
    ("gcj02", "wgs84", (39.915, 116.404), (39.91359571849836, 116.39775550083061)),
    ("gcj02", "bd09", (39.915, 116.404), (39.92133699351021, 116.41036949371029)),
    ("bd09", "gcj02", (39.915, 116.404), (39.90865673957631, 116.39762729119315)),
]
# A metre is about 1e-5 degrees: the libraries differ by less (their inverse is iterated or approximate).
TOLERANCE = 2e-5


@pytest.mark.parametrize("given, wanted, point, expected", PUBLISHED)
def test_conversions_agree_with_published_pairs(given, wanted, point, expected):
    wgs = to_wgs84(Point(*point), given)
    result = from_wgs84(wgs, wanted)
    assert result.lat == pytest.approx(expected[0], abs=TOLERANCE)
    assert result.lon == pytest.approx(expected[1], abs=TOLERANCE)


def test_a_point_outside_china_is_not_shifted():
    berlin = Point(52.52, 13.405)
    assert to_wgs84(berlin, "gcj02") == berlin


def test_distances_are_great_circle_kilometres():
    shanghai, beijing = Point(31.2304, 121.4737), Point(39.9042, 116.4074)
    assert distance_km(shanghai, beijing) == pytest.approx(1067, abs=5)


@pytest.mark.parametrize("text", ["31.23, 121.47", "31.23,121.47", " 31.23 121.47 ", "31.23，121.47"])
def test_a_pasted_pair_reads_latitude_first(text):
    assert parse_pair(text) == Point(31.23, 121.47)


@pytest.mark.parametrize(
    "lat, lon", [(91, 0), (0, 181), (-90.5, 0), ("nan", 0), (0, "1e999"), (float("inf"), 0), ("north", 1)]
)
def test_impossible_numbers_are_refused(lat, lon):
    with pytest.raises(ValidationError):
        checked(lat, lon)


def test_the_data_file_places_points_in_their_districts():
    found = boundaries.divisions_at(Point(31.229, 121.448))
    assert [division.code for division in found] == ["310000", "310100", "310106"]
    assert boundaries.divisions_at(Point(30.9, 123.5)) == []  # the East China Sea


def test_a_region_without_its_own_division_takes_its_parents_centre_marked_inferred(regions):
    regions["shenzhen"].division_code = "440300"
    ancestors = [regions["china"], regions["guangdong"], regions["shenzhen"]]
    centre = boundaries.region_centre(regions["nanshan"], ancestors)
    assert centre.inferred and centre.division.code == "440300" and centre.reason
    regions["nanshan"].division_code = "440305"
    assert not boundaries.region_centre(regions["nanshan"], []).inferred


@pytest.mark.parametrize(
    "fields",
    [
        {"latitude": 91.0, "longitude": 0.0, "point_system": "wgs84", "point_precision": "address"},
        {"latitude": 10.0, "longitude": 200.0, "point_system": "wgs84", "point_precision": "address"},
        {"latitude": 10.0, "longitude": None, "point_system": "wgs84", "point_precision": "address"},
        {"latitude": 10.0, "longitude": 10.0, "point_system": "", "point_precision": "address"},
        {"latitude": 10.0, "longitude": 10.0, "point_system": "utm", "point_precision": "address"},
        {
            "latitude": 10.0,
            "longitude": 10.0,
            "point_system": "wgs84",
            "point_precision": "address",
            "point_basis": "inferred",
        },
    ],
)
def test_the_database_refuses_impossible_points(regions, make_space, fields):
    space = make_space(regions["nanshan"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Space.objects.filter(pk=space.pk).update(**fields)


@pytest.fixture
def chinese_regions(regions):
    for slug, code in {"guangdong": "440000", "shenzhen": "440300", "nanshan": "440305", "beijing": "110100"}.items():
        regions[slug].division_code = code
        regions[slug].save()
    return regions


def post_point(editor_client, space, **entered):
    data = page_form_data(editor_client.get(admin_url(Space, "change", space.pk)))
    data.update({"point_precision": "address", **entered})
    return editor_client.post(admin_url(Space, "change", space.pk), data)


def test_the_admin_converts_a_pasted_gcj02_point_to_wgs84(editor_client, chinese_regions, make_space):
    space = make_space(chinese_regions["nanshan"])
    response = post_point(editor_client, space, entered_point="22.5431, 113.9344", entered_system="gcj02")
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    expected = to_wgs84(Point(22.5431, 113.9344), "gcj02")
    assert (space.latitude, space.longitude) == (round(expected.lat, 6), round(expected.lon, 6))
    assert space.point_system == "gcj02"
    # Saving again unchanged keeps the stored point: it is not converted twice.
    response = editor_client.post(
        admin_url(Space, "change", space.pk), page_form_data(editor_client.get(admin_url(Space, "change", space.pk)))
    )
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert space.latitude == round(expected.lat, 6)


@pytest.mark.parametrize(
    "entered",
    [
        {"entered_latitude": "91", "entered_longitude": "113.9"},
        {"entered_latitude": "nan", "entered_longitude": "113.9"},
        {"entered_latitude": "1e999", "entered_longitude": "113.9"},
        {"entered_latitude": "22.5", "entered_longitude": ""},
        {"entered_point": "22.5; 113.9; 4"},
        {"entered_point": "31.0, 123.5"},  # the East China Sea, for a space in Shenzhen
    ],
)
def test_the_admin_refuses_impossible_points_and_changes_nothing(editor_client, chinese_regions, make_space, entered):
    space = make_space(chinese_regions["nanshan"])
    response = post_point(editor_client, space, **entered)
    assert response.status_code == 200 and form_errors(response)
    space.refresh_from_db()
    assert space.latitude is None


def test_the_admin_asks_to_confirm_a_point_outside_the_spaces_region(editor_client, chinese_regions, make_space):
    space = make_space(chinese_regions["nanshan"])
    response = post_point(editor_client, space, entered_point="39.9042, 116.4074")  # Beijing
    assert response.status_code == 200
    assert any("北京市" in message for message in form_errors(response))
    response = post_point(editor_client, space, entered_point="39.9042, 116.4074", point_checked="on")
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert math.isclose(space.latitude, 39.9042)


def test_the_admin_says_where_the_stored_point_lies(editor_client, chinese_regions, make_space):
    space = make_space(
        chinese_regions["nanshan"], latitude=22.53, longitude=113.93, point_system="wgs84", point_precision="address"
    )
    html = editor_client.get(admin_url(Space, "change", space.pk)).content.decode()
    assert "lies in 广东省 › 深圳市 › 南山区" in html
