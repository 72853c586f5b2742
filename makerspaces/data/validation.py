"""Checking a record before it is written: the model's validation, its database constraints evaluated
in Python, what changed, and parents ordered before their children."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, F, Q, UniqueConstraint

from ..models import Region
from .reading import is_natural_key


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
