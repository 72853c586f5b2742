"""Posting the readers' suggestion form as a person would: a stamp from a while ago, the honeypot left empty."""

import time

from django.core import signing
from django.urls import reverse

from suggestions.abuse import STAMP_SALT


def stamp(seconds_ago=60):
    """The form's signed "shown at" stamp, as if the form had been shown that many seconds ago."""
    return signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT)


def suggest_url(**subject):
    return reverse("suggestions:suggest", query=subject or None)


def correction(**fields):
    data = {
        "kind": "moved",
        "correct_value": "No. 8 Keji Road, Nanshan",
        "source_url": "https://example.org/news/moved",
        "note": "",
        "email": "",
        "website": "",
        "shown_at": stamp(),
    }
    data.update(fields)
    return data
