"""Forms: the admin's, which refuse the usual data-entry mistakes, and the public statistics picker.

The directory's filters are in directory/filters.py."""

from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .choices import YEAR_MAX, YEAR_MIN
from .dates import EXAMPLES, PreciseDate, format_precise_date, parse_precise_date
from .duplicates import similar_records
from .locking import OptimisticLockFormMixin
from .models import Metric, Operator, Region, RegionKind, Source, Space, Statistic
from .point_input import PointFormMixin


class PrecisionDateField(forms.Field):
    """One text box for a date known to a day, month, quarter, year or roughly.

    Cleans to a PreciseDate (or None); PrecisionDateFormMixin stores it as a
    date and a precision on the instance.
    """

    widget = forms.TextInput(attrs={"placeholder": _("e.g. July 2016"), "size": 16})
    default_error_messages = {
        "invalid": format_lazy(
            _("Enter the date as precisely as the source gives it, for example {examples}."), examples=EXAMPLES
        ),
        "out_of_range": format_lazy(_("Enter a year between {first} and {last}."), first=YEAR_MIN, last=YEAR_MAX),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", format_lazy(_("As precisely as the source gives it: {examples}."), examples=EXAMPLES)
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, PreciseDate) or value is None:
            return value
        try:
            parsed = parse_precise_date(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if parsed is not None and not YEAR_MIN <= parsed.start.year <= YEAR_MAX:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return parsed

    def prepare_value(self, value):
        if isinstance(value, PreciseDate):
            return format_precise_date(value.start, value.precision)
        return value

    def has_changed(self, initial, data):
        # "July 2016" and "2016-07" are the same value: compare periods, not text.
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class PrecisionDateFormMixin:
    """Maps PrecisionDateFields to a model's (date, precision) field pairs.

    precise_dates = {"form field": ("date field", "precision field")}. The form
    shows the stored date at its precision; saving text that names the same
    period at the same precision keeps the stored day (a statistic "as of 2016"
    stored as 2016-12-31 stays so).
    """

    precise_dates = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (date_field, precision_field) in self.precise_dates.items():
            if name in self.fields and name not in self.initial:
                self.initial[name] = format_precise_date(
                    getattr(self.instance, date_field), getattr(self.instance, precision_field)
                )

    def clean(self):
        cleaned_data = super().clean()
        for name, (date_field, precision_field) in self.precise_dates.items():
            if name not in self.fields or name not in cleaned_data:
                continue
            value = cleaned_data[name]
            if value is None:
                setattr(self.instance, date_field, None)
                precision = self.instance._meta.get_field(precision_field)
                setattr(self.instance, precision_field, "" if precision.blank else precision.get_default())
                continue
            stored = (getattr(self.instance, date_field), getattr(self.instance, precision_field))
            if not value.same_as(*stored):
                setattr(self.instance, date_field, value.date)
                setattr(self.instance, precision_field, value.precision)
        return cleaned_data


def plain_decimal(value):
    """1200 for 1200.0000 and 13.786 for 13.7860 (the columns keep four decimals); never 1.2E+3."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def free_slug(model, slug):
    """The first of slug-2, slug-3, ... that no row of the model uses."""
    taken = set(model._default_manager.filter(slug__startswith=f"{slug}-").values_list("slug", flat=True))
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that shows its chosen row from the form's instance when the instance holds it.

    Django's widget runs a query per box to label the chosen row: one per
    inline row and field. Inlines fetch the rows with select_related, so the
    label is already there.
    """

    preloaded = None

    def optgroups(self, name, value, attr=None):
        chosen = {str(item) for item in value if str(item) not in self.choices.field.empty_values}
        preloaded = self.preloaded
        if preloaded is None or chosen != {str(preloaded.pk)}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(preloaded)
        options.append(self.create_option(name, preloaded.pk, label, chosen, len(options)))
        return [(None, options, 0)]


class DirectoryForm(forms.ModelForm):
    """Base form of every directory admin page and inline."""

    # Form-only fields that change nothing by themselves; the change history leaves them out.
    history_ignored_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-field wrapper
            if isinstance(widget, PreloadedAutocompleteSelect):
                widget.preloaded = self.instance._meta.get_field(name).get_cached_value(self.instance, None)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if not slug:
            return slug
        model = self._meta.model
        holder = model._default_manager.filter(slug=slug).exclude(pk=self.instance.pk).first()
        if holder is not None:
            raise ValidationError(
                _(
                    "The slug “%(slug)s” is already used by the %(kind)s “%(holder)s”. "
                    "Choose another, for example “%(free)s”."
                ),
                code="slug_taken",
                params={
                    "slug": slug,
                    "kind": model._meta.verbose_name,
                    "holder": holder,
                    "free": free_slug(model, slug),
                },
            )
        return slug


class DuplicateCheckForm(forms.Form):
    """Refuses a new record whose name is close to an existing one until the editor says it is not a duplicate."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("I checked: this is not a duplicate"),
        help_text=_("Tick after opening the similar records listed above, if this is really a different one."),
    )
    duplicate_name_fields = ("name_en", "name_zh")
    history_ignored_fields = ("not_a_duplicate",)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and not cleaned_data.get("not_a_duplicate"):
            names = [cleaned_data.get(field) or "" for field in self.duplicate_name_fields]
            model = self._meta.model
            candidates = similar_records(model._default_manager.all(), names, self.duplicate_name_fields)
            if candidates:
                self.add_error(None, ValidationError(self.duplicate_message(candidates), code="possible_duplicate"))
                self.add_error("not_a_duplicate", _("Tick this box to save anyway."))
        return cleaned_data

    def duplicate_message(self, candidates):
        opts = self._meta.model._meta
        links = format_html_join(
            "",
            '<li><a href="{}" target="_blank">{}</a></li>',
            (
                (reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[candidate.pk]), candidate.label)
                for candidate in candidates
            ),
        )
        found = ngettext(
            "a %(kind)s with a similar name already exists",
            "%(count)s %(kinds)s with similar names already exist",
            len(candidates),
        ) % {"kind": opts.verbose_name, "kinds": opts.verbose_name_plural, "count": len(candidates)}
        return format_html(
            gettext(
                "Possible duplicate: {found}: <ul>{links}</ul>"
                "If this is a different {kind}, tick “I checked: this is not a duplicate” and save again."
            ),
            found=found,
            links=links,
            kind=opts.verbose_name,
        )


class SpaceAdminForm(
    OptimisticLockFormMixin, PointFormMixin, DuplicateCheckForm, PrecisionDateFormMixin, DirectoryForm
):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=Region.objects.filter(kind=RegionKind.CITY).order_by("name_en"),
        required=False,
        help_text=_("Optional. When given, the region must lie in this city; with no region the city itself is used."),
    )
    opened = PrecisionDateField(required=False, label=_("Opened"))
    closed = PrecisionDateField(required=False, label=_("Closed"), help_text=_("For a closed space, when it closed."))

    precise_dates = {"opened": ("opened_on", "opened_precision"), "closed": ("closed_on", "closed_precision")}
    duplicate_name_fields = ("name_en", "name_zh", "aliases")
    history_ignored_fields = ("not_a_duplicate", "city", "seen_version", *PointFormMixin.history_ignored_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].required = False
            self.fields["region"].help_text = _("The most precise region known (a district, or the city itself).")
        if self.instance.region_id and "city" not in self.initial:
            slugs = self.instance.region.path.split("/")
            self.initial["city"] = Region.objects.filter(kind=RegionKind.CITY, slug__in=slugs).first()

    def clean(self):
        cleaned_data = super().clean()
        city, region = cleaned_data.get("city"), cleaned_data.get("region")
        if "region" not in self.fields or "region" in self.errors:
            return cleaned_data
        if region is None and city is not None:
            cleaned_data["region"] = city
        elif region is None:
            self.add_error("region", _("Choose the region the space is in (or at least its city)."))
        elif city is not None and not (region.path == city.path or region.path.startswith(f"{city.path}/")):
            where = " › ".join(ancestor.name_en for ancestor in region.ancestors()) or gettext("no larger region")
            self.add_error(
                "region",
                ValidationError(
                    _(
                        "%(region)s is not in %(city)s (it lies in %(where)s). Choose a region in %(city)s "
                        "or change the city."
                    ),
                    code="region_outside_city",
                    params={"region": region, "city": city, "where": where},
                ),
            )
        return cleaned_data


class OperatorAdminForm(DuplicateCheckForm, DirectoryForm):
    """The operator form: warns about a likely duplicate when adding."""


class SourceAdminForm(PrecisionDateFormMixin, DirectoryForm):
    published = PrecisionDateField(required=False, label=_("Published"))

    precise_dates = {"published": ("published_on", "published_precision")}


class StatisticAdminForm(PrecisionDateFormMixin, DirectoryForm):
    as_of_date = PrecisionDateField(label=_("As of"))

    precise_dates = {"as_of_date": ("as_of", "as_of_precision")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to build it from the subject, the metric and the date.")
        for name in ("value", "value_max"):
            stored = getattr(self.instance, name)
            if name in self.fields and stored is not None:
                self.initial[name] = plain_decimal(stored)

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug") and "slug" not in self.errors:
            slug = self.default_slug(cleaned_data)
            if slug:
                taken = Statistic.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
                cleaned_data["slug"] = free_slug(Statistic, slug) if taken else slug
        return cleaned_data

    def default_slug(self, cleaned_data):
        """subject-metric-date, e.g. "nanshan-maker-spaces-2016-07"; None while a part is missing."""
        # In an inline the parent's field is there too, cleaned to the parent object.
        subjects = [cleaned_data.get(name) for name in ("region", "space", "operator", "group")]
        subject = next((subject for subject in subjects if subject is not None), None)
        metric, when = cleaned_data.get("metric"), cleaned_data.get("as_of_date")
        if subject is None or metric is None or when is None or not subject.slug:
            return None
        return slugify(f"{subject.slug}-{metric.slug}-{format_precise_date(when.date, when.precision)}")[:160]


SUBJECT_CHOICES = [
    ("", _("Regions, spaces, operators and groups")),
    ("region", _("Regions")),
    ("space", _("Spaces")),
    ("operator", _("Operators")),
    ("group", _("Groups of spaces")),
]


class StatisticFilterForm(forms.Form):
    metric = forms.ModelChoiceField(
        queryset=Metric.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose a metric"),
        error_messages={
            "required": _("Choose a metric to compare."),
            "invalid_choice": _("There is no such metric in the directory."),
        },
    )
    subject = forms.ChoiceField(label=_("Compare"), choices=SUBJECT_CHOICES, required=False)


def by_slug(model, unknown):
    return forms.ModelChoiceField(
        queryset=model.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": unknown},
    )


class StatisticDownloadForm(forms.Form):
    """Which figures a download holds: a metric's (the statistics page), a subject's (a region, operator or
    space page) or a source's; any of them together, or all figures."""

    metric = by_slug(Metric, _("There is no such metric in the directory."))
    subject = forms.ChoiceField(choices=SUBJECT_CHOICES, required=False)
    region = by_slug(Region, _("There is no such region in the directory."))
    space = by_slug(Space, _("There is no such space in the directory."))
    operator = by_slug(Operator, _("There is no such operator in the directory."))
    source = by_slug(Source, _("There is no such source in the directory."))
