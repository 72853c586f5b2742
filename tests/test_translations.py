"""The Chinese interface: the catalogue is complete and compiled, and no page of the curated data shows
a sentence of the English catalogue when read in Chinese."""

import ast
import gettext
import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from makerspaces.models import Metric, Operator, Region, Source, Space

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
# What a msgid holds besides words: placeholders and markup.
NOT_WORDS = re.compile(r"%\(\w+\)s|\{\w+\}|<[^>]*>|\s+")
# Where a page shows text outside its elements' content.
SHOWN_ATTRIBUTES = re.compile(r'(?:title|aria-label|placeholder|content|data-label|alt)="([^"]*)"')


def po_entries():
    """``[(msgid, msgstrs, flags)]`` of the catalogue's source, the header left out."""
    entries = []
    for block in (CATALOGUE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        fields, flags, current = {}, "", None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
            elif not line.startswith("#") and " " in line:
                current, value = line.split(" ", 1)
                fields[current] = ast.literal_eval(value)
        if fields.get("msgid"):
            strings = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields["msgid"], strings, flags))
    return entries


def compiled_catalogue():
    with open(CATALOGUE / "django.mo", "rb") as file:
        return gettext.GNUTranslations(file)._catalog


def test_every_entry_is_translated_and_compiled():
    entries = po_entries()
    assert entries
    assert [msgid for msgid, strings, _flags in entries if not all(strings)] == []
    assert [msgid for msgid, _strings, flags in entries if "fuzzy" in flags] == []
    compiled = {key[0] if isinstance(key, tuple) else key for key in compiled_catalogue()}
    missing = [msgid for msgid, _strings, _flags in entries if msgid not in compiled]
    assert missing == [], "run manage.py compilemessages"


def english_phrases():
    """Runs of five words or more of the catalogue's English (shorter ones occur in the articles' own text too):
    none should be left on a Chinese page."""
    phrases = set()
    for key in compiled_catalogue():
        msgid = key[0] if isinstance(key, tuple) else key
        for part in NOT_WORDS.sub(" ", msgid).split("  "):
            part = part.strip(" .,:;()")
            if len(part.split()) >= 5:
                phrases.add(part)
    return phrases


def shown_text(content):
    text = SHOWN_ATTRIBUTES.findall(content) + [re.sub(r"<[^>]*>", " ", content)]
    return " ".join(html.unescape(" ".join(text)).split())


@pytest.mark.skipif(
    not any(settings.FIXTURE_DIR.glob("*.json")), reason="the curated fixtures are not in this checkout"
)
def test_no_page_of_the_real_data_shows_english_interface_text_in_chinese(client, real_data):
    with translation.override("zh-hans"):
        urls = [
            reverse(f"makerspaces:{name}")
            for name in ("home", "space-list", "region-list", "operator-list", "source-list", "statistic-list", "data")
        ]
        for model in (Space, Region, Operator, Source):
            urls += [obj.get_absolute_url() for obj in model.objects.all()]
        urls += [
            reverse("makerspaces:statistic-list", query={"metric": slug})
            for slug in Metric.objects.values_list("slug", flat=True)
        ]
        urls += [region.get_directory_url() for region in Region.objects.filter(space_count__gt=0)]
    phrases = english_phrases()
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        text = shown_text(response.content.decode())
        assert [phrase for phrase in phrases if phrase in text] == [], url
    # The check can fail: the English pages show these phrases. (Pages are cached by address, which is the
    # same in both languages until the Chinese pages have addresses of their own.)
    cache.clear()
    english = shown_text(client.get(reverse("makerspaces:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert any(phrase in english for phrase in phrases)
