"""The counts beside each option of the directory's filters.

Each facet counts the spaces matching every OTHER filter, grouped by the
facet's value. When no other filter is chosen, the counts are those kept beside
the data (makerspaces/counting.py): a facet reads its first options from an
index, not every space. Otherwise they are counted in one query at most, and
facets whose counts come from the same query share it. Either way the caching
layer may keep them until the next write.
"""

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Subquery

from .. import cache
from ..choices import RegionKind
from ..models import DesignationLevelCount, KindStatusCount, Operator, Region, Service
from ..models.base import in_reader_language
from ..models.sources import CountRows

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
    # The link's query string, as {% querystring %} would write it for the option's query.
    href: str


@dataclass
class Facet:
    name: str
    label: str
    options: list
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


class OptionLinks:
    """The query strings of one facet's options: the other parameters, then the facet's own value."""

    def __init__(self, others, name):
        self.pairs = [(key, value) for key, values in others.lists() for value in values]
        self.name = name

    def to(self, value):
        pairs = self.pairs if value is None else [*self.pairs, (self.name, value)]
        return f"?{urlencode(pairs)}" if pairs else ""


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

    def _kept(self, name):
        """Whether the facet's counts are those kept beside the data: no other filter is chosen."""
        return name in KEPT_RANKINGS and not self.filterset.key(skip={name})

    def facet(self, name):
        selected = self.filterset.data.get(name, "")
        others = self.filterset.key(skip={name})
        # A facet's counts ignore its own filter, so every choice of that filter shares them. They are
        # kept sorted, most spaces first, so that a request does not sort thousands of operators again.
        if self._kept(name):
            ranked, with_spaces = cache.facet_options(name, others, lambda: KEPT_RANKINGS[name].first(FACET_LIMIT))
            ranked = self._with_chosen(name, selected, ranked)
        else:
            ranked = cache.facet_options(name, others, lambda: self._ranked(name))
            with_spaces = sum(1 for option in ranked if option[2])
        offered = [option for option in ranked if option[2] or option[0] == selected]
        # The chosen option first, the others in their order.
        offered.sort(key=lambda option: option[0] != selected)
        chosen_empty = any(option[0] == selected and not option[2] for option in offered)
        # Links are built for the options shown only, from one copy of the query per facet: a page
        # shows up to 320 options, and a query copied and encoded for each cost more than the rest.
        link = OptionLinks(self.query_with(name, None), name)
        options = [
            FacetOption(value, label, count, value == selected, link.to(None if value == selected else value))
            for value, label, count in offered[:FACET_LIMIT]
        ]
        return Facet(
            name,
            self.filterset.filters[name].label,
            options,
            left_out=max(with_spaces + chosen_empty - len(options), 0),
        )

    def _with_chosen(self, name, selected, ranked):
        """The first options of a kept ranking, and the chosen one wherever it ranks."""
        chosen = self.filterset.form.cleaned_data.get(name)
        if not selected or any(option[0] == selected for option in ranked):
            return ranked
        english, chinese = KEPT_RANKINGS[name].label
        label = in_reader_language(getattr(chosen, english), getattr(chosen, chinese))
        return [(chosen.slug, label, chosen.space_count), *ranked]

    def _ranked(self, name):
        spaces = self.filterset.filter_queryset(self.filterset.queryset, skip={name}, sort=False)
        options = ((value, label, count) for value, (label, count) in self._counts(name, spaces).items())
        # As the ranking index orders the kept counts: most spaces first, then by name.
        return sorted(options, key=lambda option: (-option[2], option[1]))

    def _counts(self, name, spaces):
        """``{value: (label, count)}`` for one facet, from one query at most."""
        if name in REGION_FACETS:
            counts = self._region_counts(name)
            return {slug: (label, counts[slug]) for slug, label in self._region_names()[name].items()}
        if name in COLUMN_FACETS:
            return self._labelled(name, self._by_columns(counted=name))
        if name == "designation":
            counted = (
                spaces.counts_by_designation()
                if self.filterset.key(skip={name})
                else DesignationLevelCount.objects.table()
            )
            return self._labelled(name, counted)
        if name == "service":
            return spaces.counts_by_service()
        return spaces.counts_by_operator()

    def _region_counts(self, name):
        """``{slug: spaces}`` for a region facet, counted among the spaces the other filters give.

        The region facets whose other filters agree (the district and province facets of a
        city's page, say) share one count.
        """
        spaces = self.filterset.filter_queryset(self.filterset.queryset, skip={name}, sort=False)
        return cache.region_counts(spaces, scope=self.filterset.key(skip={name}))

    def _region_names(self):
        """``{facet: {slug: name}}`` of the regions counted for the region facets that count: one query."""
        if not hasattr(self, "_names"):
            counted = [name for name in REGION_FACETS if not self._kept(name)]
            scopes = tuple("|".join(self.filterset.key(skip={name})) for name in counted)
            self._names = cache.region_names(
                scopes, lambda: read_region_names({slug for name in counted for slug in self._region_counts(name)})
            )
        return self._names

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
        others = filterset.key(skip=skip)
        table = cache.kind_status_counts(
            others,
            lambda: (
                filterset.filter_queryset(filterset.queryset, skip=skip, sort=False).counts_by(*COLUMN_FACETS)
                if others
                else KindStatusCount.objects.table()
            ),
        )
        chosen = {name: filterset.form.cleaned_data.get(name) for name in COLUMN_FACETS if name != counted}
        counts = Counter()
        for values, n in table.items():
            row = dict(zip(COLUMN_FACETS, values, strict=True))
            if all(row[name] == value for name, value in chosen.items() if value):
                counts[row[counted] if counted else ()] += n
        return counts


