"""Change messages for the admin's history: which fields changed, from what to what.

Django's own messages name the changed fields only ("Changed region."). These
keep Django's JSON format (so the history page and LogEntry.get_change_message
read them as usual) and put the old and new values into each field's entry:
"Changed region: “Nanshan District” → “Futian District”."
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext

from .dates import PreciseDate, format_precise_date

MAX_VALUE_LENGTH = 80


def display_value(field, value):
    """A form value as an editor reads it: names for related rows, labels for choices."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, PreciseDate):
        return format_precise_date(value.start, value.precision)
    if isinstance(field, forms.ModelMultipleChoiceField):
        if not isinstance(value, (list, tuple, models.QuerySet)):
            value = [value]
        items = [item if isinstance(item, models.Model) else _lookup(field, item) for item in value]
        return ", ".join(sorted(str(item) for item in items if item is not None)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        item = value if isinstance(value, models.Model) else _lookup(field, value)
        return str(item) if item is not None else "—"
    if isinstance(field, forms.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return Truncator(str(value)).chars(MAX_VALUE_LENGTH)


def _lookup(field, pk):
    return field.queryset.filter(pk=pk).first()


def describe_changes(form):
    """One entry per changed field: 'label: “old” → “new”', or 'label' alone for long texts."""
    ignored = set(getattr(form, "history_ignored_fields", ()))
    entries = []
    for name in form.changed_data:
        if name in ignored or name not in form.cleaned_data:
            continue
        field = form.fields[name]
        label = str(field.label or name.replace("_", " ")).strip()
        if isinstance(field.widget, forms.Textarea):
            entries.append(gettext("%(field)s (edited)") % {"field": label})
            continue
        old = display_value(field, form[name].initial)
        new = display_value(field, form.cleaned_data[name])
        entries.append(gettext("%(field)s: “%(old)s” → “%(new)s”") % {"field": label, "old": old, "new": new})
    return entries


def construct_change_message(form, formsets, add):
    """Django's change message structure, with old and new values in the 'fields' lists."""
    message = []
    if add:
        message.append({"added": {}})
    elif form.changed_data:
        fields = describe_changes(form)
        if fields:
            message.append({"changed": {"fields": fields}})
    for formset in formsets or ():
        forms_by_instance = {id(inline_form.instance): inline_form for inline_form in formset.forms}
        for added in formset.new_objects:
            message.append({"added": {"name": str(added._meta.verbose_name), "object": str(added)}})
        for changed, _fields in formset.changed_objects:
            inline_form = forms_by_instance.get(id(changed))
            fields = describe_changes(inline_form) if inline_form is not None else list(_fields)
            message.append(
                {"changed": {"name": str(changed._meta.verbose_name), "object": str(changed), "fields": fields}}
            )
        for deleted in formset.deleted_objects:
            message.append({"deleted": {"name": str(deleted._meta.verbose_name), "object": str(deleted)}})
    return message
