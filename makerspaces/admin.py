"""The editors' tool: admin pages for every model of the directory.

Shared behaviour lives in DirectoryAdmin and DirectoryInline: forms that
refuse common mistakes (forms.py), informative change history (history.py),
CSV export of selected rows (data/csv_export.py), list filters with counts, and
changelists that run the same number of queries for 1 row or 100.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import history
from .admin_filters import CityFilter, RelatedListFilter, SubjectFilter
from .data.csv_export import csv_response
from .forms import (
    DirectoryForm,
    OperatorAdminForm,
    PreloadedAutocompleteSelect,
    SourceAdminForm,
    SpaceAdminForm,
    StatisticAdminForm,
)
from .models import (
    Designation,
    Metric,
    Operator,
    OperatorSource,
    Person,
    PersonRole,
    PersonSource,
    Region,
    RegionSource,
    Service,
    Source,
    Space,
    SpaceGroup,
    SpaceOperator,
    SpaceSource,
    Statistic,
)

# ---------------------------------------------------------------- shared behaviour


class PreloadedAutocompleteMixin:
    """Autocomplete boxes that label their chosen row without a query when the row is already loaded."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DirectoryAdmin(PreloadedAutocompleteMixin, admin.ModelAdmin):
    form = DirectoryForm
    show_facets = admin.ShowFacets.ALWAYS
    actions = ["export_csv"]
    list_per_page = 50

    @admin.action(description=_("Export selected rows as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_response(queryset)

    def construct_change_message(self, request, form, formsets, add=False):
        return history.construct_change_message(form, formsets, add)

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), _("view on site"))


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
    fields = ["title", "level", "awarded_by", "year", "year_basis", "year_reason", "source", "paragraph", "slug"]
    autocomplete_fields = ["awarded_by", "source"]
    prepopulated_fields = {"slug": ["title"]}


class PersonRoleInline(DirectoryInline):
    model = PersonRole
    autocomplete_fields = ["person", "operator", "space", "source"]
    related_in_label = ["person", "operator", "space"]


class PersonRoleAtOrganisationInline(PersonRoleInline):
    """The people of a space or an operator: Django finds the key to the parent by its model."""

    fields = ["person", "title", "source", "paragraph"]
    verbose_name_plural = _("people")


class PersonRoleOfPersonInline(PersonRoleInline):
    fields = ["title", "operator", "space", "source", "paragraph"]
    verbose_name_plural = _("positions")


# ---------------------------------------------------------------- the directory's models


@admin.register(Source)
class SourceAdmin(DirectoryAdmin):
    form = SourceAdminForm
    list_display = ["title", "publisher", "published_display", "published_basis", "language", "public_page"]
    list_filter = ["publisher", "language", "published_basis", "published_precision"]
    search_fields = ["title", "publisher", "author", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "author", "editor", "url", "language"]}),
        (_("Date"), {"fields": ["published", "published_basis", "published_reason"]}),
        (None, {"fields": ["summary", "paragraph_digests"]}),
    ]

    @admin.display(description=_("published"), ordering="published_on")
    def published_display(self, obj):
        return obj.published_display


@admin.register(Region)
class RegionAdmin(DirectoryAdmin):
    list_display = ["name_en", "name_zh", "kind", "parent", "parent_basis", "path", "public_page"]
    list_filter = ["kind", "parent_basis", "synthetic"]
    list_select_related = ["parent"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent", "parent_source"]
    fields = [
        "name_en",
        "name_zh",
        "name_zh_basis",
        "name_zh_reason",
        "slug",
        "kind",
        "parent",
        "parent_basis",
        "parent_reason",
        "parent_source",
        "parent_paragraph",
    ]
    inlines = [RegionCitationInline, RegionStatisticInline]


@admin.register(Operator)
class OperatorAdmin(DirectoryAdmin):
    form = OperatorAdminForm
    list_display = ["name_en", "name_zh", "kind", "region", "public_page"]
    list_filter = ["kind", CityFilter, "synthetic"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["region", "members"]
    inlines = [
        OperatorCitationInline,
        SpaceOperatorOfOperatorInline,
        PersonRoleAtOrganisationInline,
        OperatorStatisticInline,
    ]

    def get_fieldsets(self, request, obj=None):
        names = ["name_en", "name_zh", "name_zh_basis", "name_zh_reason", "slug"]
        kind = ["kind", "kind_basis", "kind_reason"]
        main = ["region", "website", "members", "description"]
        return with_duplicate_check(request, obj, [(None, {"fields": names}), (None, {"fields": kind + main})])


def with_duplicate_check(request, obj, fieldsets):
    """On a submitted add form, add the "not a duplicate" box (the form asks for it only on a likely duplicate)."""
    if obj is None and request.method == "POST":
        return [(_("Possible duplicate"), {"fields": ["not_a_duplicate"]}), *fieldsets]
    return fieldsets


@admin.register(Service)
class ServiceAdmin(DirectoryAdmin):
    # space_count is kept by makerspaces/counting.py: listing it reads no other table.
    list_display = ["name", "slug", "space_count"]
    search_fields = ["name", "slug"]
    ordering = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Space)
class SpaceAdmin(DirectoryAdmin):
    form = SpaceAdminForm
    list_display = ["name_en", "name_zh", "kind", "status", "region", "opened_display", "public_page"]
    list_filter = ["kind", "status", CityFilter, "region_basis", "opened_precision", "synthetic"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_zh", "aliases", "slug", "address"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["region"]
    filter_horizontal = ["services"]
    date_hierarchy = "opened_on"
    inlines = [
        SpaceCitationInline,
        SpaceOperatorOfSpaceInline,
        PersonRoleAtOrganisationInline,
        DesignationInline,
        SpaceStatisticInline,
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["name_en", "name_zh", "name_zh_basis", "name_zh_reason", "slug", "aliases"]}),
            (None, {"fields": ["kind", "kind_basis", "kind_reason", "status"]}),
            (_("Where"), {"fields": ["city", "region", "region_basis", "region_reason", "address"]}),
            (_("Opening"), {"fields": ["opened", "opened_basis", "opened_reason"]}),
            (_("Details"), {"fields": ["floor_area_m2", "audience", "services", "description"]}),
        ]
        return with_duplicate_check(request, obj, fieldsets)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")

    @admin.display(description=_("opened"), ordering="opened_on")
    def opened_display(self, obj):
        return obj.opened_display