@dataclass(frozen=True)
class KeptRanking:
    """A facet's options ranked by the count kept on their rows: ``rows()`` (a queryset), named by ``label``
    (its English and Chinese name fields; ties are broken by the English name, as the index orders them)."""

    rows: object
    label: tuple

    def first(self, limit):
        """``([(slug, label, count)], how many have spaces)``: the first ``limit`` rows with spaces, most first.

        The ranking index (``*_facet_rank_idx``) hands over the first rows without reading the others;
        how many have spaces is one count beside it, in the same query.
        """
        with_spaces = self.rows().filter(space_count__gt=0)
        how_many = Subquery(with_spaces.order_by().annotate(n=CountRows()).values("n")[:1])
        english, chinese = self.label
        ranked = list(
            with_spaces.annotate(with_spaces=how_many)
            .order_by("-space_count", english, "pk")
            .values_list("slug", english, chinese, "space_count", "with_spaces")[:limit]
        )
        options = [(slug, in_reader_language(name_en, name_zh), n) for slug, name_en, name_zh, n, _ in ranked]
        return options, (ranked[0][4] if ranked else 0)


KEPT_RANKINGS = {
    **{
        name: KeptRanking(lambda kinds=kinds: Region.objects.of_kinds(*kinds), ("name_en", "name_zh"))
        for name, kinds in REGION_FACETS.items()
    },
    "operator": KeptRanking(Operator.objects.all, ("name_en", "name_zh")),
    "service": KeptRanking(Service.objects.all, ("name", "name_zh")),
}


def read_region_names(counts):
    """``{facet: {slug: name}}`` of the counted regions each region facet offers."""
    facet_of_kind = {kind: name for name, kinds in REGION_FACETS.items() for kind in kinds}
    names = {name: {} for name in REGION_FACETS}
    counted = Region.objects.of_kinds(*facet_of_kind).filter(slug__in=list(counts))
    for slug, name_en, name_zh, kind in counted.values_list("slug", "name_en", "name_zh", "kind"):
        names[facet_of_kind[kind]][slug] = in_reader_language(name_en, name_zh)
    return names
