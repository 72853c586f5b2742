"""Dates known only to a year, a quarter, a month or roughly: parsing what editors type.

The model stores such a date as a DateField (the first day of the period) and a
precision. Editors type one text instead: "2016", "July 2016", "Q3 2017",
"20 July 2016", "c. 2015". parse_precise_date() turns that text into a
PreciseDate; format_precise_date() writes a stored date back the same way.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from .choices import DatePrecision

EXAMPLES = "2016, 2016-07, July 2016, Q3 2017, 2016-07-20, 20 July 2016 or c. 2015"

MONTHS = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}

APPROXIMATE_PREFIX = re.compile(
    r"^(?:circa|approximately|approx\.?|around|about|ca\.|ca\b|c\.|c\b|~|约)\s*(?P<rest>.+)$"
)
ORDINAL = r"(?:st|nd|rd|th)?"
# Each pattern's named groups are the parts it gives; the month may be a number or a name.
PATTERNS = [
    re.compile(r"^(?P<year>\d{4})年?$"),
    re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})$"),
    re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月$"),
    re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})$"),
    re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]$"),
    re.compile(r"^(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})$"),
    re.compile(rf"^(?P<day>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{{1,2}}){ORDINAL},?\s+(?P<year>\d{{4}})$"),
    re.compile(r"^q(?P<quarter>[1-4])[\s,/-]*(?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})[\s,/-]*q(?P<quarter>[1-4])$"),
    re.compile(r"^(?P<year>\d{4})年?第?(?P<quarter>[1-4一二三四])季度?$"),
]


@dataclass(frozen=True)
class PreciseDate:
    """A period (start to end, inclusive) and how precisely the date is known."""

    start: datetime.date
    end: datetime.date
    precision: str

    @property
    def date(self):
        """The date stored for the period: its first day."""
        return self.start

    def contains(self, day):
        return day is not None and self.start <= day <= self.end

    def same_as(self, day, precision):
        """True when a stored (date, precision) is already this period at this precision."""
        return precision == self.precision and self.contains(day)


def parse_precise_date(text):
    """PreciseDate for the text, None for blank text; ValueError when it is not a date."""
    text = " ".join(str(text).split()).lower().strip()
    if not text:
        return None
    approximate = APPROXIMATE_PREFIX.match(text)
    if approximate:
        inner = _parse_exact(approximate["rest"])
        return PreciseDate(inner.start, inner.end, DatePrecision.APPROXIMATE)
    return _parse_exact(text)


def _parse_exact(text):
    for pattern in PATTERNS:
        match = pattern.match(text)
        if match:
            return _period(**match.groupdict())
    raise ValueError(f"not a date: {text!r}")


def _period(year, month=None, day=None, quarter=None):
    year = int(year)
    if quarter is not None:
        number = CHINESE_QUARTERS.get(quarter) or int(quarter)
        first_month = 3 * (number - 1) + 1
        start = datetime.date(year, first_month, 1)
        end = datetime.date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
        return PreciseDate(start, end, DatePrecision.QUARTER)
    if month is None:
        return PreciseDate(datetime.date(year, 1, 1), datetime.date(year, 12, 31), DatePrecision.YEAR)
    month_number = int(month) if month.isdigit() else MONTHS.get(month.rstrip("."))
    if month_number is None:
        raise ValueError(f"not a month: {month!r}")
    if day is None:
        start = datetime.date(year, month_number, 1)  # ValueError for month 13
        end = datetime.date(year, month_number, calendar.monthrange(year, month_number)[1])
        return PreciseDate(start, end, DatePrecision.MONTH)
    day_date = datetime.date(year, month_number, int(day))
    return PreciseDate(day_date, day_date, DatePrecision.DAY)


def format_precise_date(day, precision):
    """The text an editor would type for a stored date at its precision ("" for no date)."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if precision == DatePrecision.MONTH:
        return f"{day.year}-{day.month:02d}"
    if precision == DatePrecision.APPROXIMATE:
        return f"c. {day.year}"
    return day.isoformat()
