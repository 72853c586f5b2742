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
from django.db.models import CheckConstraint, F, ProtectedError, Q, RestrictedError, UniqueConstraint

from . import fixtures
from .fixtures import FIXTURE_FILE_OF_MODEL, FIXTURE_FILES, LEFT_OUT_FIELDS, FixtureFile
from .models import Region
from .writes import bulk_writes

# Problems listed in one error message; the rest are counted.
MAX_PROBLEMS_SHOWN = 30

UNRESOLVED = object()


class FixtureProblems(Exception):
    """Everything found wrong with the fixtures; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def describe(self):
        lines = self.problems[:MAX_PROBLEMS_SHOWN]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"... and {len(self.problems) - MAX_PROBLEMS_SHOWN} more problems")
        return "\n".join(f"  - {line}" for line in lines)


def format_key(key):
    """A natural key as the files write it: ["x-space"], ["x-space", "foresea-cube", "operator"]."""
    return json.dumps(list(key), ensure_ascii=False)


@dataclass
class Record:
    """One object of a fixture file."""

    fixture_file: FixtureFile
    path: Path
    index: int  # position in the file, from 1
    fields: dict
    key: tuple

    def where(self, field_name=None):
        text = f"{self.path}: object {self.index} {format_key(self.key)}"
        return f"{text}, field '{field_name}'" if field_name else text


# Reading the files -------------------------------------------------------------------------------


def read_fixture_dir(directory):
    """The records of every fixture file in directory, by FixtureFile; raises FixtureProblems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FixtureProblems([f"{directory}: no such directory"])
    known = [fixture_file.filename for fixture_file in FIXTURE_FILES]
    problems = []
    unknown = sorted(
        entry.name for entry in directory.iterdir() if not entry.name.startswith(".") and entry.name not in known
    )
    if unknown:
        problems.append(
            f"{directory}: unknown files: {', '.join(unknown)}; the fixture files are named {', '.join(known)}"
        )
    records = {}
    for fixture_file in FIXTURE_FILES:
        path = directory / fixture_file.filename
        if path.is_file():
            records[fixture_file] = read_fixture_file(fixture_file, path, problems)
    if not records and not problems:
        problems.append(f"{directory}: no fixture files (expected {', '.join(known)})")
    if problems:
        raise FixtureProblems(problems)
    return records


