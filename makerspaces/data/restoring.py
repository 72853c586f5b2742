"""Restoring a backup: the directory's rows replaced by those of a backup file, in one transaction.

Backups are what ``reload_fixtures`` saves before it writes (makerspaces/data/backups.py): every row
of the directory models with natural keys, loadable with ``loaddata``. A restore deletes the
directory's rows and loads the file in one transaction, so a file that fails to load (not JSON, a
model outside the directory, a row the database refuses) leaves the database as it was. A dry run
does the same and rolls back, reporting what the file would give.
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, transaction

from ..writes import bulk_writes
from . import backups
from .files import FIXTURE_FILES
from .validation import self_references

DIRECTORY_MODELS = {fixture_file.model._meta.label_lower: fixture_file.model for fixture_file in FIXTURE_FILES}


class BackupProblem(Exception):
    """The backup cannot be restored; the database is unchanged."""


@dataclass
class RestoreReport:
    rows: dict  # model label -> (rows before, rows after)
    dry_run: bool
    safety_backup: Path | None = None


class _RollBack(Exception):
    pass


def objects_in(path):
    """How many objects of each directory model the backup file holds; BackupProblem if it is not a backup."""
    path = Path(path)
    try:
        objects = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupProblem(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupProblem(f"{path}: not a JSON backup ({error})") from None
    if not isinstance(objects, list) or not objects:
        raise BackupProblem(f"{path}: a backup is a non-empty JSON list of objects")
    counts = Counter()
    for position, item in enumerate(objects, 1):
        label = item.get("model") if isinstance(item, dict) else None
        if label not in DIRECTORY_MODELS:
            raise BackupProblem(f"{path}: object {position} is not a row of a directory model ({label!r})")
        counts[label] += 1
    return counts


def row_counts(using):
    return {label: model._default_manager.using(using).count() for label, model in DIRECTORY_MODELS.items()}


def delete_rows(fixture_file, using):
    """Every row of the model; rows a protected self-reference points at (a region's parent) go after the rows
    pointing at them."""
    rows = fixture_file.model._default_manager.using(using)
    references = self_references(fixture_file)
    while references and rows.exists():
        leaves = rows.all()
        for field in references:
            leaves = leaves.exclude(pk__in=rows.filter(**{f"{field.attname}__isnull": False}).values(field.attname))
        if not leaves.delete()[0]:
            break  # a circle of references: left to the plain delete below, which names it
    rows.all().delete()


def restore_backup(path, *, dry_run=False, backup_dir=None, using=DEFAULT_DB_ALIAS):
    """Replace the directory's rows with the backup's; BackupProblem (database unchanged) if it fails.

    With backup_dir, the rows in place are saved there first, so a restore can itself be undone.
    """
    expected = objects_in(path)
    before = row_counts(using)
    safety_backup = None
    if backup_dir is not None and not dry_run and (text := backups.backup_text(using)) is not None:
        safety_backup = backups.write_backup(backup_dir, text)
    try:
        with transaction.atomic(using=using), bulk_writes(using, bypassing_signals=True):
            for fixture_file in reversed(FIXTURE_FILES):
                delete_rows(fixture_file, using)
            call_command("loaddata", str(Path(path).resolve()), database=using, verbosity=0)
            after = row_counts(using)
            differing = {
                label: f"{expected.get(label, 0)} in the file, {after[label]} loaded"
                for label in DIRECTORY_MODELS
                if after[label] != expected.get(label, 0)
            }
            if differing:
                raise BackupProblem(f"{path}: rows loaded differ from the file's objects: {differing}")
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    except BackupProblem:
        raise
    except Exception as error:  # loaddata's errors: a row refused, a key pointing nowhere
        raise BackupProblem(f"{path}: not restored, the database is unchanged: {error}") from error
    return RestoreReport(
        rows={label: (before[label], after[label]) for label in DIRECTORY_MODELS},
        dry_run=dry_run,
        safety_backup=safety_backup,
    )
