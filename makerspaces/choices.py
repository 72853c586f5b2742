"""The enumerations of the data model, and the database check that keeps a column to one of them.

Imported by the models, the forms, the filters and the formatting alike, so it imports nothing of ours.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Years outside this range are typing mistakes: opening years, designation years, year filters.
YEAR_MIN, YEAR_MAX = 1900, 2200


def check_in(field, choices, *, allow_blank=False, name):
    """A CheckConstraint keeping ``field`` to the values of ``choices`` (and "" with ``allow_blank``)."""
    condition = Q(**{f"{field}__in": choices.values})
    if allow_blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)


class Basis(models.TextChoices):
    STATED = "stated", "stated in the source"
    INFERRED = "inferred", "inferred (not stated in the source)"


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    QUARTER = "quarter", "quarter"
    YEAR = "year", "year"
    APPROXIMATE = "approximate", "approximate"


class RegionKind(models.TextChoices):
    COUNTRY = "country", "country"
    PROVINCE = "province", "province"
    CITY = "city", "city"
    DISTRICT = "district", "district"
    AREA = "area", "area or park"


class OperatorKind(models.TextChoices):
    COMPANY = "company", "company"
    ASSOCIATION = "association", "association"
    GOVERNMENT = "government", "government body"
    JOINT_VENTURE = "joint_venture", "joint venture"
    COMMUNITY = "community", "community"
    OTHER = "other", "other"


class SpaceKind(models.TextChoices):
    MAKER_SPACE = "maker_space", "maker space"
    INCUBATOR = "incubator", "incubator"
    CO_WORKING = "co_working", "co-working space"
    HACKERSPACE = "hackerspace", "hackerspace"
    ACCELERATOR = "accelerator", "accelerator"
    PLATFORM = "platform", "service platform"
    PARK = "park", "park or base"


class SpaceStatus(models.TextChoices):
    PLANNED = "planned", "planned"
    OPEN = "open", "open"
    CLOSED = "closed", "closed"
    UNKNOWN = "unknown", "unknown"


class OperatorRole(models.TextChoices):
    OPERATOR = "operator", "operator"
    CO_OPERATOR = "co_operator", "joint operator"
    FOUNDER = "founder", "founder"
    CO_LAUNCHER = "co_launcher", "co-launcher"
    SPONSOR = "sponsor", "sponsor"
    BRAND = "brand", "brand"
    SUPERVISOR = "supervisor", "supervising body"
    PARTNER = "partner", "partner"


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", "national"
    PROVINCIAL = "provincial", "provincial"
    MUNICIPAL = "municipal", "municipal"
    DISTRICT = "district", "district"


class Unit(models.TextChoices):
    COUNT = "count", "count"
    CNY = "CNY", "CNY"
    USD = "USD", "USD"
    SQUARE_METRE = "m2", "m²"
    PERCENT = "percent", "%"
    RATIO = "ratio", "ratio"
    RANK = "rank", "rank (1 = first)"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    ABOUT = "about", "about"
    AT_LEAST = "at_least", "at least"
    OVER = "over", "over"
    NEARLY = "nearly", "nearly"
    UP_TO = "up_to", "up to"
    RANGE = "range", "between"


class CoordinateSystem(models.TextChoices):
    """The datum a point was entered in. Points are stored in WGS-84; Chinese map providers show shifted ones."""

    WGS84 = "wgs84", _("WGS-84 (GPS, OpenStreetMap, Tianditu)")
    GCJ02 = "gcj02", _("GCJ-02 (Gaode/Amap, Tencent)")
    BD09 = "bd09", _("BD-09 (Baidu)")


class PointPrecision(models.TextChoices):
    """How closely a space's point is known: a point is never shown as more precise than its evidence."""

    ADDRESS = "address", _("exact address")
    PARK = "park", _("park or building complex")
    DISTRICT = "district", _("district centre")
    CITY = "city", _("city centre")
