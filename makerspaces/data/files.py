"""The fixture files of the directory: which models, in which order, in which format.

Shared by `reload_fixtures` (which also writes the backup) and `export_fixtures`,
so that what one writes the other reads back unchanged.

Layout: one file per model, named after the model in plural snake case, holding
Django's JSON serializer output with natural keys (no "pk"), indent=2,
ensure_ascii=False and a trailing newline; objects sorted by natural key
(regions by path, so parents come first) and many-to-many lists sorted. The
computed `path` and the `synthetic` flag stay out of the files, and synthetic
(generated demo) rows are never exported.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS

from ..models import (
    SYNTHETIC_SOURCE_SLUG,
    Designation,
    Metric,
    Operator,
    OperatorSource,
    Person,
    PersonRole,
    PersonSource,
    Region,
    RegionSource,
    Service,
    Source,
    Space,
    SpaceGroup,
    SpaceOperator,
    SpaceSource,
    Statistic,
)

# Computed (path) or demo-only (synthetic): never in a fixture file.
LEFT_OUT_FIELDS = frozenset({"path", "synthetic"})


@dataclass(frozen=True)
class FixtureFile:
    """One fixture file and the model it holds."""

    filename: str
    model: type
    # The fields whose values make up the natural key, in natural_key() order.
    key_fields: tuple = ("slug",)

    def __str__(self):
        return self.filename

    @property
    def label(self):
        return self.model._meta.label_lower

    @cached_property
    def fields(self):
        """Concrete fields kept in the file, in the serializer's order."""
        return [
            field for field in self.model._meta.local_fields if field.serialize and field.name not in LEFT_OUT_FIELDS
        ]

    @cached_property
    def many_to_many(self):
        """Many-to-many fields kept in the file (not those with a model of their own, like Space.operators)."""
        return [
            field
            for field in self.model._meta.local_many_to_many
            if field.serialize and field.remote_field.through._meta.auto_created
        ]

    @cached_property
    def field_names(self):
        return [field.name for field in (*self.fields, *self.many_to_many)]

    @cached_property
    def foreign_keys(self):
        return [field for field in self.model._meta.local_fields if field.is_relation]

    def sort_key(self, obj):
        # Regions by path so that parents come first; everything else by natural key.
        return obj.path if self.model is Region else obj.natural_key()

    @cached_property
    def key_relations(self):
        """The foreign keys that are part of the natural key (natural_key() reads through them)."""
        return [name for name in self.key_fields if self.model._meta.get_field(name).is_relation]

    def rows(self, using=DEFAULT_DB_ALIAS, *, real_only=False):
        """Rows of the model; with real_only, only curated rows: not synthetic, not attached to a synthetic row."""
        rows = self.model._default_manager.using(using).all()
        if not real_only:
            return rows
        if has_synthetic_flag(self.model):
            rows = rows.filter(synthetic=False)
        if self.model is Source:
            rows = rows.exclude(slug=SYNTHETIC_SOURCE_SLUG)  # the demo data's source has no synthetic flag
        for field in self.foreign_keys:
            if has_synthetic_flag(field.related_model):
                rows = rows.exclude(**{f"{field.name}__synthetic": True})
        return rows

    def with_key_relations(self, rows):
        """Rows with what natural_key() reads through joined in (select_related() alone would join every FK)."""
        return rows.select_related(*self.key_relations) if self.key_relations else rows

    def sorted_for_serializing(self, rows):
        """The rows in file order, with what serializing reads fetched in a few queries, not one per row."""
        if self.foreign_keys:
            rows = rows.select_related(*(field.name for field in self.foreign_keys))
        if self.many_to_many:
            rows = rows.prefetch_related(*(field.name for field in self.many_to_many))
        return sorted(rows, key=self.sort_key)


# The order of loading: every model after the models it refers to.
FIXTURE_FILES = [
    FixtureFile("sources.json", Source),
    FixtureFile("regions.json", Region),
    FixtureFile("region_sources.json", RegionSource, ("region", "source")),
    FixtureFile("services.json", Service),
    FixtureFile("metrics.json", Metric),
    FixtureFile("operators.json", Operator),
    FixtureFile("operator_sources.json", OperatorSource, ("operator", "source")),
    FixtureFile("spaces.json", Space),
    FixtureFile("space_sources.json", SpaceSource, ("space", "source")),
    FixtureFile("space_operators.json", SpaceOperator, ("space", "operator", "role")),
    FixtureFile("designations.json", Designation),
    FixtureFile("people.json", Person),
    FixtureFile("person_sources.json", PersonSource, ("person", "source")),
    FixtureFile("person_roles.json", PersonRole, ("person", "title")),
    FixtureFile("space_groups.json", SpaceGroup),
    FixtureFile("statistics.json", Statistic),
]
FIXTURE_FILE_OF_MODEL = {fixture_file.model: fixture_file for fixture_file in FIXTURE_FILES}


def has_synthetic_flag(model):
    return any(field.name == "synthetic" for field in model._meta.concrete_fields)


class FixtureSerializer(JSONSerializer):
    """Django's JSON serializer with many-to-many lists sorted, so that files diff cleanly."""

    def handle_m2m_field(self, obj, field):
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name] = sorted(self._current[field.name])


def serialize(objects, fields=None):
    return FixtureSerializer().serialize(
        objects,
        fields=fields,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        indent=2,
        ensure_ascii=False,
    )


def fixture_content(fixture_file, using=DEFAULT_DB_ALIAS):
    """The text of one fixture file for the current database, and how many objects it holds."""
    rows = fixture_file.sorted_for_serializing(fixture_file.rows(using, real_only=True))
    return serialize(rows, fields=fixture_file.field_names), len(rows)
