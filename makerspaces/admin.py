from django.contrib import admin

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
    SpaceOperator,
    Statistic,
)


class StatisticInline(admin.TabularInline):
    model = Statistic
    extra = 0
    fields = ["slug", "metric", "value", "value_max", "unit", "qualifier", "as_of", "as_of_precision", "source"]
    autocomplete_fields = ["metric", "source"]


class RegionStatisticInline(StatisticInline):
    fk_name = "region"


class SpaceStatisticInline(StatisticInline):
    fk_name = "space"


class OperatorStatisticInline(StatisticInline):
    fk_name = "operator"


class SpaceOperatorInline(admin.TabularInline):
    model = SpaceOperator
    extra = 0
    autocomplete_fields = ["space", "operator", "source"]


class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0
    autocomplete_fields = ["awarded_by", "source"]


class PersonRoleInline(admin.TabularInline):
    model = PersonRole
    extra = 0
    autocomplete_fields = ["person", "operator", "space", "source"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "author", "published_on", "published_basis"]
    list_filter = ["publisher", "published_basis", "language"]
    search_fields = ["title", "publisher", "author", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "kind", "parent", "parent_basis"]
    list_filter = ["kind", "parent_basis"]
    list_select_related = ["parent"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent", "sources"]
    inlines = [RegionStatisticInline]


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "kind", "region"]
    list_filter = ["kind"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["region", "members", "sources"]
    inlines = [SpaceOperatorInline, PersonRoleInline, OperatorStatisticInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "kind", "status", "region", "opened_on"]
    list_filter = ["kind", "status", "region_basis"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_zh", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["region", "sources"]
    filter_horizontal = ["services"]
    inlines = [SpaceOperatorInline, DesignationInline, PersonRoleInline, SpaceStatisticInline]


@admin.register(SpaceOperator)
class SpaceOperatorAdmin(admin.ModelAdmin):
    list_display = ["space", "operator", "role", "basis", "source"]
    list_filter = ["role", "basis"]
    list_select_related = ["space", "operator", "source"]
    search_fields = ["space__name_en", "operator__name_en"]
    autocomplete_fields = ["space", "operator", "source"]


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "level", "awarded_by", "year"]
    list_filter = ["level"]
    list_select_related = ["space", "awarded_by"]
    search_fields = ["title", "space__name_en"]
    autocomplete_fields = ["space", "awarded_by", "source"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["sources"]
    inlines = [PersonRoleInline]


@admin.register(PersonRole)
class PersonRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "operator", "space", "source"]
    list_select_related = ["person", "operator", "space", "source"]
    search_fields = ["person__name_en", "title"]
    autocomplete_fields = ["person", "operator", "space", "source"]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Statistic)
class StatisticAdmin(admin.ModelAdmin):
    list_display = ["slug", "metric", "value", "unit", "qualifier", "as_of", "region", "space", "operator", "source"]
    list_filter = ["metric", "unit", "qualifier", "is_plan"]
    list_select_related = ["metric", "region", "space", "operator", "source"]
    search_fields = ["slug", "metric__name", "note"]
    autocomplete_fields = ["metric", "region", "space", "operator", "source"]
    date_hierarchy = "as_of"
