"""RowWriter: rows as tuples, with COPY on PostgreSQL and bulk_create elsewhere."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from demo.bulk_insert import RowWriter, copy_text
from makerspaces.models import Space

FIELDS = ["id", "slug", "name_en", "name_zh", "aliases", "region_id", "opened_on", "opened_precision", "floor_area_m2"]

WRITERS = [
    pytest.param(False, id="bulk_create"),
    pytest.param(
        True,
        id="copy",
        marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
    ),
]


def test_copy_text_escapes_what_copy_reads_specially():
    assert copy_text(None) == "\\N"
    assert copy_text(True) == "t" and copy_text(False) == "f"
    assert copy_text("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert copy_text("\\N") == "\\\\N"  # the text, not NULL
    assert copy_text(Decimal("12.50")) == "12.50"
    assert copy_text(datetime.date(2016, 7, 1)) == "2016-07-01"
    assert copy_text(42) == "42"


@pytest.mark.parametrize("use_copy", WRITERS)
def test_rows_read_back_as_written(regions, use_copy):
    writer = RowWriter(use_copy=use_copy)
    first, second = writer.allocate_ids(Space, 2)
    nanshan = regions["nanshan"].pk
    rows = [
        (first, "tricky", "Tab\there", "创客空间", "line one\nline two\\with backslash\n\\N", nanshan, None, "", None),
        (second, "plain", "Plain", "", "", nanshan, datetime.date(2016, 7, 1), "month", Decimal("1200.50")),
    ]
    assert writer.insert(Space, FIELDS, rows) == 2
    assert sorted(Space.objects.values_list(*FIELDS)) == sorted(rows)
    # Fields left out took their defaults.
    assert set(Space.objects.values_list("kind", "status", "synthetic")) == {("maker_space", "unknown", False)}


@pytest.mark.parametrize("use_copy", WRITERS)
def test_allocated_ids_are_new_and_stay_taken(regions, make_space, use_copy):
    existing = make_space(regions["nanshan"])
    writer = RowWriter(use_copy=use_copy)
    ids = writer.allocate_ids(Space, 3)
    assert len(set(ids)) == 3
    assert min(ids) > existing.pk
    writer.insert(
        Space, ["id", "slug", "name_en", "region_id"], [(pk, f"s{pk}", "S", existing.region_id) for pk in ids]
    )
    # Rows saved the ordinary way afterwards get ids of their own.
    assert make_space(regions["nanshan"]).pk not in ids


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL reserves ids in its sequence")
def test_ids_allocated_on_postgresql_are_reserved_before_insert(db):
    writer = RowWriter()
    first, second = writer.allocate_ids(Space, 3), writer.allocate_ids(Space, 2)
    assert len(set(first + second)) == 5


def test_no_rows_is_no_insert(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert RowWriter().insert(Space, FIELDS, []) == 0
