"""Every change to a curated record, kept by django-reversion: seen as a diff, reverted, a deleted record restored.

django-reversion keeps each record as it was after each change (a Version), grouped by the request or command
that made the change (a Revision, with who and when). The admin's own pages (``VersionAdmin``) list a record's
versions, revert to one and recover deleted records; ``HistoryAdminMixin`` adds what changed in each version.
Changes are recorded from the admin, from an accepted suggestion and from ``reload_fixtures``
(``recorded()``). The admin's earlier log (Django's LogEntry rows) stays readable in "recent changes".

Versions are stored in the ``curated_json`` format (``makerspaces.serialization``): reverting a record puts back
the facts it had and keeps what is not a fact of it (its kept counts, search document, edit version), which the
end of the revert then recounts and refreshes (``writes.bulk_writes``).
"""

from contextlib import contextmanager

import reversion
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

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
from .writes import bulk_writes

FORMAT = "curated_json"

# A space's revision carries the rows an editor changes with it on its page, so that reverting or
# restoring the space brings them back too.
FOLLOW = {
    Space: ("operator_roles", "people", "designations", "statistics", "citations"),
    Operator: ("citations",),
    Region: ("citations",),
    Person: ("citations",),
}
CURATED = [
    Source,
    Region,
    Operator,
    Person,
    PersonRole,
    Service,
    Space,
    SpaceOperator,
    Designation,
    Metric,
    Statistic,
    SpaceGroup,
]


def register_curated_models():
    """Register every curated model (and the citation rows its revision follows) with django-reversion."""
    for model in CURATED:
        if not reversion.is_registered(model):
            follow = FOLLOW.get(model, ())
            for name in follow:
                related = model._meta.get_field(name).related_model
                if not reversion.is_registered(related):
                    reversion.register(related, format=FORMAT)
            reversion.register(model, format=FORMAT, follow=follow)


@contextmanager
def recorded(comment, user=None):
    """Record every curated record saved inside the block as one revision, with who made it and why."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        yield


def _shown(field, value):
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(field, models.ManyToManyField):
        return ", ".join(sorted(str(item) for item in field.related_model._default_manager.filter(pk__in=value))) or "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    return Truncator(str(value)).chars(120)


def differences(older, newer, model):
    """``[(field label, old, new)]`` between two versions' facts; none for the first version kept."""
    if older is None:
        return []
    fields = {field.attname: field for field in model._meta.get_fields() if getattr(field, "serialize", False)}
    changes = []
    for name, value in newer.items():
        field = fields.get(name)
        before = older.get(name)
        # Not a fact (a kept count, the edit version), or a field since removed from the model.
        if field is None or before == value:
            continue
        if isinstance(value, list | tuple):
            before, value = sorted(before or []), sorted(value)
            if before == value:
                continue
        changes.append((str(field.verbose_name), _shown(field, before), _shown(field, value)))
    return changes


class HistoryAdminMixin(VersionAdmin):
    """The admin's history of a record: each version with who, when, why and what changed, and a link to revert."""

    object_history_template = "admin/makerspaces/object_history.html"
    history_latest_first = True

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if not isinstance(response, TemplateResponse):
            return response
        versions = list(
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision", "revision__user")
            .order_by("pk")
        )
        entries, previous = [], None
        opts = self.model._meta
        for version in versions:
            fields = version.field_dict
            entries.append(
                {
                    "revision": version.revision,
                    "changes": differences(previous, fields, self.model),
                    "url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                        args=(quote(version.object_id), version.pk),
                    ),
                }
            )
            previous = fields
        entries.reverse()
        response.context_data["versions"] = entries
        return response

    # A revision (and its savepoint) only for a request that may save.
    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "POST":
            return super().add_view(request, form_url, extra_context)
        return admin.ModelAdmin.add_view(self, request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            return super().change_view(request, object_id, form_url, extra_context)
        return admin.ModelAdmin.change_view(self, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Django's own: the list saves nothing but through its actions, whose deletion is recorded above.
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves rows as they were stored (no counting signals): recount, refresh and invalidate once.
        with bulk_writes(bypassing_signals=request.method == "POST"):
            return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        with bulk_writes(bypassing_signals=request.method == "POST"):
            return super().recover_view(request, version_id, extra_context)

    def delete_model(self, request, obj):
        # Keep the record (and the rows its revision follows) as it was just before, to restore it from.
        with recorded(_("Before deletion"), request.user):
            reversion.add_to_revision(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with recorded(_("Before deletion"), request.user):
            for obj in queryset:
                reversion.add_to_revision(obj)
        super().delete_queryset(request, queryset)
