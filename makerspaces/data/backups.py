"""Backups: every row of the directory, saved before a reload writes, loadable with ``loaddata``."""

from itertools import chain
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from .files import FIXTURE_FILES, serialize


def backup_text(using=DEFAULT_DB_ALIAS):
    """Every row of the directory models, synthetic ones and computed fields included, in loading order.

    The result loads with `manage.py loaddata`. None when there is nothing to back up.
    """
    rows = [fixture_file.sorted_for_serializing(fixture_file.rows(using)) for fixture_file in FIXTURE_FILES]
    if not any(rows):
        return None
    return serialize(chain.from_iterable(rows))


def write_backup(directory, text):
    """Save text as backups/backup-YYYYmmdd-HHMMSS.json (with a suffix if that name is taken)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"backup-{timezone.localtime():%Y%m%d-%H%M%S}"
    for attempt in range(1, 1000):
        path = directory / (f"{stem}.json" if attempt == 1 else f"{stem}-{attempt}.json")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{directory}: too many backups named {stem}*.json")
