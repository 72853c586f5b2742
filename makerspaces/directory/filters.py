"""The directory's filters: what each parameter selects, and the order of the results."""

from functools import cached_property

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import YEAR_MAX, YEAR_MIN, DesignationLevel, RegionKind, SpaceKind, SpaceStatus
from ..models import Operator, Region, Service, Source
from ..search import supports_similarity
from ..text import search_words
from .nearby import DISTANCE_SORT, clean_near, filter_near, near_filters

# "Best match" is offered, and is the default, only with a search.
RELEVANCE = "relevance"
SORT_CHOICES = [
    (RELEVANCE, _("Best match")),
    ("name", _("Name")),
    ("opened", _("Opening date")),
    ("-opened", _("Newest first")),
    (DISTANCE_SORT, _("Nearest first")),
]


def region_filter(label, unknown, *kinds):
    return django_filters.ModelChoiceFilter(
        label=label,
        queryset=Region.objects.of_kinds(*kinds),
        to_field_name="slug",
        method="filter_region",
        error_messages={"invalid_choice": unknown},
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
        error_messages={"invalid": _("Enter a year such as 2016.")},
    )


class SpaceFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("opened_min"), cleaned.get("opened_max")
        if low is not None and high is not None and low > high:
            self.add_error("opened_max", _("The last year must not be before the first."))
        clean_near(self, cleaned)
        return cleaned


class SpaceFilterSet(django_filters.FilterSet):
    """The directory's parameters. ``words_found(words)`` tells whether a search's words are found in any
    space at all (the page passes one that remembers the answer); only when they are not does the search
    look for similar words too."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, 中文名, alias or operator")}),
    )
    province = region_filter(_("Province"), _("There is no such province in the directory."), RegionKind.PROVINCE)
    city = region_filter(_("City"), _("There is no such city in the directory."), RegionKind.CITY)
    district = region_filter(
        _("District"), _("There is no such district in the directory."), RegionKind.DISTRICT, RegionKind.AREA
    )
    operator = django_filters.ModelChoiceFilter(
        label=_("Operator"),
        queryset=Operator.objects.all(),
        to_field_name="slug",
        method="filter_operator",
        error_messages={"invalid_choice": _("There is no such operator in the directory.")},
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SpaceKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SpaceStatus.choices)
    designation = django_filters.ChoiceFilter(
        label=_("Designation"), choices=DesignationLevel.choices, method="filter_designation"
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        queryset=Service.objects.all(),
        to_field_name="slug",
        method="filter_service",
        error_messages={"invalid_choice": _("There is no such service in the directory.")},
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        queryset=Source.objects.all(),
        to_field_name="slug",
        method="filter_source",
        error_messages={"invalid_choice": _("There is no such source in the directory.")},
    )
    opened_min = year_filter(_("Opened in or after"), "filter_opened_min")
    opened_max = year_filter(_("Opened in or before"), "filter_opened_max")
    near, within = near_filters()
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta:
        form = SpaceFilterForm

    def __init__(self, *args, words_found=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.words_found = words_found or (lambda words: self.queryset.search(words).exists())

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

    def filter_source(self, queryset, name, source):
        return queryset.cited_by(source)

    def filter_opened_min(self, queryset, name, year):
        return queryset.opened_from(year)

    def filter_opened_max(self, queryset, name, year):
        return queryset.opened_until(year)

    def filter_near(self, queryset, name, place):
        return filter_near(self, queryset, place)

    def filter_within(self, queryset, name, km):
        return queryset  # applied by filter_near, which needs both

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
        if self.current_sort() == DISTANCE_SORT:
            return queryset  # the nearest first, as filter_near orders them
        if self.current_sort() == RELEVANCE:
            return queryset.ranked_by(self.form.cleaned_data["q"], similar=self.similar_search)
        return queryset.sorted_by(self.current_sort())

    def searching(self):
        return bool(self.is_valid() and search_words(self.form.cleaned_data.get("q")))

    def search_text(self):
        """The search's words as the search uses them."""
        return " ".join(search_words(self.form.cleaned_data.get("q"))) if self.is_valid() else ""

    def current_sort(self):
        """The sort asked for; without one, the best matches of a search first, else by name."""
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        near = self.is_valid() and self.form.cleaned_data.get("near")
        if chosen == DISTANCE_SORT or (near and not chosen):
            return DISTANCE_SORT if near else "name"
        if chosen == RELEVANCE or not chosen:
            return RELEVANCE if self.searching() else "name"
        return chosen

    @cached_property
    def similar_search(self):
        """Whether the search also finds similar words: only when its own words are found in no space at all.

        A search that finds spaces elsewhere but none with the other filters is
        not a typing mistake, so the other filters decide nothing here.
        """
        if not self.searching():
            return False
        return not self.words_found(self.search_text()) and supports_similarity(self.queryset.db)

    def key(self, skip=()):
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

    def describe(self, name, value):
        """A filter's value as the page names it: a choice's label, a record's name."""
        filter_ = self.filters[name]
        if hasattr(value, "label"):  # a Place: the space's name or the point
            return value.label
        if isinstance(filter_, django_filters.ChoiceFilter) and "choices" in filter_.extra:
            return dict(filter_.extra["choices"]).get(value, value)
        return str(value)
