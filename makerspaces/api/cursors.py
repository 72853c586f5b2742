"""Keyset ("cursor") pagination: a page starts after the last row of the one before, found by the index,
so that the 4,000th page costs what the first does.

A cursor is the sort key of the row it starts from, signed (``django.core.signing``) together with the
query it belongs to and a time: a cursor that was altered, has expired or comes from another query is
refused with a message, never followed.
"""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core import signing
from django.db.models import F, Q

SALT = "makerspaces.api.cursor"
# How long a cursor stays good: long enough to read a list to its end, short enough that old links fail
# clearly rather than start from a row that has since moved.
MAX_AGE = datetime.timedelta(days=1)

FORWARD, BACKWARD = "next", "prev"


class CursorError(ValueError):
    """A cursor that cannot be followed; the message says why, for the API's 400 answer."""


@dataclass(frozen=True)
class Key:
    """One column of a sort: its name (a field or an annotation), its direction, and whether it may be
    empty (empty values come last)."""

    name: str
    descending: bool = False
    nullable: bool = False
    is_date: bool = False

    def ordering(self, forward=True):
        expression = F(self.name)
        descending = self.descending == forward
        if not self.nullable:
            return expression.desc() if descending else expression.asc()
        # Empty values last going forward, so first coming back.
        return expression.desc(nulls_last=forward) if descending else expression.asc(nulls_last=forward)

    def value_of(self, row):
        value = getattr(row, self.name)
        return value.isoformat() if isinstance(value, datetime.date) else value

    def parse(self, value):
        if value is None or not self.is_date:
            return value
        return datetime.date.fromisoformat(value)


def beyond(keys, values, forward):
    """Rows strictly after ``values`` in the sort (``forward``), or strictly before it."""
    steps, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        steps.append(equal & _step(key, value, forward))
        equal &= Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
    condition = reduce(or_, steps)
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # The same rows, said so that the database starts its index scan at the cursor.
        bound = "lte" if first.descending == forward else "gte"
        condition = Q(**{f"{first.name}__{bound}": value}) & condition
    return condition


def _step(key, value, forward):
    if value is None:
        # Empty values come last going forward: past one lie only other empty ones (decided by later keys).
        return Q(pk__in=[]) if forward else Q(**{f"{key.name}__isnull": False})
    larger = key.descending != forward
    condition = Q(**{f"{key.name}__{'gt' if larger else 'lt'}": value})
    if key.nullable and forward:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def encode(query, row, keys, direction):
    """The cursor of the page next to ``row`` (after it, or before it), for this query."""
    payload = {"q": list(query), "v": [key.value_of(row) for key in keys], "d": direction}
    return signing.dumps(payload, salt=SALT, compress=True)


def decode(token, query, keys):
    """``(values, direction)`` of a cursor of this query; CursorError otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise CursorError("This cursor has expired: start again from the first page.") from None
    except signing.BadSignature:
        raise CursorError("This cursor is not one the API gave out, or was altered.") from None
    if not isinstance(payload, dict) or payload.get("q") != list(query):
        raise CursorError("This cursor belongs to another query: use it with the filters and sort it came with.")
    values, direction = payload.get("v"), payload.get("d")
    if not isinstance(values, list) or len(values) != len(keys) or direction not in (FORWARD, BACKWARD):
        raise CursorError("This cursor is not one the API gave out, or was altered.")
    return [key.parse(value) for key, value in zip(keys, values, strict=True)], direction


@dataclass
class Page:
    rows: list
    next: str | None
    previous: str | None


def paginate(queryset, keys, query, token, limit):
    """One page of ``queryset`` in the order of ``keys``: ``limit`` rows from the cursor (or the start),
    with the cursors of the pages after and before it (None at either end)."""
    direction, values = FORWARD, None
    if token:
        values, direction = decode(token, query, keys)
    forward = direction == FORWARD
    rows = queryset.order_by(*(key.ordering(forward) for key in keys))
    if values is not None:
        rows = rows.filter(beyond(keys, values, forward))
    rows = list(rows[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    has_next = more if forward else True
    has_previous = (values is not None) if forward else more
    return Page(
        rows,
        next=encode(query, rows[-1], keys, FORWARD) if rows and has_next else None,
        previous=encode(query, rows[0], keys, BACKWARD) if rows and has_previous else None,
    )
