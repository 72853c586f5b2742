"""Keeping spam and floods out of the suggestion form without a third-party CAPTCHA.

- a honeypot field people never see (hidden by the style sheet) that form-filling robots fill in;
- a signed timestamp of when the form was shown: a form sent back sooner than a person could fill
  it in, later than a day, or with a forged stamp is refused;
- a cap on the links a suggestion may carry;
- rate limits per client address and for the whole site (429), counted by makerspaces/cache.py;
- size limits on every field (the form's and the database's) and Django's limit on request bodies.
"""

import re
import time

from django.conf import settings
from django.core import signing

from core.security import client_ip_address
from makerspaces import cache

STAMP_SALT = "suggestions.form-shown-at"
# A stamp older than this is stale: the reader reloads the form.
STAMP_MAX_AGE = 24 * 3600
HOUR = 3600

LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|cn|net|org|info|top|xyz|ru)\b", re.IGNORECASE)


def form_stamp():
    """The signed time the form is shown at, for its hidden field."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


def seconds_since_stamp(stamp):
    """Seconds since a stamp was made; None for a forged, unreadable or stale one."""
    try:
        shown_at = signing.loads(stamp, salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(shown_at, int | float):
        return None
    elapsed = time.time() - shown_at
    return elapsed if elapsed <= STAMP_MAX_AGE else None


def filled_too_fast(elapsed):
    return elapsed < settings.SUGGESTION_MIN_SECONDS


def count_links(*texts):
    return sum(len(LINK.findall(text or "")) for text in texts)


def over_rate_limit(request):
    """Counts this submission; True when its address, or the whole site, sent too many this hour."""
    address = client_ip_address(request) or "unknown"
    per_address = cache.attempts_in_window(("suggestion", address), HOUR)
    overall = cache.attempts_in_window(("suggestion", "all"), HOUR)
    return per_address > settings.SUGGESTIONS_PER_ADDRESS_PER_HOUR or overall > settings.SUGGESTIONS_PER_HOUR
