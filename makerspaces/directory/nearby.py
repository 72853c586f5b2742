"""The directory's "near here": ``near=<space slug or lat,lon>&within=<km>`` keeps the spaces within that
distance of the place and sorts them nearest first.

The distance is great-circle, from WGS-84 points. A bounding box around the place, served by the index
on (latitude, longitude), narrows the rows before the exact distance is computed for each, on SQLite
and PostgreSQL alike (``LocatedQuerySet.near``).
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..maps.coordinates import Point, bounding_box, parse_pair
from ..models import Space

DISTANCE_SORT = "distance"
WITHIN_DEFAULT_KM = 50
WITHIN_MAX_KM = 1000


@dataclass(frozen=True)
class Place:
    """Where "near" is: a point, and the space it is the point of (left out of its own neighbours)."""

    point: Point
    label: str
    space_pk: int | None = None

    def __str__(self):
        # The cache key's part: the same place however it was written.
        return f"{self.point.lat:.6f},{self.point.lon:.6f}"


class PlaceField(forms.CharField):
    """A space's slug, or a WGS-84 "lat,lon"; the Place it names, or a form error."""

    def clean(self, value):
        value = super().clean(value)  # text of at most max_length characters first
        if not value:
            return None
        if "," in value or "，" in value or value[:1].isdigit() or value[:1] in "+-":  # slugs have no commas
            point = parse_pair(value)
            return Place(point, str(point))
        space = Space.objects.filter(slug=value[:120]).only("pk", "name_en", "latitude", "longitude").first()
        if space is None:
            raise ValidationError(
                gettext("There is no space “%(slug)s” in the directory: give a space's slug or “lat,lon”."),
                code="no_such_space",
                params={"slug": value[:120]},
            )
        if not space.has_point:
            raise ValidationError(
                gettext("%(space)s has no point on the map yet, so nothing can be found near it."),
                code="no_point",
                params={"space": space.name_en},
            )
        return Place(Point(space.latitude, space.longitude), space.name_en, space.pk)


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField


def near_filters():
    """The two filters the directory's FilterSet declares."""
    near = PlaceFilter(
        label=_("Near"),
        method="filter_near",
        max_length=120,
        help_text=_("A space's slug, or a point as “latitude,longitude” (WGS-84)."),
    )
    within = django_filters.NumberFilter(
        label=_("Within (km)"),
        method="filter_within",
        min_value=0.1,
        max_value=WITHIN_MAX_KM,
        error_messages={
            "min_value": _("Give a distance of at least 0.1 km."),
            "max_value": _("Give a distance of at most %(limit_value)s km."),
        },
    )
    return near, within


def clean_near(form, cleaned):
    """``within`` without ``near`` says nothing: tell the visitor, rather than ignore it."""
    if cleaned.get("within") is not None and not cleaned.get("near") and "near" not in form.errors:
        form.add_error("within", gettext("Give a place with near= to search within a distance of it."))


def filter_near(filterset, queryset, place):
    within = filterset.form.cleaned_data.get("within") or WITHIN_DEFAULT_KM
    box = bounding_box(place.point, float(within))
    nearby = queryset.near(place.point, box, float(within))
    return nearby.exclude(pk=place.space_pk) if place.space_pk else nearby


def nearest_to(space, limit=5, within_km=WITHIN_DEFAULT_KM):
    """The spaces nearest to ``space`` (which has a point), with ``distance_km``, for its page."""
    point = Point(space.latitude, space.longitude)
    return (
        Space.objects.near(point, bounding_box(point, within_km), within_km)
        .exclude(pk=space.pk)
        .select_related("region")[:limit]
    )
