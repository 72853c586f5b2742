"""How much of what the demo data holds: the scale of a run and the shares of kinds, statuses and dates."""

import math
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from makerspaces.models import OperatorKind, OperatorRole, SpaceKind, SpaceStatus

# A national register: about 100,000 spaces in 34 provinces, 300 cities and
# 3,000 districts. Smaller runs scale the region counts down in proportion.
NATIONAL_SCALE = {"spaces": 100_000, "provinces": 34, "cities": 300, "districts": 3_000}
SPACES_PER_OPERATOR = 20


class WeightedChoice:
    """Picks one of items with the given relative weights, in O(log n)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    @classmethod
    def of(cls, weighted):
        """From a {item: weight} mapping."""
        return cls(weighted.keys(), weighted.values())

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


# Proportions that look like the register: mostly open maker spaces.
SPACE_KINDS = WeightedChoice.of(
    {
        SpaceKind.MAKER_SPACE: 55,
        SpaceKind.INCUBATOR: 20,
        SpaceKind.CO_WORKING: 8,
        SpaceKind.PLATFORM: 5,
        SpaceKind.PARK: 5,
        SpaceKind.ACCELERATOR: 4,
        SpaceKind.HACKERSPACE: 3,
    }
)
SPACE_STATUSES = WeightedChoice.of(
    {SpaceStatus.OPEN: 75, SpaceStatus.UNKNOWN: 12, SpaceStatus.CLOSED: 10, SpaceStatus.PLANNED: 3}
)
OPERATOR_KINDS = WeightedChoice.of(
    {
        OperatorKind.COMPANY: 60,
        OperatorKind.ASSOCIATION: 10,
        OperatorKind.GOVERNMENT: 10,
        OperatorKind.COMMUNITY: 10,
        OperatorKind.JOINT_VENTURE: 5,
        OperatorKind.OTHER: 5,
    }
)
# Opening years peak with the 2015-2017 wave of maker spaces.
OPENING_YEARS = WeightedChoice(range(2010, 2025), [1, 1, 1, 2, 3, 8, 10, 9, 7, 6, 5, 4, 3, 3, 2])
OPENING_PRECISIONS = WeightedChoice.of({"day": 30, "month": 35, "year": 25, "quarter": 5, "approximate": 5})
AS_OF_PRECISIONS = WeightedChoice.of({"day": 40, "month": 30, "year": 30})
QUALIFIERS = WeightedChoice.of({"exact": 60, "about": 15, "over": 10, "at_least": 8, "nearly": 4, "range": 3})
# A second operator's part, when a space has one; supervisors are government bodies.
SECOND_ROLES = WeightedChoice.of(
    {
        OperatorRole.CO_OPERATOR: 30,
        OperatorRole.SPONSOR: 20,
        OperatorRole.PARTNER: 20,
        OperatorRole.SUPERVISOR: 15,
        OperatorRole.BRAND: 5,
        OperatorRole.FOUNDER: 5,
        OperatorRole.CO_LAUNCHER: 5,
    }
)
# National recognitions are rare, municipal ones common.
DESIGNATION_LEVELS = WeightedChoice.of({"national": 6, "provincial": 24, "municipal": 45, "district": 25})

SHARE_AT_CITY_LEVEL = 0.10  # spaces whose district is not known
SHARE_WITH_SECOND_ROLE = 0.30
SHARE_DESIGNATED = 0.10
SHARE_WITH_SERVICES = 0.85
SHARE_WITHOUT_OPENING_DATE = 0.08


@dataclass(frozen=True)
class Scale:
    spaces: int
    provinces: int
    cities: int
    districts: int

    @classmethod
    def for_spaces(cls, spaces, provinces=None, cities=None, districts=None):
        """Region counts in national proportions for this many spaces, unless given."""
        if districts is None:
            districts = min(NATIONAL_SCALE["districts"], max(4, math.ceil(spaces * 0.03)))
        if cities is None:
            cities = min(NATIONAL_SCALE["cities"], max(2, math.ceil(districts / 10)), districts)
        if provinces is None:
            provinces = min(NATIONAL_SCALE["provinces"], max(2, math.ceil(cities / 9)), cities)
        return cls(spaces, provinces, cities, districts)

    def validate(self):
        if self.spaces < 1:
            raise ValueError("Generate at least one space.")
        if not 1 <= self.provinces <= self.cities <= self.districts:
            raise ValueError(
                "Every province needs a city and every city a district: "
                f"got {self.provinces} provinces, {self.cities} cities, {self.districts} districts."
            )

    @property
    def operators(self):
        return max(1, round(self.spaces / SPACES_PER_OPERATOR))
