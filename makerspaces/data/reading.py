"""Reading the fixture files into records, and every problem found on the way.

Each problem names its file, its object (position and natural key) and its field.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

from .files import FIXTURE_FILE_OF_MODEL, FIXTURE_FILES, LEFT_OUT_FIELDS, FixtureFile

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
