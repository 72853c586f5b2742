"""When an entry was last confirmed, and whether that is long enough ago for a reader or an editor to worry.

A space is confirmed by the newest article that speaks of it and by the last correction an editor accepted
(``Space.confirmed_on``). The public page says so plainly past ``PUBLIC_STALE_DAYS``; the editors' list of
what needs checking takes ``settings.NEEDS_CHECKING_YEARS``.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .choices import DatePrecision
from .formatting import format_date

PUBLIC_STALE_DAYS = 365


@dataclass(frozen=True)
class Confirmation:
    """The day (at its precision) an entry was last confirmed; ``day`` None when nothing ever confirmed it."""

    day: datetime.date | None
    precision: str = DatePrecision.DAY

    @property
    def display(self):
        return format_date(self.day, self.precision)

    @property
    def stale(self):
        """Not confirmed for over a year (a date known to a year counts from that year's end)."""
        if self.day is None:
            return True
        known_until = self.day
        if self.precision in (DatePrecision.YEAR, DatePrecision.APPROXIMATE):
            known_until = datetime.date(self.day.year, 12, 31)
        return (timezone.localdate() - known_until).days > PUBLIC_STALE_DAYS


def last_confirmed(space, sources):
    """The space's confirmation from its cited ``sources`` (already read for its page) and its accepted corrections."""
    dated = [(source.published_on, source.published_precision) for source in sources if source.published_on]
    if space.confirmed_on:
        dated.append((space.confirmed_on, DatePrecision.DAY))
    if not dated:
        return Confirmation(None)
    return Confirmation(*max(dated, key=lambda pair: pair[0]))


def needs_checking_before():
    """Spaces not confirmed since this day are on the editors' list of what needs checking."""
    years = settings.NEEDS_CHECKING_YEARS
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
