"""The directory's filters and the counts shown beside each filter option."""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.db import models
from django.http import QueryDict

from . import cache
from .models import (
    DesignationLevel,
    Operator,
    Region,
    RegionKind,
    Service,
    SpaceKind,
    SpaceStatus,
)
from .search import supports_similarity
from .text import search_words

# "Best match" is offered, and is the default, only with a search.
RELEVANCE = "relevance"
SORT_CHOICES = [
    (RELEVANCE, "Best match"),
    ("name", "Name"),
    ("opened", "Opening date"),
    ("-opened", "Newest first"),
]

# Opening years outside this range are typing mistakes, not filters.
YEAR_MIN, YEAR_MAX = 1900, 2200

# A facet shows this many options; the rest fold away under "more".
FACET_VISIBLE = 8
# A facet offers at most this many options, those with most spaces (and the chosen one):
# a list of every district of China would help nobody and slow the page.
FACET_LIMIT = 40


def region_filter(label, *kinds):
    return django_filters.ModelChoiceFilter(
        label=label,
        queryset=Region.objects.of_kinds(*kinds),
        to_field_name="slug",
        method="filter_region",
        error_messages={"invalid_choice": f"There is no such {label.lower()} in the directory."},
    )


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


def year_filter(label, method):
    return YearFilter(
        label=label,
        method=method,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"min": YEAR_MIN, "max": YEAR_MAX, "inputmode": "numeric"}),
        error_messages={"invalid": "Enter a year such as 2016."},
    )


class SpaceFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("opened_min"), cleaned.get("opened_max")
        if low is not None and high is not None and low > high:
            self.add_error("opened_max", "The last year must not be before the first.")
        return cleaned


class SpaceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, 中文名, alias or operator"}),
    )
    province = region_filter("Province", RegionKind.PROVINCE)
    city = region_filter("City", RegionKind.CITY)
    district = region_filter("District", RegionKind.DISTRICT, RegionKind.AREA)
    operator = django_filters.ModelChoiceFilter(
        label="Operator",
        queryset=Operator.objects.all(),
        to_field_name="slug",
        method="filter_operator",
        error_messages={"invalid_choice": "There is no such operator in the directory."},
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=SpaceKind.choices)
    status = django_filters.ChoiceFilter(label="Status", choices=SpaceStatus.choices)
    designation = django_filters.ChoiceFilter(
        label="Designation", choices=DesignationLevel.choices, method="filter_designation"
    )
    service = django_filters.ModelChoiceFilter(
        label="Service",
        queryset=Service.objects.all(),
        to_field_name="slug",
        method="filter_service",
        error_messages={"invalid_choice": "There is no such service in the directory."},
    )
    opened_min = year_filter("Opened in or after", "filter_opened_min")
    opened_max = year_filter("Opened in or before", "filter_opened_max")
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta:
        form = SpaceFilterForm

    # Filters listed with option counts, in the order the page shows them.
    FACETS = ["city", "district", "province", "kind", "status", "designation", "service", "operator"]
    # Facets shown unfolded even when none of their options is chosen.
    OPEN_FACETS = ["city", "kind"]
    # Filters that are not facets: typed in the search form.
    FORM_FIELDS = ["q", "opened_min", "opened_max", "sort"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value, similar=self.similar_search)

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def filter_operator(self, queryset, name, operator):
        return queryset.run_by(operator)

    def filter_designation(self, queryset, name, level):
        return queryset.designated(level)

    def filter_service(self, queryset, name, service):
        return queryset.offering(service)

    def filter_opened_min(self, queryset, name, year):
        return queryset.opened_from(year)

    def filter_opened_max(self, queryset, name, year):
        return queryset.opened_until(year)

    def filter_sort(self, queryset, name, key):
        # Sorting is applied last, by filter_queryset, whatever the order of the parameters.
        return queryset

    def filter_queryset(self, queryset, skip=(), sort=True):
        """Apply every filter except those named in ``skip``, then the sort (unless not ``sort``)."""
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        if not sort:
            return queryset
        if self.current_sort() == RELEVANCE:
            return queryset.ranked_by(self.form.cleaned_data["q"], similar=self.similar_search)
        return queryset.sorted_by(self.current_sort())

    def searching(self):
        return bool(self.is_valid() and search_words(self.form.cleaned_data.get("q")))

    def current_sort(self):
        """The sort asked for; without one, the best matches of a search first, else by name."""
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        if chosen == RELEVANCE or not chosen:
            return RELEVANCE if self.searching() else "name"
        return chosen

    def sort_choices(self):
        return [(value, label) for value, label in SORT_CHOICES if value != RELEVANCE or self.searching()]

    def sort_form_options(self):
        """``(value, label, selected)`` for the search form's sort menu.

        Its first option is the default sort, sent as an empty value, so that a search
        typed into the form sorts by best match unless another sort was picked.
        """
        searching, current = self.searching(), self.current_sort()
        default = RELEVANCE if searching else "name"
        options = [("", dict(SORT_CHOICES)[default], current == default)]
        options += [
            (value, label, value == current) for value, label in SORT_CHOICES if value not in (RELEVANCE, default)
        ]
        return options

    @cached_property
    def similar_search(self):
        """Whether the search also finds similar words: only when its own words are found in no space at all.

        A search that finds spaces elsewhere but none with the other filters is
        not a typing mistake, so the filters decide nothing here. Whether the
        words are found is cached per search and data version.
        """
        if not self.searching():
            return False
        words = " ".join(search_words(self.form.cleaned_data["q"]))
        found = cache.search_found(words, lambda: self.queryset.search(words).exists())
        return not found and supports_similarity(self.queryset.db)

    # Facets -----------------------------------------------------------------

    def facets(self):
        """Each facet's options with the number of spaces each would give, other filters kept.

        Each counts the spaces matching every OTHER filter, grouped by the
        facet's value, in one query at most: facets whose counts come from the
        same query share it (``_counts``). Call only on a valid filter set.
        """
        return [self._facet(name) for name in self.FACETS]

    def cache_key_parts(self, skip=()):
        """The valid filters (not the sort) as a tuple of plain strings, for cache keys.

        Equal filters give equal keys however the query was written: model
        choices become slugs, and a search its words as the search uses them.
        """
        parts = []
        for name, value in sorted(self.form.cleaned_data.items()):
            if name == "sort" or name in skip or value in (None, ""):
                continue
            if isinstance(value, models.Model):
                value = value.slug
            elif name == "q":
                value = " ".join(search_words(value))
            parts.append(f"{name}={value}")
        return tuple(parts)

    def count(self):
        """How many spaces the filters give: counted once per data version and filters.

        Every space has one kind and one status, so the table of spaces by kind and status
        that the kind and status facets read holds this count too: no query of its own.
        """
        return cache.space_count(self.cache_key_parts(), lambda: sum(self._by_columns().values()))

    def _facet(self, name):
        selected = self.data.get(name, "")
        # A facet's counts ignore its own filter, so every choice of that filter shares them. They are
        # kept sorted, most spaces first, so that a request does not sort thousands of operators again.
        ranked = cache.facet_options(
            name,
            self.cache_key_parts(skip={name}),
            lambda: sorted(
                (
                    (value, label, count)
                    for value, (label, count) in self._counts(
                        name, self.filter_queryset(self.queryset, skip={name}, sort=False)
                    ).items()
                ),
                key=lambda option: (-option[2], option[1].lower()),
            ),
        )
        offered = [option for option in ranked if option[2] or option[0] == selected]
        # The chosen option first, the others in their order.
        offered = [option for option in offered if option[0] == selected] + [
            option for option in offered if option[0] != selected
        ]
        # Links are built for the options shown only.
        options = [
            FacetOption(
                value, label, count, value == selected, self._query_with(name, None if value == selected else value)
            )
            for value, label, count in offered[:FACET_LIMIT]
        ]
        return Facet(
            name,
            self.filters[name].label,
            options,
            self._query_with(name, None),
            left_out=max(len(offered) - FACET_LIMIT, 0),
        )

    REGION_FACETS = {
        "city": [RegionKind.CITY],
        "district": [RegionKind.DISTRICT, RegionKind.AREA],
        "province": [RegionKind.PROVINCE],
    }
    # Facets on columns of the space itself, counted together from one table of spaces by kind and status.
    COLUMN_FACETS = ["kind", "status"]

    def _counts(self, name, spaces):
        """``{value: (label, count)}`` for one facet, from one query at most."""
        if name in self.REGION_FACETS:
            # The region facets whose filters agree (none of them chosen, say) share one count;
            # with no filter at all it is the home page's count of every space by region too.
            counts = cache.region_counts(spaces, scope=self.cache_key_parts(skip={name}))
            return {
                slug: (label, counts[slug]) for slug, label in self._facet_regions()[name].items() if slug in counts
            }
        if name in self.COLUMN_FACETS:
            return self._labelled(name, self._by_columns(counted=name))
        if name == "designation":
            return self._labelled(name, spaces.counts_by_designation())
        if name == "service":
            return spaces.counts_by_service()
        return spaces.counts_by_operator()

    def _labelled(self, name, counts):
        labels = dict(self.filters[name].extra["choices"])
        return {value: (labels.get(value, value), count) for value, count in counts.items()}

    def _by_columns(self, counted=None):
        """The spaces matching the filters, counted per value of the column facet ``counted`` (whose own
        filter is ignored), or all together without one (``{(): n}``).

        One cached query serves the kind and status facets and the total: the spaces matching every
        filter but kind and status, grouped by both; a kind or status filter then picks rows of it.
        """
        skip = set(self.COLUMN_FACETS)
        table = cache.kind_status_counts(
            self.cache_key_parts(skip=skip),
            lambda: self.filter_queryset(self.queryset, skip=skip, sort=False).counts_by(*self.COLUMN_FACETS),
        )
        chosen = {name: self.form.cleaned_data.get(name) for name in self.COLUMN_FACETS if name != counted}
        counts = Counter()
        for values, n in table.items():
            row = dict(zip(self.COLUMN_FACETS, values, strict=True))
            if all(row[name] == value for name, value in chosen.items() if value):
                counts[row[counted] if counted else ()] += n
        return counts

    def _facet_regions(self):
        """``{facet: {slug: name}}`` of the regions each region facet offers: one query per data version."""
        if not hasattr(self, "_regions"):
            self._regions = cache.facet_regions(self._read_facet_regions)
        return self._regions

    def _read_facet_regions(self):
        facet_of_kind = {kind: name for name, kinds in self.REGION_FACETS.items() for kind in kinds}
        regions = {name: {} for name in self.REGION_FACETS}
        for slug, name, kind in Region.objects.of_kinds(*facet_of_kind).values_list("slug", "name_en", "kind"):
            regions[facet_of_kind[kind]][slug] = name
        return regions

    def _query_with(self, name, value):
        """The current query with one filter set (or removed, for None) and the page dropped."""
        query = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        query.pop("page", None)
        query.pop(name, None)
        if value is not None:
            query[name] = value
        return query

    # What the page says about the filters ------------------------------------

    def active_filters(self):
        """Valid filters in use, each with the query that removes it."""
        active = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, ""):
                continue
            active.append(
                ActiveFilter(self.filters[name].label, self._describe(name, value), self._query_with(name, None))
            )
        return active

    def _describe(self, name, value):
        filter_ = self.filters[name]
        if isinstance(filter_, django_filters.ChoiceFilter) and "choices" in filter_.extra:
            return dict(filter_.extra["choices"]).get(value, value)
        return str(value)

    def invalid_filters(self):
        """Filters whose value could not be understood, with the message and the query that removes them."""
        return [
            ActiveFilter(
                self.filters[name].label if name in self.filters else name,
                self.data.get(name, ""),
                self._query_with(name, None),
                messages=list(errors),
            )
            for name, errors in self.form.errors.items()
        ]

    def carried_facets(self):
        """Facet values in the query, for hidden inputs: submitting the search form keeps them."""
        return [(name, self.data[name]) for name in self.FACETS if self.data.get(name)]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    query: QueryDict


@dataclass
class Facet:
    name: str
    label: str
    options: list
    clear_query: QueryDict
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


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_query: QueryDict
    messages: list = field(default_factory=list)
