"""The page's language for ``<html lang>``, its addresses in the other languages (hreflang), and the
language switcher: ``{% load languages %}``.

A page's language is in its address (English at the plain one, Chinese under ``/zh-hans/``), so the
switcher is a plain link to the same page in the other language, with the same filters.
"""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html_join

register = template.Library()

# BCP 47 tags for <html lang> and hreflang: Django's codes are lower case.
LANGUAGE_TAGS = {"en": "en", "zh-hans": "zh-Hans"}


def language_tag(code):
    return LANGUAGE_TAGS.get(code, code)


@register.simple_tag
def html_lang():
    """The current language as ``<html lang>`` wants it: "en" or "zh-Hans"."""
    return language_tag(translation.get_language() or settings.LANGUAGE_CODE)


def _in_each_language(address):
    return [(code, name, translate_url(address, code)) for code, name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def language_alternates(context, canonical):
    """``<link rel="alternate" hreflang>`` for the page's canonical address in every language, and x-default."""
    request = context["request"]
    addresses = {code: _absolute(request, url) for code, _name, url in _in_each_language(canonical)}
    links = [(language_tag(code), address) for code, address in addresses.items()]
    links.append(("x-default", addresses[settings.LANGUAGE_CODE]))
    return format_html_join("\n    ", '<link rel="alternate" hreflang="{}" href="{}">', links)


def _absolute(request, url):
    """The full address search engines want in hreflang; the path alone on the error page of a request
    whose Host is not ours (its 400 page is still rendered)."""
    try:
        return request.build_absolute_uri(url)
    except DisallowedHost:
        return url


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The full address of a path on this site, as search engines want a canonical address."""
    return _absolute(context["request"], path)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this very page, filters and all, in each other language."""
    request = context["request"]
    current = translation.get_language()
    return {
        "languages": [
            {"tag": language_tag(code), "name": name, "url": url}
            for code, name, url in _in_each_language(request.get_full_path())
            if code != current
        ]
    }
