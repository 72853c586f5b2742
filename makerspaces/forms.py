"""Forms of the public pages (the directory's filters are in filters.py)."""

from django import forms

from .models import Metric

SUBJECT_CHOICES = [
    ("", "Regions, spaces and operators"),
    ("region", "Regions"),
    ("space", "Spaces"),
    ("operator", "Operators"),
]


class StatisticFilterForm(forms.Form):
    metric = forms.ModelChoiceField(
        queryset=Metric.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Choose a metric",
        error_messages={
            "required": "Choose a metric to compare.",
            "invalid_choice": "There is no such metric in the directory.",
        },
    )
    subject = forms.ChoiceField(label="Compare", choices=SUBJECT_CHOICES, required=False)
