"""The maps' template filters: load them with ``{% load maps %}``.

- ``{{ space.distance_km|distance }}``: a distance written by makerspaces.formatting.
"""

from django import template

from ..formatting import format_distance

register = template.Library()


@register.filter
def distance(km):
    return format_distance(km)
