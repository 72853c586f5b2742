"""Where a space is: a WGS-84 point, the datum it was entered in, how precise it is, and its evidence;
and the QuerySet half: spaces near a point, nearest first.

A point is a fact like any other: stated by an article (with its paragraph), or inferred (a district's
centre for a space the article places only in its district) with the reason.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

from ..choices import CoordinateSystem, PointPrecision, check_in
from .base import basis_constraints, basis_field, clean_basis, paragraph_constraint, paragraph_field, reason_field
from .sources import Source, check_paragraphs_exist

EARTH_RADIUS_KM = 6371.0088


class LocatedQuerySet(models.QuerySet):
    """Spaces near a point: a bounding box the (latitude, longitude) index serves, then the exact distance."""

    def with_point(self):
        return self.filter(latitude__isnull=False)

    def near(self, centre, box, within_km):
        """Spaces within ``within_km`` of ``centre`` (a Point), with ``distance_km``, nearest first.

        ``box`` is ``(south, north, west, east)`` from ``coordinates.bounding_box``: the index narrows
        the rows to it first, so the haversine is computed for a few spaces, not for every space.
        """
        south, north, west, east = box
        lat1, lon1 = Radians(Value(centre.lat)), Radians(Value(centre.lon))
        lat2, lon2 = Radians(F("latitude")), Radians(F("longitude"))
        haversine = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
        distance = Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(haversine))
        return (
            self.filter(latitude__range=(south, north), longitude__range=(west, east))
            .annotate(distance_km=models.ExpressionWrapper(distance, output_field=FloatField()))
            .filter(distance_km__lte=within_km)
            .order_by("distance_km", "name_en", "pk")
        )


class Located(models.Model):
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, help_text=_("WGS-84, decimal degrees, north positive.")
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, help_text=_("WGS-84, decimal degrees, east positive.")
    )
    point_system = models.CharField(
        _("entered in"),
        max_length=8,
        choices=CoordinateSystem.choices,
        blank=True,
        help_text=_("The datum the point was given in; it is stored converted to WGS-84."),
    )
    point_precision = models.CharField(
        _("precision of the point"), max_length=10, choices=PointPrecision.choices, blank=True
    )
    point_basis = basis_field("the point")
    point_reason = reason_field("the point")
    point_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="space_points",
        verbose_name=_("source of the point"),
        help_text=_("The article that states where the space is (or whose facts the inference rests on)."),
    )
    point_paragraph = paragraph_field(verbose_name=_("paragraph of the point"))

    INFERABLE = (("the point", "point_basis", "point_reason"),)

    class Meta:
        abstract = True

    @staticmethod
    def point_constraints():
        """The database's checks on a point: in range, whole (both numbers, datum and precision) or absent."""
        return [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="space_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="space_longitude_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(latitude__isnull=True, longitude__isnull=True, point_system="", point_precision="")
                    | (
                        Q(latitude__isnull=False, longitude__isnull=False)
                        & ~Q(point_system="")
                        & ~Q(point_precision="")
                    )
                ),
                name="space_point_whole",
            ),
            check_in("point_system", CoordinateSystem, allow_blank=True, name="space_point_system_valid"),
            check_in("point_precision", PointPrecision, allow_blank=True, name="space_point_precision_valid"),
            *basis_constraints("space_point", "point_basis", "point_reason"),
            paragraph_constraint("space_point_paragraph_positive", "point_paragraph"),
        ]

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def point_location(self):
        """The stored point as the admin shows it: WGS-84, with the datum it was given in and its precision."""
        if not self.has_point:
            return _("no point")
        return _("%(lat).6f, %(lon).6f in WGS-84 (given in %(system)s; %(precision)s)") % {
            "lat": self.latitude,
            "lon": self.longitude,
            "system": self.get_point_system_display(),
            "precision": self.get_point_precision_display(),
        }

    def clean_point(self):
        if self.has_point != (self.latitude is not None or self.longitude is not None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        if self.has_point:
            errors = {}
            if not self.point_system:
                errors["point_system"] = _("Say which system the point was given in.")
            if not self.point_precision:
                errors["point_precision"] = _("Say how precisely the point is known.")
            if errors:
                raise ValidationError(errors)
        elif self.point_basis == self.Basis.INFERRED:
            raise ValidationError({"point_basis": _("There is no point to mark as inferred.")})
        clean_basis(self, "point_basis", "point_reason", "the point")
        if self.point_paragraph and not self.point_source_id:
            raise ValidationError({"point_source": _("A paragraph number needs the article it is in.")})
        if self.point_source_id:
            check_paragraphs_exist(self.point_source, [self.point_paragraph], "point_paragraph")
