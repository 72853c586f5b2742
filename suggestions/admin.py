"""The editors' moderation queue: pending suggestions newest or most reported first, accepted or declined in one step;
and the list of spaces that most need checking."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from makerspaces.freshness import needs_checking_before

from . import applying
from .models import REASON_LENGTH, SpaceToCheck, Suggestion


class DecisionForm(forms.Form):
    reason = forms.CharField(max_length=REASON_LENGTH, required=False, strip=True)


class SubjectKindFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "about"

    def lookups(self, request, model_admin):
        return [
            ("space", _("spaces")),
            ("operator", _("operators")),
            ("region", _("regions")),
            ("statistic", _("figures")),
            ("new", _("new spaces")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "new":
            return queryset.filter(kind=Suggestion.Kind.NEW_SPACE)
        if value in ("space", "operator", "region", "statistic"):
            return queryset.filter(**{f"{value}__isnull": False})
        return queryset


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "kind", "record", "current", "suggested", "reports", "last_reported_at"]
    list_filter = ["status", "kind", SubjectKindFilter, ("space", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reference", "record_label", "correct_value", "note"]
    sortable_by = ["reference", "status", "kind", "reports", "last_reported_at"]
    ordering = ["-last_reported_at", "-pk"]
    list_per_page = 50
    show_facets = admin.ShowFacets.ALWAYS
    change_form_template = "admin/suggestions/suggestion/change_form.html"
    readonly_fields = [
        "reference",
        "status",
        "kind",
        "record",
        "current",
        "correct_value",
        "source_link",
        "note",
        "email",
        "reports",
        "received_at",
        "last_reported_at",
        "decided_by",
        "decided_at",
        "decision_reason",
        "cited_as",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_subjects()

    def has_add_permission(self, request):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Nothing is edited on the page: decisions are its own two forms (accept, decline).
        hidden = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().changeform_view(request, object_id, form_url, {**hidden, **(extra_context or {})})

    @admin.display(description=_("record"))
    def record(self, suggestion):
        subject = suggestion.subject
        if subject is None:
            return suggestion.record_label or gettext("a new space")
        return format_html('<a href="{}">{}</a>', subject.get_absolute_url(), suggestion.record_label)

    @admin.display(description=_("current value"))
    def current(self, suggestion):
        return applying.current_value(suggestion) or "—"

    @admin.display(description=_("suggested value"))
    def suggested(self, suggestion):
        return suggestion.correct_value[:120]

    @admin.display(description=_("source link"))
    def source_link(self, suggestion):
        if not suggestion.source_url:
            return "—"
        # Shown as text and linked without passing on who we are: the address is a reader's.
        return format_html(
            '<a href="{}" rel="nofollow noopener noreferrer" target="_blank">{}</a>',
            suggestion.source_url,
            suggestion.source_url,
        )

    def get_urls(self):
        decide = self.admin_site.admin_view
        return [
            path("<int:object_id>/accept/", decide(self.accept_view), name="suggestions_suggestion_accept"),
            path("<int:object_id>/decline/", decide(self.decline_view), name="suggestions_suggestion_decline"),
            *super().get_urls(),
        ]

    def _decision(self, request, object_id):
        """The suggestion and the editor's reason, or the response that refuses the request."""
        if request.method != "POST":
            return None, None, HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        suggestion = get_object_or_404(Suggestion.objects.with_subjects(), pk=object_id)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return None, None, HttpResponseBadRequest(" ".join(form.errors.get("reason", [])))
        return suggestion, form.cleaned_data["reason"], None

    def _back(self, suggestion):
        return redirect(reverse("admin:suggestions_suggestion_change", args=[quote(suggestion.pk)]))

    def accept_view(self, request, object_id):
        suggestion, reason, refusal = self._decision(request, object_id)
        if refusal is not None:
            return refusal
        outcome = applying.accept(suggestion, request, applying.model_admin_for, reason)
        if outcome.errors:
            messages.error(request, gettext("Not accepted: %(errors)s") % {"errors": " ".join(outcome.errors)})
            return self._back(suggestion)
        self.log_change(request, suggestion, gettext("Accepted."))
        if outcome.applied:
            messages.success(request, gettext("Accepted: the change is made and recorded in the history."))
        else:
            messages.success(request, gettext("Accepted. This kind of suggestion is made by hand in the record."))
        return self._back(suggestion)

    def decline_view(self, request, object_id):
        suggestion, reason, refusal = self._decision(request, object_id)
        if refusal is not None:
            return refusal
        if not reason:
            messages.error(request, gettext("Say why the suggestion is declined: the reader sees the reason."))
            return self._back(suggestion)
        try:
            applying.decline(suggestion, request.user, reason)
        except applying.ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._back(suggestion)
        self.log_change(request, suggestion, gettext("Declined: %(reason)s") % {"reason": reason})
        messages.success(request, gettext("Declined."))
        return self._back(suggestion)


@admin.register(SpaceToCheck)
class SpaceToCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Spaces nothing has confirmed for NEEDS_CHECKING_YEARS, those with open suggestions first."""

    list_display = ["name_en", "status", "region", "confirmed", "open_suggestions", "edit_link"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_zh", "slug"]
    list_per_page = 50

    def get_queryset(self, request):
        pending = (
            Suggestion.objects.pending()
            .filter(space=OuterRef("pk"))
            .order_by()
            .values("space")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return SpaceToCheck.objects.not_confirmed_since(needs_checking_before()).annotate(
            open_suggestions=Coalesce(Subquery(pending), 0)
        )

    def get_ordering(self, request):
        # Annotations of get_queryset, which the admin's check of ``ordering`` would not know.
        return ["-open_suggestions", "last_confirmed", "name_en", "pk"]

    @admin.display(description=_("last confirmed"), ordering="last_confirmed")
    def confirmed(self, space):
        return space.last_confirmed or gettext("never")

    @admin.display(description=_("open suggestions"), ordering="open_suggestions")
    def open_suggestions(self, space):
        return space.open_suggestions

    @admin.display(description=_("edit"))
    def edit_link(self, space):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:makerspaces_space_change", args=[space.pk]), gettext("edit")
        )
