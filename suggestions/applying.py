"""Accepting and declining a suggestion: the change goes through the admin's own form, in one step, recorded.

Accepting a correction fills the record's admin form (the same validation as an editor's edit: dates,
regions, duplicates, the edit version) with the record's stored values and the suggested one, and saves
it; a source link given with the suggestion becomes a new Source that the record cites. The change, the
suggestion's decision and the record's confirmation are written in one transaction, recorded as one
revision of the history (makerspaces/revisions.py) and in the admin's log, with who and when. A suggestion
that cannot be applied by itself (a new space, "something else") is accepted once an editor has made the
change by hand: accepting it then records the decision only.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from makerspaces.dates import format_precise_date, parse_precise_date
from makerspaces.models import Source, Space, Statistic
from makerspaces.revisions import recorded

from .models import Suggestion, SuggestionKind, SuggestionStatus

# Which field of which record each kind of correction changes.
CHANGED_FIELD = {
    (SuggestionKind.CLOSED, Space): "status",
    (SuggestionKind.MOVED, Space): "address",
    (SuggestionKind.RENAMED, Space): "name_en",
    (SuggestionKind.RENAMED, "operator"): "name_en",
    (SuggestionKind.RENAMED, "region"): "name_en",
    (SuggestionKind.WRONG_FIGURE, Statistic): "value",
}


def changed_field(suggestion):
    subject = suggestion.subject
    if subject is None:
        return None
    return CHANGED_FIELD.get((suggestion.kind, type(subject))) or CHANGED_FIELD.get(
        (suggestion.kind, type(subject)._meta.model_name)
    )


def current_value(suggestion):
    """What the record says now, where the suggestion would change it."""
    subject, name = suggestion.subject, changed_field(suggestion)
    if subject is None or name is None:
        return ""
    if isinstance(subject, Space) and name == "status":
        closed = f" ({subject.closed_display})" if subject.closed_on else ""
        return f"{subject.get_status_display()}{closed}"
    if isinstance(subject, Statistic):
        return subject.value_display
    return str(getattr(subject, name) or "—")


@dataclass
class Outcome:
    applied: bool
    errors: list = field(default_factory=list)


def form_data(form):
    """The data a browser would send for ``form`` unedited: every field's current value."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def _changes(suggestion, subject, data):
    """The form data the suggestion changes; ValidationError when its value cannot be read."""
    value = suggestion.correct_value.strip()
    if suggestion.kind == SuggestionKind.CLOSED:
        data["status"] = Space.Status.CLOSED
        try:
            closed = parse_precise_date(value)
        except ValueError:
            closed = None  # "it closed last year": the status alone
        if closed is not None:
            data["closed"] = format_precise_date(closed.date, closed.precision)
    elif suggestion.kind == SuggestionKind.MOVED:
        data["address"] = value
    elif suggestion.kind == SuggestionKind.RENAMED:
        old = subject.name_en
        data["name_en"] = value
        if "aliases" in data and old and old not in subject.alias_list:
            data["aliases"] = "\n".join([*subject.alias_list, old])
    elif suggestion.kind == SuggestionKind.WRONG_FIGURE:
        try:
            data["value"] = str(Decimal(value.replace(",", "").replace(" ", "")))
        except InvalidOperation:
            raise ValidationError(_("The suggested figure “%(value)s” is not a number.") % {"value": value}) from None
    return data


def _source_for(suggestion):
    """A new Source for the suggestion's link, or None without one."""
    if not suggestion.source_url:
        return None
    host = urlsplit(suggestion.source_url).hostname or ""
    source = Source(
        slug=f"reader-{suggestion.reference.lower()}",
        title=Truncator(_("Reader's correction %(reference)s") % {"reference": suggestion.reference}).chars(300),
        publisher=host[:200],
        url=suggestion.source_url,
        published_on=timezone.localdate(),
        summary=Truncator(suggestion.note).chars(1000),
    )
    source.full_clean()
    source.save()
    return source


def accept(suggestion, request, model_admin_for, reason=""):
    """Apply the suggestion through its record's admin form and mark it accepted; nothing changes on an error."""
    subject, name = suggestion.subject, changed_field(suggestion)
    try:
        with transaction.atomic(), recorded(_("Accepted suggestion %(reference)s") % suggestion.__dict__, request.user):
            source = _source_for(suggestion)
            if name is not None:
                _apply(suggestion, subject, source, request, model_admin_for(type(subject)))
            elif subject is not None:
                _confirm(subject, source)
            _decide(suggestion, request.user, SuggestionStatus.ACCEPTED, reason, cited_as=source)
    except ValidationError as error:
        return Outcome(applied=False, errors=error.messages)
    return Outcome(applied=name is not None)


def _apply(suggestion, subject, source, request, model_admin):
    subject = type(subject)._default_manager.get(pk=subject.pk)
    form_class = model_admin.get_form(request, subject, change=True)
    data = _changes(suggestion, subject, form_data(form_class(instance=subject)))
    if source is not None and isinstance(subject, Statistic):
        data.update(source=str(source.pk), paragraph="")
    form = form_class(data=data, instance=subject)
    if not form.is_valid():
        raise ValidationError([f"{name}: {message}" for name, messages in form.errors.items() for message in messages])
    record = form.save(commit=False)
    if isinstance(record, Space):
        record.confirmed_on = timezone.localdate()
    record.save()
    form.save_m2m()
    if source is not None and hasattr(record, "sources"):
        record.sources.add(source)
    message = model_admin.construct_change_message(request, form, None)
    message.append({"changed": {"fields": [_("from suggestion %(reference)s") % suggestion.__dict__]}})
    model_admin.log_change(request, record, message)
    # The admin's log_change made its message the revision's comment: say first where the change came from.
    reversion.set_comment(_("Accepted suggestion %(reference)s") % suggestion.__dict__)


def _confirm(subject, source):
    """An accepted suggestion changed by hand: the record is confirmed today, and cites the source given."""
    if source is not None and hasattr(subject, "sources"):
        subject.sources.add(source)
    if isinstance(subject, Space):
        subject.confirmed_on = timezone.localdate()
        subject.save(update_fields=["confirmed_on"])


def decline(suggestion, user, reason):
    with transaction.atomic():
        _decide(suggestion, user, SuggestionStatus.DECLINED, reason)


def _decide(suggestion, user, status, reason, cited_as=None):
    # Locked and read again: two editors deciding at once decide once.
    current = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if current.status != SuggestionStatus.RECEIVED:
        raise ValidationError(_("This suggestion was already %(status)s.") % {"status": current.get_status_display()})
    current.status, current.decision_reason = status, reason
    current.decided_by, current.decided_at, current.cited_as = user, timezone.now(), cited_as
    current.save()
    suggestion.refresh_from_db()


def model_admin_for(model):
    return admin.site._registry[model]
