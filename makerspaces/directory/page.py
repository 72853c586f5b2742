"""What the directory page shows: the one object its template is handed."""

from dataclasses import dataclass, field
from functools import cached_property

from django.http import QueryDict
from django.urls import reverse

from .. import cache
from ..maps.national import national_map
from ..models import Space
from ..models.places import counts_by_region
from .facets import FACETS, FacetCounter
from .filters import RELEVANCE, SORT_CHOICES
from .nearby import DISTANCE_SORT


def words_found(words):
    """Whether a search's words are found in any space at all, remembered until the next write."""
    return cache.search_found(words, lambda: Space.objects.search(words).exists())


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_query: QueryDict
    messages: list = field(default_factory=list)


class DirectoryPage:
    """The directory for one request: its filters, their counts, the sort and the spaces of a page."""

    def __init__(self, filterset):
        self.filterset = filterset
        self.valid = filterset.is_valid()
        self.counter = FacetCounter(filterset, self.query_with)

    @property
    def form(self):
        return self.filterset.form

    @cached_property
    def facets(self):
        return self.counter.facets() if self.valid else []

    def count(self):
        return self.counter.count()

    def spaces(self, page):
        """The spaces of ``page`` with their operators, read once per filters, sort, page and data version."""
        return cache.directory_page(
            self.current_sort, page.number, self.filterset.key(), lambda: list(page.object_list)
        )

    @cached_property
    def current_sort(self):
        return self.filterset.current_sort()

    @property
    def similar_search(self):
        return self.valid and self.filterset.similar_search

    @property
    def search_text(self):
        return self.filterset.form.cleaned_data.get("q", "") if self.valid else ""

    def sort_choices(self):
        """``(value, label)`` of the sorts offered: best match only with a search."""
        return [(value, label) for value, label in SORT_CHOICES if self.offers_sort(value)]

    def offers_sort(self, value):
        """Best match only with a search, nearest first only with a place to be near."""
        if value == RELEVANCE:
            return self.filterset.searching()
        if value == DISTANCE_SORT:
            return bool(self.valid and self.filterset.form.cleaned_data.get("near"))
        return True

    def sort_form_options(self):
        """``(value, label, selected)`` for the search form's sort menu.

        Its first option is the default sort, sent as an empty value, so that a search
        typed into the form sorts by best match unless another sort was picked.
        """
        default = RELEVANCE if self.filterset.searching() else "name"
        options = [("", dict(SORT_CHOICES)[default], self.current_sort == default)]
        options += [
            (value, label, value == self.current_sort)
            for value, label in SORT_CHOICES
            if value not in (RELEVANCE, default) and self.offers_sort(value)
        ]
        return options

    @cached_property
    def active_filters(self):
        """Valid filters in use, each with the query that removes it."""
        if not self.valid:
            return []
        return [
            ActiveFilter(
                self.filterset.filters[name].label,
                self.filterset.describe(name, value),
                self.query_with(name, None),
            )
            for name, value in self.filterset.form.cleaned_data.items()
            if name != "sort" and value not in (None, "")
        ]

    def invalid_filters(self):
        """Filters whose value could not be understood, with the message and the query that removes them."""
        filters = self.filterset.filters
        return [
            ActiveFilter(
                filters[name].label if name in filters else name,
                self.filterset.data.get(name, ""),
                self.query_with(name, None),
                messages=list(errors),
            )
            for name, errors in self.filterset.form.errors.items()
        ]

    @cached_property
    def map(self):
        """The map of China above the results: the current result's spaces by province and city, each
        area and dot linking to the directory with the same filters and that place. Kept per filters."""
        if not self.valid:
            return None
        filters = self.filterset.key()

        def link(region):
            query = self.query_with("sort", None)
            for name, value in region.directory_filters().items():
                query[name] = value
            return reverse("makerspaces:space-list", query=query)

        def drawn():
            counts = counts_by_region(self.filterset.qs) if filters else None
            return national_map(counts=counts, link=link)

        return cache.directory_map(filters, drawn)

    def carried_facets(self):
        """Facet values in the query, for hidden inputs: submitting the search form keeps them."""
        data = self.filterset.data
        return [(name, data[name]) for name in (*FACETS, "near", "within") if data.get(name)]

    def query_with(self, name, value):
        """The current query with one filter set (or removed, for None) and the page dropped."""
        data = self.filterset.data
        query = data.copy() if isinstance(data, QueryDict) else QueryDict(mutable=True)
        query.pop("page", None)
        query.pop(name, None)
        if value is not None:
            query[name] = value
        return query