@admin.register(SpaceOperator)
class SpaceOperatorAdmin(DirectoryAdmin):
    list_display = ["space", "operator", "role", "basis", "source", "paragraph"]
    list_filter = ["role", "basis"]
    list_select_related = ["space", "operator", "source"]
    search_fields = ["space__name_en", "space__name_zh", "operator__name_en", "operator__name_zh"]
    autocomplete_fields = ["space", "operator", "source"]


@admin.register(Designation)
class DesignationAdmin(DirectoryAdmin):
    list_display = ["title", "space", "level", "awarded_by", "year", "source"]
    list_filter = ["level", "year"]
    list_select_related = ["space", "awarded_by", "source"]
    search_fields = ["title", "space__name_en", "space__name_zh"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["space", "awarded_by", "source"]


@admin.register(Person)
class PersonAdmin(DirectoryAdmin):
    list_display = ["name_en", "name_zh", "slug"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [PersonCitationInline, PersonRoleOfPersonInline]


@admin.register(PersonRole)
class PersonRoleAdmin(DirectoryAdmin):
    list_display = ["person", "title", "operator", "space", "source"]
    list_select_related = ["person", "operator", "space", "source"]
    search_fields = [
        "person__name_en",
        "person__name_zh",
        "title",
        "operator__name_en",
        "operator__name_zh",
        "space__name_en",
        "space__name_zh",
    ]
    autocomplete_fields = ["person", "operator", "space", "source"]


@admin.register(Metric)
class MetricAdmin(DirectoryAdmin):
    # statistic_count is kept by makerspaces/counting.py: listing it reads no other table.
    list_display = ["name", "slug", "statistic_count"]
    search_fields = ["name", "slug", "description"]
    ordering = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Statistic)
class StatisticAdmin(DirectoryAdmin):
    form = StatisticAdminForm
    list_display = ["metric", "value_display", "as_of_display", "subject", "is_plan", "source", "slug"]
    list_filter = [
        ("metric", RelatedListFilter),
        SubjectFilter,
        "unit",
        "qualifier",
        "is_plan",
        "as_of_precision",
        "as_of_basis",
    ]
    list_select_related = ["metric", "region", "space", "operator", "group", "source"]
    search_fields = [
        "slug",
        "metric__name",
        "note",
        "region__name_en",
        "region__name_zh",
        "space__name_en",
        "space__name_zh",
        "operator__name_en",
        "operator__name_zh",
    ]
    autocomplete_fields = ["metric", "region", "space", "operator", "group", "source"]
    date_hierarchy = "as_of"
    fieldsets = [
        (None, {"fields": ["metric"]}),
        (
            _("Subject"),
            {"fields": ["region", "space", "operator", "group"], "description": _("Exactly one of the four.")},
        ),
        (None, {"fields": ["value", "value_max", "unit", "qualifier", "is_plan"]}),
        (_("As of"), {"fields": ["as_of_date", "as_of_basis", "as_of_reason"]}),
        (None, {"fields": ["note", "source", "paragraph", "slug"]}),
    ]

    @admin.display(description=_("value"), ordering="value")
    def value_display(self, obj):
        return obj.value_display

    @admin.display(description=_("as of"), ordering="as_of")
    def as_of_display(self, obj):
        return obj.as_of_display

    @admin.display(description=_("subject"))
    def subject(self, obj):
        return obj.subject


@admin.register(SpaceGroup)
class SpaceGroupAdmin(DirectoryAdmin):
    list_display = ["name_en", "slug"]
    search_fields = ["name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["spaces"]
