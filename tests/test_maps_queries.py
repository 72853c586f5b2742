"""The pages with maps and "near here" run the same number of queries with one located space as with fifty."""

import pytest
from django.urls import reverse

from makerspaces.models import Space

PAGES = {
    "near-here": (
        lambda d: reverse("makerspaces:space-list", query={"near": "anchor", "within": 30}),
        12,
        "the directory's 11, the space near= names (one lookup, like each slug filter), the map's counts",
    ),
    "near-a-point": (
        lambda d: reverse("makerspaces:space-list", query={"near": "22.53,113.93", "within": 30}),
        11,
        "the directory's 11 and the map's counts of the result",
    ),
    "region-detail-mapped": (
        lambda d: d["nanshan"].get_absolute_url(),
        10,
        "the region page's 8, the regions of its map's areas, its located spaces",
    ),
    "space-detail-located": (
        lambda d: d["spaces"][0].get_absolute_url(),
        13,
        "the space page's 12, and its nearest spaces",
    ),
}


@pytest.fixture
def located_directory(build_directory, make_space, regions):
    def build(n):
        directory = build_directory(n)
        for slug, code in {"guangdong": "440000", "shenzhen": "440300", "nanshan": "440305"}.items():
            regions[slug].division_code = code
            regions[slug].save()
        for index, space in enumerate(Space.objects.order_by("pk")):
            space.latitude, space.longitude = 22.53 + index * 0.001, 113.93 + index * 0.001
            space.point_system, space.point_precision = "wgs84", "address"
            space.save()
        directory["spaces"] = list(Space.objects.order_by("pk"))
        # The place near= names: one more located space, so that its neighbours are the n spaces.
        make_space(
            regions["nanshan"],
            slug="anchor",
            latitude=22.5,
            longitude=113.9,
            point_system="wgs84",
            point_precision="address",
        )
        return directory

    return build


@pytest.mark.parametrize("spaces", [1, 50])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_located_spaces(
    client, located_directory, django_assert_num_queries, name, spaces
):
    directory = located_directory(spaces)
    url_for, expected, _why = PAGES[name]
    with django_assert_num_queries(expected):
        response = client.get(url_for(directory))
    assert response.status_code == 200
