"""The directory's template tags and filters: load them with ``{% load directory %}``.

- ``{% bilingual_name thing %}``: a name in English, then in Chinese marked ``lang="zh-Hans"``.
- ``{{ thing|bilingual_text }}``: the same as plain text, "English (中文)", for titles.
- ``{% facet_options options %}``: the items of a directory facet's list, each a link with its count.
- ``{% inferred reason %}``: the marker on a fact the directory deduced rather than read in its source.
- ``{{ citation.paragraphs|paragraphs }}``: the paragraphs of an article a citation names, "¶ 1, 3–4".
- ``{{ date|at_precision:precision }}`` and ``{{ value|figure:unit }}``: dates and figures written by
  makerspaces.formatting, as the models' ``*_display`` properties write them.

The tags build their markup with format_html, which escapes every value it is given: names and
labels typed in the admin are shown as text, never as markup.
"""

import json
from decimal import Decimal

from django import template
from django.template.defaultfilters import capfirst
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, npgettext
from django.utils.translation import gettext_lazy as _

from ..choices import Unit
from ..formatting import format_date, format_figure, format_paragraphs, in_chinese
from ..models.sources import parse_paragraphs

register = template.Library()

# What json_script escapes in JSON put inside a <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

INFERRED_TITLE = _("Not stated in the source: deduced by the directory")


# A text shown in the other language than the page's: its language's short name, and what that means.
FALLBACK_LABELS = {"en": "EN", "zh-Hans": "中"}


def fallback_title():
    return _("Not written in this language yet: shown in the other one")


@register.simple_tag
def bilingual_name(thing, href="", name_class=""):
    """A record's name in the reader's language, then its name in the other language when there is one,
    marked with its ``lang``; a name only in the other language is marked as such.

    With ``href`` the first name is a link there; with ``name_class`` it is a span of that class.
    """
    shown = thing.name
    name = format_html('<span lang="{}">{}</span>', shown.lang, shown) if shown.fallback else conditional_escape(shown)
    if href:
        name = format_html('<a href="{}">{}</a>', href, name)
    elif name_class:
        name = format_html('<span class="{}">{}</span>', name_class, name)
    if shown.fallback:
        return format_html("{} {}", name, fallback_mark(shown.lang))
    other, other_lang = (thing.name_en, "en") if shown.lang == "zh-Hans" else (thing.name_zh, "zh-Hans")
    if not other:
        return name
    return format_html('{} <span lang="{}" class="name-other">{}</span>', name, other_lang, other)


def fallback_mark(lang):
    """The visible sign on a text shown in the other language, with what it means for tooltips and screen readers."""
    title = fallback_title()
    return format_html(
        '<span class="fallback-mark" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden"> ({})</span></span>',
        title,
        FALLBACK_LABELS.get(lang, lang),
        title,
    )


@register.simple_tag
def shown_text(text):
    """A ``Shown`` text (``space.description_text``): as it is in the reader's language; in the other language
    marked with its ``lang`` and a visible sign that it is not translated yet."""
    if not getattr(text, "fallback", False):
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span> {}', text.lang, str(text), fallback_mark(text.lang))


@register.filter
def bilingual_text(thing):
    """'English (中文)' in English, '中文 (English)' in Chinese, or the one name there is: for a page's
    <title>, where there is no markup."""
    first, second = (thing.name_zh, thing.name_en) if in_chinese() and thing.name_zh else (thing.name_en, thing.name_zh)
    return f"{first} ({second})" if second else first


@register.simple_tag
def inferred(reason="", label=None):
    """The marker on a fact the directory deduced, with why: ``{% inferred space.region_reason %}``.

    The reason is the marker's tooltip and, for screen readers, text after the word; ``label`` is the
    word shown. Without a reason (the footer's example) the tooltip says what the marker means.
    """
    if label is None:
        label = gettext("inferred")
    if not reason:
        return format_html('<span class="inferred" title="{}">{}</span>', INFERRED_TITLE, label)
    if in_chinese():
        # The reasons are written in English only: marked as such, the label as the page's language.
        return format_html(
            '<span class="inferred" title="{}" lang="en"><span lang="zh-Hans">{}</span>'
            '<span class="visually-hidden">: {}</span></span>',
            reason,
            label,
            reason,
        )
    return format_html(
        '<span class="inferred" title="{}">{}<span class="visually-hidden">: {}</span></span>', reason, label, reason
    )


