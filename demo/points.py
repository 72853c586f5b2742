"""Synthetic places on the real map: each synthetic province, city and district borrows the division
code of a real one (so the maps draw it), and each synthetic space gets a point inside its region's
borrowed boundary."""

from makerspaces.maps import boundaries
from makerspaces.maps.coordinates import Point

# Points sampled once per division and reused: 100,000 spaces need no 100,000 polygon tests.
POOL_SIZE = 48
TRIES = 400


class DivisionCodes:
    """Division codes for synthetic regions, cycling through the real ones under the parent's."""

    def __init__(self):
        self.provinces = sorted(
            division.code
            for division in boundaries.of_level("province")
            if boundaries.children_of(division.code)  # those whose cities the data set lists
        )
        self.given = {}

    def province(self, index):
        return self.provinces[index % len(self.provinces)]

    def below(self, parent_code):
        children = sorted(division.code for division in boundaries.children_of(parent_code)) or [parent_code]
        count = self.given.get(parent_code, 0)
        self.given[parent_code] = count + 1
        return children[count % len(children)]


class PointSampler:
    def __init__(self, rng):
        self.rng = rng
        self.pools = {}

    def point_in(self, code):
        """A point inside the division ``code`` (its centre if sampling finds none): ``(lat, lon)``."""
        pool = self.pools.get(code)
        if pool is None:
            pool = self.pools[code] = self.sample(code)
        point = self.rng.choice(pool)
        return round(point.lat, 6), round(point.lon, 6)

    def sample(self, code):
        division = boundaries.division(code)
        west, south, east, north = division.bounds
        found = []
        for _ in range(TRIES):
            point = Point(self.rng.uniform(south, north), self.rng.uniform(west, east))
            if division.contains(point):
                found.append(point)
                if len(found) == POOL_SIZE:
                    break
        return found or [division.centre]
