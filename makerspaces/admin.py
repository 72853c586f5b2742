"""The editors' tool: admin pages for every model of the directory.

Shared behaviour lives in DirectoryAdmin and DirectoryInline: forms that
refuse common mistakes (forms.py), informative change history (history.py),
CSV export of selected rows (data/csv_export.py), list filters with counts, and
changelists that run the same number of queries for 1 row or 100.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import history, revisions
from .admin_filters import CityFilter, RelatedListFilter, SubjectFilter
from .admin_inlines import (
    DesignationInline,
    OperatorCitationInline,
    OperatorStatisticInline,
    PersonCitationInline,
    PersonRoleAtOrganisationInline,
    PersonRoleOfPersonInline,
    PreloadedAutocompleteMixin,
    RegionCitationInline,
    RegionStatisticInline,
    SpaceCitationInline,
    SpaceOperatorOfOperatorInline,
    SpaceOperatorOfSpaceInline,
    SpaceStatisticInline,
)
from .data.csv_export import csv_response
from .forms import (
    DirectoryForm,
    OperatorAdminForm,
    SourceAdminForm,
    SpaceAdminForm,
    StatisticAdminForm,
)
from .models import (
    Designation,
    Metric,
    Operator,
    Person,
    PersonRole,
    Region,
    Service,
    Source,
    Space,
    SpaceGroup,
    SpaceOperator,
    Statistic,
)
from .point_input import POINT_FIELDS

# Before the admin classes: VersionAdmin would register the models in plain JSON otherwise.
revisions.register_curated_models()

# ---------------------------------------------------------------- shared behaviour


class DirectoryAdmin(PreloadedAutocompleteMixin, revisions.HistoryAdminMixin):
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
        (None, {"fields": ["summary", "summary_zh", "paragraph_digests"]}),
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
        main = ["region", "website", "members", "description", "description_zh"]
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
    autocomplete_fields = ["region", "point_source"]
    readonly_fields = ["point_location"]
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
            (None, {"fields": ["kind", "kind_basis", "kind_reason", "status", "seen_version"]}),
            (_("Where"), {"fields": ["city", "region", "region_basis", "region_reason", "address", "address_zh"]}),
            (_("Point"), {"fields": POINT_FIELDS}),
            (_("Opening"), {"fields": ["opened", "opened_basis", "opened_reason"]}),
            (_("Closing"), {"fields": ["closed"]}),
            (
                _("Details"),
                {"fields": ["floor_area_m2", "audience", "audience_zh", "services", "description", "description_zh"]},
            ),
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
        (None, {"fields": ["note", "note_zh", "source", "paragraph", "slug"]}),
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