def read_fixture_file(fixture_file, path, problems):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})")
        return []
    except json.JSONDecodeError as error:
        problems.append(f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
        return []
    if not isinstance(data, list):
        problems.append(f"{path}: expected a JSON list of objects, found {json_type(data)}")
        return []
    records = []
    first_index_of_key = {}
    for index, item in enumerate(data, start=1):
        record = parse_item(fixture_file, path, index, item, problems)
        if record is None:
            continue
        if record.key in first_index_of_key:
            problems.append(f"{record.where()}: repeats the natural key of object {first_index_of_key[record.key]}")
            continue
        first_index_of_key[record.key] = index
        records.append(record)
    return records


def json_type(value):
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def parse_item(fixture_file, path, index, item, problems):
    where = f"{path}: object {index}"
    if not isinstance(item, dict):
        problems.append(f'{where}: expected an object with "model" and "fields", found {json_type(item)}')
        return None
    if "pk" in item:
        problems.append(f'{where}: has a "pk"; fixtures name rows by natural key only')
        return None
    extra = sorted(set(item) - {"model", "fields"})
    if extra:
        problems.append(f'{where}: unexpected keys {", ".join(extra)} (an object has only "model" and "fields")')
        return None
    label = item.get("model")
    if not isinstance(label, str) or label.lower() != fixture_file.label:
        problems.append(f"{where}: {wrong_model(label, fixture_file)}")
        return None
    fields = item.get("fields")
    if not isinstance(fields, dict):
        problems.append(f'{where}: "fields" must be an object, found {json_type(fields)}')
        return None
    try:
        key = claimed_natural_key(fixture_file, fields)
    except FieldProblem as problem:
        problems.append(f"{where}, field '{problem.field_name}': {problem.message}")
        return None
    record = Record(fixture_file, path, index, fields, key)
    for name in sorted(set(fields) - set(fixture_file.field_names)):
        if name in LEFT_OUT_FIELDS:
            problems.append(f"{record.where(name)}: not kept in fixture files (computed or for demo data only)")
        else:
            problems.append(f"{record.where(name)}: {fixture_file.label} has no such field")
    return record


def wrong_model(label, fixture_file):
    if not isinstance(label, str):
        return f'"model" must name a model such as "{fixture_file.label}"'
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return f'unknown model "{label}"'
    if model in FIXTURE_FILE_OF_MODEL:
        return f"a {model._meta.label_lower} belongs in {FIXTURE_FILE_OF_MODEL[model]}, not {fixture_file}"
    return f"{model._meta.label_lower} is not a directory model; {fixture_file} holds {fixture_file.label} objects"


class FieldProblem(Exception):
    def __init__(self, field_name, message):
        super().__init__(message)
        self.field_name = field_name
        self.message = message


def claimed_natural_key(fixture_file, fields):
    """The natural key an object of a file stands for, read from its fields as natural_key() would give it."""
    parts = []
    for name in fixture_file.key_fields:
        model_field = fixture_file.model._meta.get_field(name)
        value = fields.get(name)
        if model_field.is_relation:
            if not is_natural_key(value):
                raise FieldProblem(name, 'missing or not a natural key such as ["slug"]; it is part of the natural key')
            parts.extend(value)
            continue
        if name not in fields and model_field.has_default():
            value = model_field.get_default()
        if not isinstance(value, str) or not value:
            role = "the natural key" if len(fixture_file.key_fields) == 1 else "part of the natural key"
            raise FieldProblem(name, f"missing or empty; it is {role}")
        parts.append(value)
    return tuple(parts)


def is_natural_key(value):
    return isinstance(value, list) and bool(value) and all(isinstance(part, str) for part in value)


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


# Validation ----------------------------------------------------------------------------------------


def full_clean(fixture_file, instance, using):
    """Model.full_clean(), minus the queries whose answer loading already knows.

    - Foreign keys: each was resolved to a row that exists, so only "required" is checked
      here instead of one existence query per key.
    - Unique checks: a natural key either matches its existing row or makes a new one,
      and the files hold each key once.
    - Constraints: see validate_constraints().
    """
    resolved = [fk for fk in fixture_file.foreign_keys if not fk.get_limit_choices_to()]
    errors = {}
    try:
        instance.full_clean(exclude=[fk.name for fk in resolved], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for fk in resolved:
        if getattr(instance, fk.attname) is None and not fk.null:
            errors.setdefault(fk.name, []).append(ValidationError(fk.error_messages["null"], code="null"))
    try:
        # Like full_clean(), skip constraints on fields that already failed.
        validate_constraints(fixture_file, instance, using, exclude=set(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class NotEvaluable(Exception):
    """A condition this module cannot evaluate in Python; the database evaluates it instead."""


class ExcludedField(Exception):
    """A condition on a field left out of validation, which is therefore skipped."""


def validate_constraints(fixture_file, instance, using, exclude=frozenset()):
    """What Model.validate_constraints() checks, without a query per check constraint.

    Django evaluates each check constraint with a query (hundreds per reload, most of its
    time). The conditions here are plain comparisons, which evaluate the same in Python
    with SQL's rule that an unknown (NULL) outcome passes; any other condition goes to
    the database as Django would send it. Unique constraints on the natural key are
    already guaranteed by loading each key once.
    """
    model = fixture_file.model
    values = {"pk": instance.pk}
    for model_field in model._meta.concrete_fields:
        if model_field.name not in exclude:
            values[model_field.name] = values[model_field.attname] = getattr(instance, model_field.attname)
    errors = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and set(constraint.fields) == set(fixture_file.key_fields):
            continue
        if isinstance(constraint, CheckConstraint):
            try:
                holds = evaluate(constraint.condition, values) is not False
            except ExcludedField:
                continue
            except NotEvaluable:
                pass
            else:
                if not holds:
                    errors.append(
                        ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
                    )
                continue
        try:
            constraint.validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError({NON_FIELD_ERRORS: errors})


COMPARISONS = {
    "exact": lambda value, other: value == other,
    "in": lambda value, other: value in other,
    "gt": lambda value, other: value > other,
    "gte": lambda value, other: value >= other,
    "lt": lambda value, other: value < other,
    "lte": lambda value, other: value <= other,
}


def evaluate(condition, values):
    """True, False or None (SQL's unknown) for a Q of plain lookups on the row's own fields."""
    if isinstance(condition, Q):
        outcomes = [evaluate(child, values) for child in condition.children]
        if condition.connector == Q.AND:
            outcome = False if False in outcomes else (None if None in outcomes else True)
        elif condition.connector == Q.OR:
            outcome = True if True in outcomes else (None if None in outcomes else False)
        else:
            raise NotEvaluable(condition)
        return outcome if outcome is None or not condition.negated else not outcome
    if not isinstance(condition, tuple):
        raise NotEvaluable(condition)
    lookup, other = condition
    name, _, comparison = lookup.partition("__")
    comparison = comparison or "exact"
    if "__" in comparison or comparison not in (*COMPARISONS, "isnull"):
        raise NotEvaluable(condition)
    if name not in values:
        raise ExcludedField(name)
    value = values[name]
    if comparison == "isnull":
        return (value is None) == bool(other)
    if comparison == "exact" and other is None:
        return value is None  # Django turns "= None" into IS NULL
    if isinstance(other, F):
        if other.name not in values:
            raise ExcludedField(other.name)
        other = values[other.name]
    elif hasattr(other, "resolve_expression"):
        raise NotEvaluable(condition)
    if value is None or other is None:
        return None
    if comparison == "in" and None in other:
        raise NotEvaluable(condition)
    return COMPARISONS[comparison](value, other)


def changed_fields(fixture_file, instance, existing):
    """Names of the fields where the record differs from its row (many-to-many fields are compared later)."""
    changed = [
        model_field.name
        for model_field in fixture_file.fields
        if getattr(instance, model_field.attname) != getattr(existing, model_field.attname)
    ]
    if getattr(existing, "synthetic", False):
        changed.append("synthetic")  # a row the files hold is curated data from now on
    if fixture_file.model is Region and instance.compute_path() != existing.path:
        changed.append("path")
    return changed


def self_references(fixture_file):
    return [model_field for model_field in fixture_file.foreign_keys if model_field.related_model is fixture_file.model]


def parents_first(fixture_file, records, problems):
    """Records in file order, except that a record comes after the record its self-reference names."""
    references = self_references(fixture_file)
    if not references:
        return records
    by_key = {record.key: record for record in records}
    ordered, done, cyclic = [], set(), set()

    def visit(record, chain):
        if record.key in done or record.key in cyclic:
            return
        if record.key in chain:
            cyclic.update(chain)
            problems.append(f"{record.where(references[0].name)}: the chain of {references[0].name}s loops back here")
            return
        for reference in references:
            value = record.fields.get(reference.name)
            target = by_key.get(tuple(value)) if is_natural_key(value) else None
            if target is not None:
                visit(target, chain | {record.key})
        if record.key not in cyclic:
            done.add(record.key)
            ordered.append(record)

    for record in records:
        visit(record, frozenset())
    return ordered


def reload_fixtures(directory, *, backup_dir, prune=False, dry_run=False, using=DEFAULT_DB_ALIAS):
    """Load the fixture files in directory; returns a ReloadReport or raises FixtureProblems.

    Unless dry_run, a backup of the directory's data is saved in backup_dir before the first write.
    """
    records = read_fixture_dir(directory)
    report = ReloadReport(models=[], dry_run=dry_run)

    def save_backup():
        text = fixtures.backup_text(using)
        if text is not None:  # an empty database has nothing worth restoring
            report.backup = fixtures.write_backup(backup_dir, text)

    reloader = Reloader(records, prune=prune, using=using, before_first_write=None if dry_run else save_backup)
    try:
        with transaction.atomic(using=using):
            # Search documents are refreshed, and cached pages made stale, once after every row is
            # saved, not after each row.
            with bulk_writes(using):
                report.models = reloader.run()
            if dry_run:
                transaction.set_rollback(True, using=using)
    except FixtureProblems:
        # Rolled back: the database still holds what the backup holds.
        if report.backup is not None:
            report.backup.unlink(missing_ok=True)
        raise
    return report
