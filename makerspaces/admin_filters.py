"""List filters of the admin's changelists.

With facet counts on, Django builds every filter again for each filter's
counts; filters that list rows from the database keep that list per request.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Region, RegionKind


def cached_for_request(request, key, compute):
    """compute() once per request: the changelist builds its filters again for each filter's facet counts."""
    cache = request.__dict__.setdefault("_directory_admin_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class CityFilter(admin.SimpleListFilter):
    """Rows whose region is a city or lies in it (a city includes its districts)."""

    title = _("city")
    parameter_name = "city"
    region_field = "region"

    def lookups(self, request, model_admin):
        cities = cached_for_request(
            request,
            "cities",
            lambda: list(
                Region.objects.filter(kind=RegionKind.CITY).order_by("name_en").values_list("slug", "name_en", "path")
            ),
        )
        # Kept so queryset() filters by path without a query per city (facets call it once per city).
        self.city_paths = {slug: path for slug, _name, path in cities}
        return [(slug, name) for slug, name, _path in cities]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        path = self.city_paths.get(self.value())
        if path is None:
            return queryset.none()
        field = f"{self.region_field}__path"
        return queryset.filter(Q(**{field: path}) | Q(**{f"{field}__startswith": f"{path}/"}))


class RelatedListFilter(admin.RelatedFieldListFilter):
    """RelatedFieldListFilter that reads its list of related rows once per request."""

    def field_choices(self, field, request, model_admin):
        key = ("related", field.model, field.name)
        return cached_for_request(
            request, key, lambda: super(RelatedListFilter, self).field_choices(field, request, model_admin)
        )


class SubjectFilter(admin.SimpleListFilter):
    """What a statistic describes: a region, a space, an operator or a group of spaces."""

    title = _("subject")
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        return [
            ("region", _("a region")),
            ("space", _("a space")),
            ("operator", _("an operator")),
            ("group", _("spaces together")),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("region", "space", "operator", "group"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class RelatedOnlyListFilter(admin.RelatedOnlyFieldListFilter):
    """RelatedOnlyFieldListFilter that reads its list of related rows once per request."""

    def field_choices(self, field, request, model_admin):
        key = ("related-only", field.model, field.name)
        return cached_for_request(
            request, key, lambda: super(RelatedOnlyListFilter, self).field_choices(field, request, model_admin)
        )
