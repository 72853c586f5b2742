"""Counts of spaces by the values of their own columns, kept beside the data.

Regions, operators, services and metrics carry their own counts (``space_count``,
``statistic_count``); the facets on a space's columns and on designation levels
read these small tables. ``makerspaces/counting.py`` keeps every count current
in the transaction that writes the rows counted, so a page that reads a count
never sees a different number than counting the rows would give.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DesignationLevel, SpaceKind, SpaceStatus, check_in


class KindStatusCountQuerySet(models.QuerySet):
    def table(self):
        """``{(kind, status): spaces}`` of the pairs any space has."""
        rows = self.filter(spaces__gt=0).values_list("kind", "status", "spaces")
        return {(kind, status): n for kind, status, n in rows}


class KindStatusCountManager(models.Manager.from_queryset(KindStatusCountQuerySet)):
    def get_by_natural_key(self, kind, status):
        return self.get(kind=kind, status=status)


class DesignationLevelCountQuerySet(models.QuerySet):
    def table(self):
        """``{level: spaces}`` of the levels any space holds."""
        return dict(self.filter(spaces__gt=0).values_list("level", "spaces"))


class DesignationLevelCountManager(models.Manager.from_queryset(DesignationLevelCountQuerySet)):
    def get_by_natural_key(self, level):
        return self.get(level=level)


class KindStatusCount(models.Model):
    """How many spaces have this kind and this status. The sum of all rows is the number of spaces."""

    kind = models.CharField(max_length=16, choices=SpaceKind.choices, verbose_name=_("kind"))
    status = models.CharField(max_length=10, choices=SpaceStatus.choices, verbose_name=_("status"))
    spaces = models.PositiveIntegerField(default=0, verbose_name=_("spaces"))

    objects = KindStatusCountManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "status"], name="kind_status_count_unique"),
            check_in("kind", SpaceKind, name="kind_status_count_kind_valid"),
            check_in("status", SpaceStatus, name="kind_status_count_status_valid"),
            models.CheckConstraint(condition=models.Q(spaces__gte=0), name="kind_status_count_non_negative"),
        ]

    def __str__(self):
        return f"{self.spaces} {self.get_kind_display()} ({self.get_status_display()})"

    def natural_key(self):
        return (self.kind, self.status)


class DesignationLevelCount(models.Model):
    """How many spaces hold at least one designation of this level."""

    level = models.CharField(max_length=12, choices=DesignationLevel.choices, unique=True, verbose_name=_("level"))
    spaces = models.PositiveIntegerField(default=0, verbose_name=_("spaces"))

    objects = DesignationLevelCountManager()

    class Meta:
        constraints = [
            check_in("level", DesignationLevel, name="designation_level_count_level_valid"),
            models.CheckConstraint(condition=models.Q(spaces__gte=0), name="designation_level_count_non_negative"),
        ]

    def __str__(self):
        return f"{self.spaces} {self.get_level_display()}"

    def natural_key(self):
        return (self.level,)


# Derived tables: never in fixtures, exports or the admin.
COUNT_MODELS = (KindStatusCount, DesignationLevelCount)
