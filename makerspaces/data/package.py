"""The citable data package: the curated data as a Frictionless Data Package (https://specs.frictionlessdata.io/).

One CSV per table, each described in ``datapackage.json`` by a table schema: its fields with their
types and allowed values, its primary key and its foreign keys. The tables are the fixture files'
(``files.FIXTURE_FILES``) and the many-to-many links between them. Related rows are named by slug,
as the fixtures name them. Demo data is never included.
"""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, models
from django.utils import translation

from .. import cache
from ..models import Operator, Source, Space, SpaceGroup
from .files import FIXTURE_FILES

NAME = "china-maker-spaces"
TITLE = "China maker space directory"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
DESCRIPTION = (
    "Maker spaces in China, who runs them, and the figures their districts report, taken from five news "
    "articles (2016-2017). Every fact cites its article and paragraph, and every fact the articles do not "
    "state is marked inferred with its reason."
)

TYPES = [
    (models.BooleanField, "boolean"),
    (models.DateField, "date"),
    (models.DecimalField, "number"),
    (models.IntegerField, "integer"),
]


def field_type(field):
    return next((name for kind, name in TYPES if isinstance(field, kind)), "string")


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass
class Table:
    """One resource of the package: its name, its schema and its rows."""

    name: str
    description: str
    fields: list  # (name, field descriptor)
    primary_key: list
    foreign_keys: list
    rows: list  # lists of cells

    def descriptor(self):
        schema = {"fields": [descriptor for _name, descriptor in self.fields], "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": self.description,
            "schema": schema,
        }

    def csv_text(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([name for name, _descriptor in self.fields])
        writer.writerows(self.rows)
        return buffer.getvalue()


def table_name(model):
    return next(f.filename.removesuffix(".json") for f in FIXTURE_FILES if f.model is model)


def describe(field):
    descriptor = {"name": field.name, "type": field_type(field)}
    if field.verbose_name and str(field.verbose_name) != field.name.replace("_", " "):
        descriptor["title"] = str(field.verbose_name)
    if field.help_text:
        descriptor["description"] = str(field.help_text)
    constraints = {}
    if not field.null and not field.blank:
        constraints["required"] = True
    if field.choices:
        constraints["enum"] = [value for value, _label in field.choices] + ([""] if field.blank else [])
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def model_table(fixture_file, using):
    model = fixture_file.model
    fields, foreign_keys = [], []
    for field in fixture_file.fields:
        if field.is_relation:
            descriptor = {
                "name": field.name,
                "type": "string",
                "description": f"The slug of a row of {table_name(field.related_model)}.",
            }
            if not field.null:
                descriptor["constraints"] = {"required": True}
            foreign_keys.append(
                {"fields": field.name, "reference": {"resource": table_name(field.related_model), "fields": "slug"}}
            )
        else:
            descriptor = describe(field)
        fields.append((field.name, descriptor))
    rows = []
    for obj in fixture_file.sorted_for_serializing(fixture_file.rows(using, real_only=True)):
        row = []
        for field in fixture_file.fields:
            value = getattr(obj, field.name) if field.is_relation else getattr(obj, field.attname)
            row.append(
                value.slug if field.is_relation and value is not None else cell(None if field.is_relation else value)
            )
        rows.append(row)
    description = (model.__doc__ or "").strip().split("\n")[0]
    return Table(table_name(model), description, fields, list(fixture_file.key_fields), foreign_keys, rows)


LINKS = [
    # (table, model, many-to-many field, left column, right column, description)
    ("space_services", Space, "services", "space", "service", "The services each space offers."),
    ("operator_members", Operator, "members", "venture", "member", "The organisations that formed each joint venture."),
    ("space_group_spaces", SpaceGroup, "spaces", "group", "space", "The spaces of each group a figure is given for."),
]


def link_table(name, model, relation, left, right, description, using):
    target = model._meta.get_field(relation).related_model
    rows = sorted(
        [owner.slug, linked.slug]
        for owner in model._default_manager.using(using).prefetch_related(relation)
        if not getattr(owner, "synthetic", False)
        for linked in getattr(owner, relation).all()
        if not getattr(linked, "synthetic", False)
    )
    required = {"type": "string", "constraints": {"required": True}}
    return Table(
        name,
        description,
        [(left, {"name": left, **required}), (right, {"name": right, **required})],
        [left, right],
        [
            {"fields": left, "reference": {"resource": table_name(model), "fields": "slug"}},
            {"fields": right, "reference": {"resource": table_name(target), "fields": "slug"}},
        ],
        rows,
    )


def tables(using=DEFAULT_DB_ALIAS):
    return [model_table(fixture_file, using) for fixture_file in FIXTURE_FILES] + [
        link_table(*link, using=using) for link in LINKS
    ]


def descriptor(all_tables, version, created, using=DEFAULT_DB_ALIAS):
    sources = Source.objects.using(using).exclude(slug="synthetic-demo-data").order_by("published_on", "slug")
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": created.isoformat(timespec="seconds"),
        "licenses": [LICENSE],
        "citation": citation(version, created),
        "sources": [
            {
                "title": " ".join(
                    part for part in (source.title, f"({source.publisher})" if source.publisher else "") if part
                )
            }
            for source in sources
        ],
        "resources": [table.descriptor() for table in all_tables],
    }


def citation(version, created):
    return f"{TITLE}, data package version {version} ({created:%d %B %Y}). Licensed under {LICENSE['title']}."


# In English whatever the reader's language: the fields' titles and descriptions are the models' verbose names and
# help texts, translated lazily, and the package is made once for every reader.
@translation.override("en")
def package_files(version, created, using=DEFAULT_DB_ALIAS):
    """``{file name: text}`` of the whole package."""
    all_tables = tables(using)
    files = {f"{table.name}.csv": table.csv_text() for table in all_tables}
    files["datapackage.json"] = (
        json.dumps(descriptor(all_tables, version, created, using), ensure_ascii=False, indent=2) + "\n"
    )
    return files


def package_zip(files):
    """The package as one zip file's bytes, its files in a folder named after it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            archive.writestr(f"{NAME}/{name}", text)
    return buffer.getvalue()


def cached_package():
    """The current package, computed once per data version."""
    return cache.data_package(current_package)


def current_package(using=DEFAULT_DB_ALIAS):
    """``(version, created, files)`` of the package of the data as it is now: its version follows the data's."""
    changed_at = cache.current_version().changed_at
    # Named after the last write to the data (UTC): a newer package has a later version.
    version = f"{changed_at:%Y.%m.%d.%H%M%S}"
    return version, changed_at, package_files(version, changed_at, using)