@register.filter
def paragraphs(numbers):
    """The paragraphs a citation names, ``"1, 3, 4"`` or a number: ``{{ citation.paragraphs|paragraphs }}``
    -> '¶ 1, 3–4'."""
    if numbers in (None, ""):
        return ""
    if isinstance(numbers, int):
        return format_paragraphs([numbers])
    try:
        return format_paragraphs(parse_paragraphs(str(numbers)))
    except ValueError:
        return ""


@register.inclusion_tag("includes/download_links.html")
def download_links(kind, label, query=None, count=None, **parameters):
    """Links to download ``kind`` ("spaces" or "statistics") as CSV and JSON, for ``query`` (the page's own
    parameters, its page number dropped) and ``parameters``:
    ``{% download_links "spaces" "these spaces" request.GET %}``."""
    if count is not None:
        # "these 10 spaces", "this 1 space": the label with how many (the directory's spaces).
        label = ngettext("this %(count)s space", "these %(count)s spaces", count) % {"count": f"{count:,}"}
    values = {name: value for name, value in (query or {}).items() if name != "page" and value}
    values.update({name: value for name, value in parameters.items() if value})
    return {
        "label": label,
        "links": [
            (name, reverse("downloads:file", kwargs={"kind": kind, "format": name}, query=values or None))
            for name in ("csv", "json", *(("geojson",) if kind == "spaces" else ()))
        ],
    }


@register.simple_tag
def json_ld(data):
    """A page's description for machines (``structured_data``), as a JSON-LD block: data, never run, so the
    Content-Security-Policy allows it. Escaped as ``json_script`` escapes, so no text can close the block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The address search engines should index for this page: its path, without the filters and sorts
    that make thousands of addresses of one list (a metric's comparison keeps its metric). A path: the
    page makes it absolute (``absolute_url``); read from what the view understood, never from the raw query."""
    request = context["request"]
    match = request.resolver_match
    if match is None or not match.namespace:
        return request.path
    metric = context.get("metric") if match.url_name == "statistic-list" else None
    query = {"metric": metric.slug} if metric is not None else None
    return reverse(f"{match.namespace}:{match.url_name}", kwargs=match.kwargs, query=query)


@register.filter
def first_paragraph(numbers):
    """The first paragraph a citation names: where a link to its paragraphs goes."""
    try:
        return parse_paragraphs(str(numbers))[0]
    except (ValueError, IndexError):
        return ""


@register.filter
def at_precision(value, precision):
    """A date no more precisely than it is known: ``{{ space.opened_on|at_precision:space.opened_precision }}``."""
    return format_date(value, precision)


@register.filter
def figure(value, unit=Unit.COUNT):
    """A number in a unit, as a reader would say it: ``{{ statistic.value|figure:statistic.unit }}`` -> '1,234 m²'.

    Nothing for a missing value. A statistic carries its own unit, qualifier and upper end: use its ``value_display``.
    """
    if value is None or value == "":
        return ""
    return format_figure(value if isinstance(value, Decimal) else Decimal(str(value)), unit)


SELECTED = mark_safe(' class="selected"')
CURRENT = mark_safe(' aria-current="true"')
REMOVE_LABEL = _("Remove filter:")


@register.simple_tag(takes_context=True)
def facet_options(context, options):
    """The ``<li>`` of each option of a directory facet: a link to the results it names, with their number;
    the chosen option links to its removal.

    Written here rather than as an included template per option: the directory shows up to 320
    options, and rendering an include for each cost more than everything else on the page.
    """
    path = context["request"].path
    remove = format_html('<span class="visually-hidden">{} </span>', REMOVE_LABEL)
    return format_html_join(
        "\n",
        '<li{}><a href="{}{}"{}>{}<span class="option-label">{}</span> '
        '<span class="count">{}<span class="visually-hidden"> {}</span></span></a></li>',
        (
            (
                SELECTED if option.selected else "",
                path,
                option.href,
                CURRENT if option.selected else "",
                remove if option.selected else "",
                capfirst(option.label),
                option.count,
                npgettext("a facet option's count", "space", "spaces", option.count),
            )
            for option in options
        ),
    )
