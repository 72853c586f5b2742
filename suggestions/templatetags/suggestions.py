from django import template
from django.urls import reverse

from ..models import SUBJECTS

register = template.Library()


@register.simple_tag
def suggest_url(subject=None):
    """The suggestion form for a record (a space, operator, region or figure), or for a new space."""
    if subject is None:
        return reverse("suggestions:suggest")
    name = type(subject)._meta.model_name
    if SUBJECTS.get(name) is not type(subject):
        raise ValueError(f"no suggestions about {name}")
    return reverse("suggestions:suggest", query={name: subject.slug})
