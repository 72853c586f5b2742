"""The maps of the directory, a region's page and a space's page, on the curated data: their text
alternatives agree with the directory, and the markup stays valid inside the CSP."""

from django.urls import reverse

from makerspaces.models import Region, Space
from tests.html import structure_problems
from tests.public_routes import inline_code
from tests.test_maps import directory_count, map_rows


def test_the_directory_map_counts_the_filtered_result_and_its_links_keep_the_filters(client, real_data):
    url = reverse("makerspaces:space-list", query={"kind": "maker_space"})
    html = client.get(url).content.decode()
    rows = map_rows(html)
    assert rows and all("kind=maker_space" in link for link, _count in rows)
    for link, count in rows:
        assert directory_count(client, link.replace("&amp;", "&")) == count, link
    assert inline_code(html) == [] and structure_problems(html) == []


def test_the_directory_map_shows_the_spaces_near_a_place(client, real_data):
    html = client.get(reverse("makerspaces:space-list", query={"near": "31.23,121.47", "within": 50})).content.decode()
    assert [count for link, count in map_rows(html) if "city=shanghai" in link] == [10, 10]
    assert not [link for link, _count in map_rows(html) if "hangzhou" in link]


def test_a_region_page_maps_its_areas_and_its_spaces_points(client, real_data):
    shanghai = Region.objects.get(slug="shanghai")
    html = client.get(shanghai.get_absolute_url()).content.decode()
    assert 'data-testid="region-map"' in html
    assert ("/regions/jingan/", 10) in map_rows(html)
    located = Space.objects.in_region(shanghai).with_point().count()
    assert html.count('class="map-point"') == located == 10
    assert inline_code(html) == [] and structure_problems(html) == []


def test_a_space_page_has_a_locator_and_a_space_without_a_point_has_none(client, real_data):
    html = client.get(Space.objects.get(slug="x-space").get_absolute_url()).content.decode()
    assert 'data-testid="locator-map"' in html and 'class="map-point"' in html
    assert "Nearest spaces" in html or "nearest-title" not in html
    html = client.get(Space.objects.get(slug="maker2").get_absolute_url()).content.decode()
    assert "locator-map" not in html
