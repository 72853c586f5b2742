"""The enumerations of the data model, and the database check that keeps a column to one of them.

Imported by the models, the forms, the filters and the formatting alike, so it imports nothing of ours.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Years outside this range are typing mistakes: opening years, designation years, year filters.
YEAR_MIN, YEAR_MAX = 1900, 2200


def check_in(field, choices, *, allow_blank=False, name):
    """A CheckConstraint keeping ``field`` to the values of ``choices`` (and "" with ``allow_blank``)."""
    condition = Q(**{f"{field}__in": choices.values})
    if allow_blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)


class Basis(models.TextChoices):
    STATED = "stated", _("stated in the source")
    INFERRED = "inferred", _("inferred (not stated in the source)")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")
    APPROXIMATE = "approximate", _("approximate")


class RegionKind(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    AREA = "area", _("area or park")


class OperatorKind(models.TextChoices):
    COMPANY = "company", _("company")
    ASSOCIATION = "association", _("association")
    GOVERNMENT = "government", _("government body")
    JOINT_VENTURE = "joint_venture", _("joint venture")
    COMMUNITY = "community", _("community")
    OTHER = "other", _("other")


class SpaceKind(models.TextChoices):
    MAKER_SPACE = "maker_space", _("maker space")
    INCUBATOR = "incubator", _("incubator")
    CO_WORKING = "co_working", _("co-working space")
    HACKERSPACE = "hackerspace", _("hackerspace")
    ACCELERATOR = "accelerator", _("accelerator")
    PLATFORM = "platform", _("service platform")
    PARK = "park", _("park or base")


class SpaceStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    UNKNOWN = "unknown", _("unknown")


class OperatorRole(models.TextChoices):
    OPERATOR = "operator", _("operator")
    CO_OPERATOR = "co_operator", _("joint operator")
    FOUNDER = "founder", _("founder")
    CO_LAUNCHER = "co_launcher", _("co-launcher")
    SPONSOR = "sponsor", _("sponsor")
    BRAND = "brand", _("brand")
    SUPERVISOR = "supervisor", _("supervising body")
    PARTNER = "partner", _("partner")


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    MUNICIPAL = "municipal", _("municipal")
    DISTRICT = "district", pgettext_lazy("designation level", "district")


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    CNY = "CNY", _("CNY")
    USD = "USD", _("USD")
    SQUARE_METRE = "m2", "m²"
    PERCENT = "percent", "%"
    RATIO = "ratio", _("ratio")
    RANK = "rank", _("rank (1 = first)")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")
    OVER = "over", _("over")
    NEARLY = "nearly", _("nearly")
    UP_TO = "up_to", _("up to")
    RANGE = "range", _("between")


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
