"""The admin's input of a space's point: two numbers or a pasted "lat, lon", in any of the three datums.

The point is converted to WGS-84 before it is stored. The form says which region the point falls in,
refuses impossible values and a point outside China's land for a space in China (a slip of a digit
often lands in the sea), and asks the editor to confirm a point outside the space's own region.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import CoordinateSystem
from .maps import boundaries
from .maps.coordinates import Point, checked, parse_pair, to_wgs84

POINT_FIELDS = [
    "entered_point",
    "entered_latitude",
    "entered_longitude",
    "entered_system",
    "point_checked",
    "point_location",
    "point_precision",
    "point_basis",
    "point_reason",
    "point_source",
    "point_paragraph",
]


def describe(found):
    return " › ".join(division.name for division in found)


class PointFormMixin(forms.Form):
    entered_point = forms.CharField(
        label=_("Point pasted as “lat, lon”"),
        required=False,
        help_text=_("As map apps copy it, e.g. “31.2304, 121.4737”. Used instead of the two numbers below."),
    )
    entered_latitude = forms.FloatField(label=_("Latitude"), required=False)
    entered_longitude = forms.FloatField(label=_("Longitude"), required=False)
    entered_system = forms.ChoiceField(
        label=_("Given in"),
        choices=CoordinateSystem.choices,
        initial=CoordinateSystem.WGS84,
        help_text=_("Gaode and Tencent show GCJ-02, Baidu BD-09, GPS and OpenStreetMap WGS-84."),
    )
    point_checked = forms.BooleanField(
        label=_("I checked: the point is right although it lies outside the space's region"), required=False
    )
    point_form_fields = ("entered_point", "entered_latitude", "entered_longitude", "entered_system")
    history_ignored_fields = ("point_checked", *point_form_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.latitude is not None:
            self.initial.setdefault("entered_latitude", self.instance.latitude)
            self.initial.setdefault("entered_longitude", self.instance.longitude)
            if "entered_latitude" in self.fields:
                found = boundaries.divisions_at(Point(self.instance.latitude, self.instance.longitude))
                where = describe(found) if found else _("no region of China (at sea or abroad)")
                self.fields["entered_latitude"].help_text = _("The stored point (WGS-84) lies in %(where)s.") % {
                    "where": where
                }

    def entered(self, cleaned_data):
        """The Point typed (in its datum), None when both are empty; a ValidationError when impossible."""
        text = (cleaned_data.get("entered_point") or "").strip()
        if text:
            return parse_pair(text)
        lat, lon = cleaned_data.get("entered_latitude"), cleaned_data.get("entered_longitude")
        if lat is None and lon is None:
            return None
        if lat is None or lon is None:
            raise ValidationError(_("Give both the latitude and the longitude, or neither."), code="half_a_point")
        return checked(lat, lon)

    def clean(self):
        cleaned_data = super().clean()
        if not any(name in self.changed_data for name in self.point_form_fields):
            return cleaned_data  # the stored point stays as it is, in the datum it was given in
        if any(name in self.errors for name in self.point_form_fields):
            return cleaned_data
        try:
            point = self.entered(cleaned_data)
        except ValidationError as error:
            self.add_error("entered_point" if cleaned_data.get("entered_point") else "entered_latitude", error)
            return cleaned_data
        if point is None:
            self.instance.latitude = self.instance.longitude = None
            self.instance.point_system = self.instance.point_precision = ""
            return cleaned_data
        system = cleaned_data.get("entered_system") or CoordinateSystem.WGS84
        point = to_wgs84(point, system)
        self.check_region(point, cleaned_data.get("region") or cleaned_data.get("city"), cleaned_data)
        self.instance.latitude, self.instance.longitude = round(point.lat, 6), round(point.lon, 6)
        self.instance.point_system = system
        return cleaned_data

    def check_region(self, point, region, cleaned_data):
        found = boundaries.divisions_at(point)
        if region is None:
            return
        centre = boundaries.region_centre(region, region.ancestors())
        if centre is not None and not found:
            self.add_error(
                "entered_latitude",
                ValidationError(
                    _(
                        "The point (%(point)s in WGS-84) lies outside China's land, at sea or abroad, but %(region)s "
                        "is in China: check the numbers and the order (latitude first)."
                    ),
                    code="point_outside_china",
                    params={"point": point, "region": region},
                ),
            )
        elif found and (centre is None or centre.division not in found) and not cleaned_data.get("point_checked"):
            self.add_error(
                "point_checked",
                ValidationError(
                    _("The point falls in %(where)s, not in %(region)s. Tick this box if it is right."),
                    code="point_outside_region",
                    params={"where": describe(found), "region": region},
                ),
            )
