"""The inlines of the editors' admin: a record's citations, figures, operators' roles, designations and
people's positions, edited on the page of the record they belong to; and the autocomplete boxes they and the
admin pages share, which label a chosen row without a query when it is already loaded."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import DirectoryForm, PreloadedAutocompleteSelect, StatisticAdminForm
from .models import (
    Designation,
    OperatorSource,
    PersonRole,
    PersonSource,
    RegionSource,
    SpaceOperator,
    SpaceSource,
    Statistic,
)


class PreloadedAutocompleteMixin:
    """Autocomplete boxes that label their chosen row without a query when the row is already loaded."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DirectoryInline(PreloadedAutocompleteMixin, admin.TabularInline):
    form = DirectoryForm
    extra = 0
    show_change_link = True
    # Each row's label shows these related rows: fetch them with the inline's rows.
    related_in_label = ()

    def get_queryset(self, request):
        # The autocomplete boxes show their chosen rows from these too (PreloadedAutocompleteSelect).
        boxes = [name for name in self.get_autocomplete_fields(request) if self.model._meta.get_field(name).many_to_one]
        return super().get_queryset(request).select_related(*sorted({*self.related_in_label, *boxes}))


class CitationInline(DirectoryInline):
    """The articles that speak of the parent object, with the paragraphs that do."""

    fields = ["source", "paragraphs"]
    autocomplete_fields = ["source"]
    related_in_label = ["source"]
    show_change_link = False
    verbose_name = _("source")
    verbose_name_plural = _("sources (with the paragraphs that speak of it)")


class SpaceCitationInline(CitationInline):
    model = SpaceSource


class OperatorCitationInline(CitationInline):
    model = OperatorSource


class RegionCitationInline(CitationInline):
    model = RegionSource


class PersonCitationInline(CitationInline):
    model = PersonSource


class StatisticInline(DirectoryInline):
    model = Statistic
    form = StatisticAdminForm
    # The subject is the parent object, so the other subject fields are not offered; the basis
    # of the date and the note are on the statistic's own page (the row's change link).
    fields = [
        "metric",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "as_of_date",
        "is_plan",
        "source",
        "paragraph",
        "slug",
    ]
    autocomplete_fields = ["metric", "source"]
    related_in_label = ["metric", "region", "space", "operator", "group"]


class RegionStatisticInline(StatisticInline):
    fk_name = "region"


class SpaceStatisticInline(StatisticInline):
    fk_name = "space"


class OperatorStatisticInline(StatisticInline):
    fk_name = "operator"


class SpaceOperatorInline(DirectoryInline):
    model = SpaceOperator
    autocomplete_fields = ["space", "operator", "source"]
    related_in_label = ["space", "operator"]
    verbose_name = _("operator role")


class SpaceOperatorOfSpaceInline(SpaceOperatorInline):
    fields = ["operator", "role", "basis", "reason", "source", "paragraph"]
    verbose_name_plural = _("operators")


class SpaceOperatorOfOperatorInline(SpaceOperatorInline):
    fields = ["space", "role", "basis", "reason", "source", "paragraph"]
    verbose_name_plural = _("spaces it has a part in")


class DesignationInline(DirectoryInline):
    model = Designation
    fields = [
        "title",
        "title_zh",
        "level",
        "awarded_by",
        "year",
        "year_basis",
        "year_reason",
        "source",
        "paragraph",
        "slug",
    ]
    autocomplete_fields = ["awarded_by", "source"]
    prepopulated_fields = {"slug": ["title"]}


class PersonRoleInline(DirectoryInline):
    model = PersonRole
    autocomplete_fields = ["person", "operator", "space", "source"]
    related_in_label = ["person", "operator", "space"]


class PersonRoleAtOrganisationInline(PersonRoleInline):
    """The people of a space or an operator: Django finds the key to the parent by its model."""

    fields = ["person", "title", "title_zh", "source", "paragraph"]
    verbose_name_plural = _("people")


class PersonRoleOfPersonInline(PersonRoleInline):
    fields = ["title", "title_zh", "operator", "space", "source", "paragraph"]
    verbose_name_plural = _("positions")


# ---------------------------------------------------------------- the directory's models
