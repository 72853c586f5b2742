"""Submitting admin forms as a browser does: every field of the page, inline management forms included."""

from django import forms
from django.contrib import admin
from django.urls import reverse

# The directory's models in the admin (the app's own, not auth's or core's).
DIRECTORY_MODELS = [model for model in admin.site._registry if model._meta.app_label == "makerspaces"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _bound_fields_data(form):
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def page_form_data(response):
    """What the browser would send for the admin change or add page in the response, unedited."""
    data = _bound_fields_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_bound_fields_data(formset.management_form))
        for form in formset.forms:
            data.update(_bound_fields_data(form))
    return data


def add_inline_rows(data, prefix, rows):
    """Append rows to an inline formset in form data, as the "Add another" link does."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{total + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


def form_errors(response):
    """All error messages of the main form and the inline forms on an admin page, as text."""
    messages = []
    form = response.context["adminform"].form
    for errors in form.errors.values():
        messages.extend(str(message) for message in errors)
    for inline in response.context["inline_admin_formsets"]:
        messages.extend(str(message) for message in inline.formset.non_form_errors())
        for inline_form in inline.formset.forms:
            for errors in inline_form.errors.values():
                messages.extend(str(message) for message in errors)
    return messages
