"""Drafting the synthetic provinces, cities and districts: rows to write, without touching the database."""

from dataclasses import dataclass

from makerspaces.models import RegionKind

from .names import place_name
from .points import DivisionCodes
from .proportions import WeightedChoice
from .vocabulary import REGION_SUFFIXES

# Columns of the region rows, in the order of their tuples.
REGION_FIELDS = [
    "id",
    "slug",
    "name_en",
    "name_zh",
    "kind",
    "parent_id",
    "parent_basis",
    "path",
    "synthetic",
    "division_code",
]


@dataclass
class Place:
    """A synthetic region, with the short name that space names use."""

    id: int
    slug: str
    path: str
    name_en: str  # short form: "Dongcheng", not "Dongcheng District"
    name_zh: str
    full_name_en: str
    province_index: int
    city: "Place | None" = None
    # A real division's code, borrowed so that the maps can draw the synthetic region (demo/points.py).
    division_code: str = ""


def spread(rng, children, parents):
    """Parent index for each child: every parent gets one, the rest go at random weights."""
    weights = [rng.uniform(0.3, 3.0) for _ in range(parents)]
    choice = WeightedChoice(range(parents), weights)
    return sorted(list(range(parents)) + [choice.pick(rng) for _ in range(children - parents)])


class RegionDrafter:
    """The rows of scale's provinces, cities and districts under one root region.

    ``rows`` lists parents before their children, as their foreign keys are
    checked when written; ``districts`` picks the district of an operator or a
    space, some far more often than others.
    """

    def __init__(self, rng, slugs, ids):
        self.rng = rng
        self.slugs = slugs
        self.ids = iter(ids)
        self.rows = []
        self.codes = DivisionCodes()

    def draft(self, scale, root_id, root_path):
        rng = self.rng
        used = set()
        provinces = []
        for index in range(scale.provinces):
            code = self.codes.province(index)
            provinces.append(self.new_place(root_id, root_path, RegionKind.PROVINCE, used, index, code=code))

        used = set()
        cities = []
        for province_index in spread(rng, scale.cities, scale.provinces):
            province = provinces[province_index]
            code = self.codes.below(province.division_code)
            cities.append(self.new_place(province.id, province.path, RegionKind.CITY, used, province_index, code=code))

        districts = []
        used_in_city = {}
        for city_index in spread(rng, scale.districts, scale.cities):
            city = cities[city_index]
            used = used_in_city.setdefault(city_index, set())
            district = self.new_place(
                city.id,
                city.path,
                RegionKind.DISTRICT,
                used,
                city.province_index,
                slug_prefix=city.slug,
                code=self.codes.below(city.division_code),
            )
            district.city = city
            districts.append(district)

        # Some districts hold far more spaces than others (a heavy tail, as in
        # the big cities' technology districts).
        self.districts = WeightedChoice(districts, [min(rng.paretovariate(1.5), 60.0) for _ in districts])
        return self

    def new_place(self, parent_id, parent_path, kind, used, province_index, slug_prefix="", code=""):
        region_id = next(self.ids)
        name_en, name_zh = place_name(self.rng, used)
        suffix_en, suffix_zh = REGION_SUFFIXES[kind]
        slug = self.slugs.from_text(f"{slug_prefix} {name_en}")
        # Written without save(), which keeps the path otherwise.
        path = f"{parent_path}/{slug}"
        full_name_en = name_en + suffix_en
        row = (region_id, slug, full_name_en, name_zh + suffix_zh, kind, parent_id, "stated", path, True, code)
        self.rows.append(row)
        return Place(region_id, slug, path, name_en, name_zh, full_name_en, province_index, division_code=code)
