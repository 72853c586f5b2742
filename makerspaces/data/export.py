"""Writing the fixture files from the database (``export_fixtures``), each in one step."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS

from .files import FIXTURE_FILES, fixture_content


def write_text_atomically(path, text):
    """Replace the file in one step, so that a reader never sees half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class ExportedFile:
    path: Path
    count: int
    changed: bool


def export_fixtures(directory, using=DEFAULT_DB_ALIAS):
    """Write every fixture file from the database; files already up to date are left untouched."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    exported = []
    for fixture_file in FIXTURE_FILES:
        text, count = fixture_content(fixture_file, using)
        path = directory / fixture_file.filename
        changed = not path.exists() or path.read_bytes() != text.encode("utf-8")
        if changed:
            write_text_atomically(path, text)
        exported.append(ExportedFile(path, count, changed))
    return exported
