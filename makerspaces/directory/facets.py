"""The counts beside each option of the directory's filters.

Each facet counts the spaces matching every OTHER filter, grouped by the
facet's value, in one query at most: facets whose counts come from the same
query share it. The counts are kept by the caching layer until the next write.
"""

from collections import Counter
from dataclasses import dataclass

from .. import cache
from ..choices import RegionKind
from ..models import Region

# A facet shows this many options; the rest fold away under "more".
FACET_VISIBLE = 8
# A facet offers at most this many options, those with most spaces (and the chosen one):
# a list of every district of China would help nobody and slow the page.
FACET_LIMIT = 40

# Filters listed with option counts, in the order the page shows them.
FACETS = ["city", "district", "province", "kind", "status", "designation", "service", "operator"]
# Facets shown unfolded even when none of their options is chosen.
OPEN_FACETS = ["city", "kind"]
REGION_FACETS = {
    "city": [RegionKind.CITY],
    "district": [RegionKind.DISTRICT, RegionKind.AREA],
    "province": [RegionKind.PROVINCE],
}
# Facets on columns of the space itself, counted together from one table of spaces by kind and status.
COLUMN_FACETS = ["kind", "status"]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    query: dict


@dataclass
class Facet:
    name: str
    label: str
    options: list
    clear_query: dict
    left_out: int = 0

    @property
    def first_options(self):
        return self.options[:FACET_VISIBLE]

    @property
    def more_options(self):
        return self.options[FACET_VISIBLE:]

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)

    @property
    def open(self):
        return self.has_selection or self.name in OPEN_FACETS


class FacetCounter:
    """Counts for a valid SpaceFilterSet; ``query_with(name, value)`` builds each option's link."""

    def __init__(self, filterset, query_with):
        self.filterset = filterset
        self.query_with = query_with

    def facets(self):
        return [self.facet(name) for name in FACETS]

    def count(self):
        """How many spaces the filters give.

        Every space has one kind and one status, so the table of spaces by kind and status
        that the kind and status facets read holds this count too: no query of its own.
        """
        return cache.space_count(self.filterset.key(), lambda: sum(self._by_columns().values()))

    def facet(self, name):
        selected = self.filterset.data.get(name, "")
        # A facet's counts ignore its own filter, so every choice of that filter shares them. They are
        # kept sorted, most spaces first, so that a request does not sort thousands of operators again.
        ranked = cache.facet_options(name, self.filterset.key(skip={name}), lambda: self._ranked(name))
        offered = [option for option in ranked if option[2] or option[0] == selected]
        # The chosen option first, the others in their order.
        offered.sort(key=lambda option: option[0] != selected)
        # Links are built for the options shown only.
        options = [
            FacetOption(
                value, label, count, value == selected, self.query_with(name, None if value == selected else value)
            )
            for value, label, count in offered[:FACET_LIMIT]
        ]
        return Facet(
            name,
            self.filterset.filters[name].label,
            options,
            self.query_with(name, None),
            left_out=max(len(offered) - FACET_LIMIT, 0),
        )

    def _ranked(self, name):
        spaces = self.filterset.filter_queryset(self.filterset.queryset, skip={name}, sort=False)
        options = ((value, label, count) for value, (label, count) in self._counts(name, spaces).items())
        return sorted(options, key=lambda option: (-option[2], option[1].lower()))

    def _counts(self, name, spaces):
        """``{value: (label, count)}`` for one facet, from one query at most."""
        if name in REGION_FACETS:
            # The region facets whose filters agree (none of them chosen, say) share one count;
            # with no filter at all it is the home page's count of every space by region too.
            counts = cache.region_counts(spaces, scope=self.filterset.key(skip={name}))
            regions = self._facet_regions()[name]
            return {slug: (label, counts[slug]) for slug, label in regions.items() if slug in counts}
        if name in COLUMN_FACETS:
            return self._labelled(name, self._by_columns(counted=name))
        if name == "designation":
            return self._labelled(name, spaces.counts_by_designation())
        if name == "service":
            return spaces.counts_by_service()
        return spaces.counts_by_operator()

    def _labelled(self, name, counts):
        labels = dict(self.filterset.filters[name].extra["choices"])
        return {value: (labels.get(value, value), count) for value, count in counts.items()}

    def _by_columns(self, counted=None):
        """The spaces matching the filters, counted per value of the column facet ``counted`` (whose own
        filter is ignored), or all together without one (``{(): n}``).

        One cached query serves the kind and status facets and the total: the spaces matching every
        filter but kind and status, grouped by both; a kind or status filter then picks rows of it.
        """
        skip = set(COLUMN_FACETS)
        filterset = self.filterset
        table = cache.kind_status_counts(
            filterset.key(skip=skip),
            lambda: filterset.filter_queryset(filterset.queryset, skip=skip, sort=False).counts_by(*COLUMN_FACETS),
        )
        chosen = {name: filterset.form.cleaned_data.get(name) for name in COLUMN_FACETS if name != counted}
        counts = Counter()
        for values, n in table.items():
            row = dict(zip(COLUMN_FACETS, values, strict=True))
            if all(row[name] == value for name, value in chosen.items() if value):
                counts[row[counted] if counted else ()] += n
        return counts

    def _facet_regions(self):
        """``{facet: {slug: name}}`` of the regions each region facet offers: one query per data version."""
        if not hasattr(self, "_regions"):
            self._regions = cache.facet_regions(read_facet_regions)
        return self._regions


def read_facet_regions():
    facet_of_kind = {kind: name for name, kinds in REGION_FACETS.items() for kind in kinds}
    regions = {name: {} for name in REGION_FACETS}
    for slug, name, kind in Region.objects.of_kinds(*facet_of_kind).values_list("slug", "name_en", "kind"):
        regions[facet_of_kind[kind]][slug] = name
    return regions
