"""The change history editors read: every admin edit of the directory, newest first."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import DELETION
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from makerspaces.admin_filters import RelatedOnlyListFilter

from .editors import DIRECTORY_APP
from .models import ChangeRecord


class ReadOnlyAdminMixin:
    """An admin page that lists and shows records written elsewhere: nobody adds, changes or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DirectoryModelFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        models = apps.get_app_config(DIRECTORY_APP).get_models()
        return sorted((model._meta.model_name, model._meta.verbose_name_plural) for model in models)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type__model=self.value())
        return queryset


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["action_time", "user", "action", "record", "record_type", "message", "history"]
    list_display_links = None
    list_filter = [DirectoryModelFilter, "action_flag", ("user", RelatedOnlyListFilter)]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    show_facets = admin.ShowFacets.ALWAYS
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).filter(content_type__app_label=DIRECTORY_APP)

    @admin.display(description=_("action"), ordering="action_flag")
    def action(self, entry):
        return entry.get_action_flag_display()

    @admin.display(description=_("record"), ordering="object_repr")
    def record(self, entry):
        url = entry.get_admin_url() if entry.action_flag != DELETION else None
        return format_html('<a href="{}">{}</a>', url, entry.object_repr) if url else entry.object_repr

    @admin.display(description=_("type"), ordering="content_type__model")
    def record_type(self, entry):
        return entry.content_type.name if entry.content_type_id else ""

    @admin.display(description=_("what changed"))
    def message(self, entry):
        return entry.get_change_message()

    @admin.display(description=_("history"))
    def history(self, entry):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_history", args=[entry.object_id]
            )
        except NoReverseMatch:
            return ""
        return format_html('<a href="{}">{}</a>', url, _("all changes"))
