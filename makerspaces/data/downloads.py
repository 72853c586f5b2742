"""Downloads of what a page shows: its spaces or its figures, as CSV or JSON, streamed row by row so that
100,000 spaces take the memory of a few thousand.

The JSON of a record is the API's (``makerspaces.api.schemas``): one representation, two ways to get it.
CSV has one column per field, related records by slug and by name, and every cell made inert for
spreadsheets (``csv_export.neutralised``).
"""

import csv
import io

from ..api import schemas
from .csv_export import BYTE_ORDER_MARK, LIST_SEPARATOR, neutralised

# Rows read from the database at a time: the memory a download holds, whatever its length.
CHUNK_SIZE = 2000


def joined(values):
    return LIST_SEPARATOR.join(values)


SPACE_COLUMNS = {
    "slug": lambda space: space.slug,
    "name_en": lambda space: space.name_en,
    "name_zh": lambda space: space.name_zh,
    "aliases": lambda space: joined(space.alias_list),
    "kind": lambda space: space.kind,
    "kind_basis": lambda space: space.kind_basis,
    "status": lambda space: space.status,
    "region": lambda space: space.region.slug,
    "region_name": lambda space: space.region.name_en,
    "region_basis": lambda space: space.region_basis,
    "address": lambda space: space.address,
    "opened_on": lambda space: space.opened_on.isoformat() if space.opened_on else "",
    "opened_precision": lambda space: space.opened_precision,
    "opened_basis": lambda space: space.opened_basis,
    "floor_area_m2": lambda space: "" if space.floor_area_m2 is None else format(space.floor_area_m2.normalize(), "f"),
    "services": lambda space: joined(service.slug for service in space.services.all()),
    "operators": lambda space: joined(role.operator.slug for role in space.operator_roles.all()),
    "operator_names": lambda space: joined(role.operator.name_en for role in space.operator_roles.all()),
    "sources": lambda space: joined(
        f"{citation.source.slug} {citation.paragraphs_display}".strip() for citation in space.citations.all()
    ),
    "description": lambda space: space.description,
}

STATISTIC_COLUMNS = {
    "slug": lambda figure: figure.slug,
    "metric": lambda figure: figure.metric.slug,
    "metric_name": lambda figure: figure.metric.name,
    "subject_type": lambda figure: figure.subject_kind,
    "subject": lambda figure: figure.subject.slug,
    "subject_name": lambda figure: figure.subject.name_en,
    "value": lambda figure: format(figure.value.normalize(), "f"),
    "value_max": lambda figure: "" if figure.value_max is None else format(figure.value_max.normalize(), "f"),
    "unit": lambda figure: figure.unit,
    "qualifier": lambda figure: figure.qualifier,
    "as_of": lambda figure: figure.as_of.isoformat(),
    "as_of_precision": lambda figure: figure.as_of_precision,
    "as_of_basis": lambda figure: figure.as_of_basis,
    "as_of_reason": lambda figure: figure.as_of_reason,
    "is_plan": lambda figure: "yes" if figure.is_plan else "no",
    "note": lambda figure: figure.note,
    "source": lambda figure: figure.source.slug,
    "paragraph": lambda figure: "" if figure.paragraph is None else str(figure.paragraph),
}


def csv_lines(rows, columns):
    """The CSV file, a few lines at a time: the header, then each row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flushed():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(columns)
    yield BYTE_ORDER_MARK + flushed()
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        writer.writerow([neutralised(value(row)) for value in columns.values()])
        yield flushed()


def json_lines(rows, schema, request):
    """A JSON list of the API's records, one record at a time."""
    yield "[\n"
    for index, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE)):
        yield ("" if index == 0 else ",\n") + schema.of(row, request).model_dump_json()
    yield "\n]\n"


KINDS = {
    # kind: (CSV columns, API schema, how the rows are read)
    "spaces": (SPACE_COLUMNS, schemas.Space, lambda rows: rows.with_citations()),
    "statistics": (STATISTIC_COLUMNS, schemas.Statistic, lambda rows: rows.with_related()),
}
