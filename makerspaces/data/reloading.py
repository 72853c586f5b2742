"""Reloading the fixture files: check everything, write only what differs from the database.

A reload runs in one transaction. Any problem (invalid JSON, an unknown model,
a natural key that points nowhere, a value the model rejects, ...) leaves the
database as it was, and each problem names its file, its object (position and
natural key) and its field.

Each model's existing rows are read once and kept by natural key, so resolving
references, validating and comparing values costs no query per object: the
queries per object are the writes of rows that changed.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.models import ProtectedError, RestrictedError

from .. import revisions
from ..models import Region
from ..writes import bulk_writes
from . import backups
from .files import FIXTURE_FILE_OF_MODEL, FIXTURE_FILES, FixtureFile
from .reading import UNRESOLVED, FixtureProblems, format_key, is_natural_key, json_type, read_fixture_dir
from .validation import changed_fields, full_clean, parents_first, self_references

# Comparing and writing ---------------------------------------------------------------------------


@dataclass
class ModelReport:
    fixture_file: FixtureFile
    in_files: bool
    created: list = field(default_factory=list)  # natural keys
    updated: dict = field(default_factory=dict)  # natural key -> names of the fields that changed
    unchanged: int = 0
    pruned: list = field(default_factory=list)  # (natural key, description)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.pruned)


@dataclass
class ReloadReport:
    models: list
    dry_run: bool
    backup: Path | None = None

    @property
    def changed(self):
        return any(report.changed for report in self.models)

    def total(self, attribute):
        counts = (getattr(report, attribute) for report in self.models)
        return sum(count if isinstance(count, int) else len(count) for count in counts)


class Reloader:
    """Brings the database in line with the records of the fixture files, inside the caller's transaction."""

    def __init__(self, records, *, prune=False, using=DEFAULT_DB_ALIAS, before_first_write=None):
        self.records = records
        self.prune = prune
        self.using = using
        self.before_first_write = before_first_write
        self.reports = {ff: ModelReport(ff, in_files=ff in records) for ff in FIXTURE_FILES}
        self.fixture_keys = {ff.model: {record.key for record in recs} for ff, recs in records.items()}
        self.rows_by_key = {}  # model -> {natural key: row}, read once per model
        self.prunable = {}  # model -> {natural key: row}: curated rows that no fixture contains

    def run(self):
        if self.prune:
            self.find_prunable()
        for fixture_file in FIXTURE_FILES:
            if fixture_file in self.records:
                self.load(fixture_file)
        if self.prune:
            self.delete_prunable()
        return list(self.reports.values())

    def about_to_write(self):
        if self.before_first_write is not None:
            callback, self.before_first_write = self.before_first_write, None
            callback()

    def rows_of(self, model):
        """The model's rows by natural key, read in one query the first time they are needed."""
        if model not in self.rows_by_key:
            fixture_file = FIXTURE_FILE_OF_MODEL[model]
            rows = list(fixture_file.with_key_relations(fixture_file.rows(self.using)))
            by_pk = {row.pk: row for row in rows}
            for self_reference in self_references(fixture_file):
                # Cache each region's parent: clean() walks the ancestors and save() reads the parent's path.
                for row in rows:
                    target = by_pk.get(getattr(row, self_reference.attname))
                    if target is not None:
                        setattr(row, self_reference.name, target)
            self.rows_by_key[model] = {row.natural_key(): row for row in rows}
        return self.rows_by_key[model]

    def resolve(self, record, model_field, value, problems, failed=frozenset()):
        """The row a natural key in a record points to, or UNRESOLVED after noting the problem."""
        if value is None:
            return None
        if not is_natural_key(value):
            problems.append(
                f'{record.where(model_field.name)}: expected a natural key such as ["slug"], '
                f"found {json.dumps(value, ensure_ascii=False)}"
            )
            return UNRESOLVED
        target_model = model_field.related_model
        key = tuple(value)
        target = self.rows_of(target_model).get(key)
        if target is None:
            if key in failed:
                problems.append(f"{record.where(model_field.name)}: {format_key(key)} has problems of its own")
            else:
                problems.append(
                    f"{record.where(model_field.name)}: no {target_model._meta.label_lower} "
                    f"with natural key {format_key(key)}"
                )
            return UNRESOLVED
        if self.prune and key in self.prunable.get(target_model, {}):
            problems.append(
                f"{record.where(model_field.name)}: {format_key(key)} is in no fixture file, so --prune would delete it"
            )
            return UNRESOLVED
        return target

    def load(self, fixture_file):
        model = fixture_file.model
        report = self.reports[fixture_file]
        rows = self.rows_of(model)
        problems = []
        failed = set()
        loaded = []  # (record, row as saved or kept, whether it existed, fields that changed)
        for record in parents_first(fixture_file, self.records[fixture_file], problems):
            existing = rows.get(record.key)
            instance = self.build(fixture_file, record, existing, problems, failed)
            if instance is None:
                failed.add(record.key)
                continue
            if existing is None:
                self.save(record, instance)
                rows[record.key] = instance
                loaded.append((record, instance, False, []))
                continue
            changed = changed_fields(fixture_file, instance, existing)
            if not changed:
                loaded.append((record, existing, True, changed))
                continue
            self.save(record, instance)
            rows[record.key] = instance
            if model is Region and "path" in changed:
                # save() moved the region's descendants in the database; read the rows again
                # so that regions below it pick up their new paths.
                del self.rows_by_key[Region]
                rows = self.rows_of(Region)
            loaded.append((record, instance, True, changed))
        if problems:
            raise FixtureProblems(problems)

        # Many-to-many after every row is saved: operators name members further down the file.
        links = {m2m: self.current_links(m2m) for m2m in fixture_file.many_to_many}
        for record, instance, existed, changed in loaded:
            for m2m in fixture_file.many_to_many:
                targets = self.resolve_many(record, m2m, problems)
                if targets is None:
                    continue
                current = links[m2m].get(instance.pk, set()) if existed else set()
                if targets != current:
                    self.about_to_write()
                    manager = getattr(instance, m2m.name)
                    if current - targets:
                        manager.remove(*(current - targets))
                    if targets - current:
                        manager.add(*(targets - current))
                    changed.append(m2m.name)
            if not existed:
                report.created.append(record.key)
            elif changed:
                report.updated[record.key] = changed
            else:
                report.unchanged += 1
        if problems:
            raise FixtureProblems(problems)

    def build(self, fixture_file, record, existing, problems, failed):
        """An unsaved instance with the record's values, validated; None after noting its problems."""
        values = {}
        missing = set()
        for model_field in fixture_file.fields:
            if model_field.name not in record.fields:
                missing.add(model_field.name)  # the model's default applies
                continue
            value = record.fields[model_field.name]
            if model_field.is_relation:
                values[model_field.name] = self.resolve(record, model_field, value, problems, failed)
                continue
            try:
                values[model_field.attname] = model_field.to_python(value)
            except ValidationError as error:
                problems.extend(f"{record.where(model_field.name)}: {message}" for message in error.messages)
                values[model_field.attname] = UNRESOLVED
        if any(value is UNRESOLVED for value in values.values()):
            return None
        instance = fixture_file.model(**values)
        if existing is not None:
            instance.pk = existing.pk
            instance._state.adding = False
            instance._state.db = self.using
            if fixture_file.model is Region:
                # Region.save() compares the old path with the new one to move the descendants.
                instance.path = existing.path
        try:
            full_clean(fixture_file, instance, self.using)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field_name = None if name == NON_FIELD_ERRORS else name
                note = " (the field is missing from the file)" if name in missing else ""
                problems.extend(f"{record.where(field_name)}: {message}{note}" for message in messages)
            return None
        return instance

    def save(self, record, instance):
        self.about_to_write()
        try:
            instance.save(using=self.using)
        except DatabaseError as error:
            raise FixtureProblems([f"{record.where()}: the database refused it: {error}"]) from error

    def current_links(self, m2m):
        """{row pk: set of target pks} for one many-to-many field, in one query."""
        links = defaultdict(set)
        through = m2m.remote_field.through
        pairs = through._default_manager.using(self.using).values_list(
            m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        )
        for row_pk, target_pk in pairs:
            links[row_pk].add(target_pk)
        return links

    def resolve_many(self, record, m2m, problems):
        values = record.fields.get(m2m.name, [])
        if not isinstance(values, list):
            problems.append(f"{record.where(m2m.name)}: expected a list of natural keys, found {json_type(values)}")
            return None
        targets = [self.resolve(record, m2m, value, problems) for value in values]
        if any(target is UNRESOLVED or target is None for target in targets):
            if None in targets:
                problems.append(f"{record.where(m2m.name)}: null is not a natural key")
            return None
        return {target.pk for target in targets}

    # Pruning -------------------------------------------------------------------------------------

    def find_prunable(self):
        for fixture_file in self.records:
            keys = self.fixture_keys[fixture_file.model]
            rows = fixture_file.with_key_relations(fixture_file.rows(self.using, real_only=True))
            self.prunable[fixture_file.model] = {
                row.natural_key(): row for row in rows if row.natural_key() not in keys
            }

    def delete_prunable(self):
        problems = []
        planned = Counter()
        deleted = Counter()
        # Models that refer to others first, and within a model children before parents.
        for fixture_file in reversed(FIXTURE_FILES):
            rows = self.prunable.get(fixture_file.model, {})
            for key, row in sorted(rows.items(), key=lambda item: fixture_file.sort_key(item[1]), reverse=True):
                self.reports[fixture_file].pruned.append((key, str(row)))
                planned[fixture_file.model._meta.label] += 1
                self.about_to_write()
                try:
                    _total, per_model = row.delete()
                except (ProtectedError, RestrictedError) as error:
                    blocking = getattr(error, "protected_objects", None) or error.restricted_objects
                    users = sorted({f"{obj._meta.label_lower} {format_key(obj.natural_key())}" for obj in blocking})
                    problems.append(
                        f"--prune cannot delete {fixture_file.label} {format_key(key)}: "
                        f"still used by {', '.join(users[:5])}{' ...' if len(users) > 5 else ''}"
                    )
                    continue
                deleted.update(per_model)
        for label, count in sorted(deleted.items()):
            if apps.get_model(label)._meta.auto_created:
                continue  # links of many-to-many fields go with their rows
            if count > planned[label]:
                problems.append(
                    f"--prune would also delete {count - planned[label]} {label.lower()} rows that are not "
                    f"listed for pruning (synthetic rows or rows of a model without a fixture file)"
                )
        if problems:
            raise FixtureProblems(problems)


def reload_fixtures(directory, *, backup_dir, prune=False, dry_run=False, using=DEFAULT_DB_ALIAS):
    """Load the fixture files in directory; returns a ReloadReport or raises FixtureProblems.

    Unless dry_run, a backup of the directory's data is saved in backup_dir before the first write.
    """
    records = read_fixture_dir(directory)
    report = ReloadReport(models=[], dry_run=dry_run)

    def save_backup():
        text = backups.backup_text(using)
        if text is not None:  # an empty database has nothing worth restoring
            report.backup = backups.write_backup(backup_dir, text)

    reloader = Reloader(records, prune=prune, using=using, before_first_write=None if dry_run else save_backup)
    try:
        with transaction.atomic(using=using):
            # Search documents are refreshed, and cached pages made stale, once after every row is
            # saved, not after each row.
            with bulk_writes(using), revisions.recorded("reload_fixtures"):
                report.models = reloader.run()
            if dry_run:
                transaction.set_rollback(True, using=using)
    except FixtureProblems:
        # Rolled back: the database still holds what the backup holds.
        if report.backup is not None:
            report.backup.unlink(missing_ok=True)
        raise
    return report
