"""restore_backup: a backup written by reload_fixtures brings the directory back, all or nothing."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from makerspaces.data import backups
from makerspaces.models import Operator, Region, Source, Space, Statistic


@pytest.fixture(autouse=True)
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


def state():
    return {
        "spaces": sorted(Space.objects.values_list("slug", "name_en", "region__slug")),
        "regions": sorted(Region.objects.values_list("slug", "path")),
        "sources": sorted(Source.objects.values_list("slug", "title")),
        "operators": sorted(Operator.objects.values_list("slug", "name_en")),
        "statistics": sorted(Statistic.objects.values_list("slug", "value")),
        "space_sources": sorted(Space.sources.through.objects.values_list("space__slug", "source__slug")),
    }


@pytest.fixture
def saved(sample, tmp_path):
    """A backup of the sample data, and the state it holds."""
    path = backups.write_backup(tmp_path / "saved", backups.backup_text())
    return path, state()


def restore(path, *options):
    out = io.StringIO()
    call_command("restore_backup", str(path), *options, stdout=out)
    return out.getvalue()


def edit_everything(sample):
    Space.objects.filter(pk=sample["space"].pk).update(name_en="Renamed by an editor")
    Space.objects.create(slug="added-later", name_en="Added later", region=sample["nanshan"])
    Statistic.objects.all().delete()


def test_restore_brings_back_the_backup_exactly(sample, saved, backup_dir):
    path, before = saved
    edit_everything(sample)
    assert state() != before

    output = restore(path)

    assert state() == before
    assert "restored" in output
    safety = list(backup_dir.iterdir())
    assert len(safety) == 1, "the data replaced is saved first"
    assert f"Backup of the data before this restore: {safety[0]}" in output
    assert "Renamed by an editor" in safety[0].read_text(encoding="utf-8")


def test_dry_run_reports_and_changes_nothing(sample, saved, backup_dir):
    path, _ = saved
    edit_everything(sample)
    edited = state()

    output = restore(path, "--dry-run")

    assert state() == edited
    assert "dry run: nothing written" in output
    spaces_line = next(line for line in output.splitlines() if line.startswith("makerspaces.space "))
    assert spaces_line.split()[1:] == [str(Space.objects.count()), str(len(saved[1]["spaces"]))]
    assert not backup_dir.exists()


def test_restored_pages_show_the_backup(sample, saved, client):
    path, _ = saved
    Space.objects.filter(pk=sample["space"].pk).update(name_en="Renamed by an editor")
    client.get("/")  # warm the cache with the edited data
    restore(path)
    assert b"Renamed by an editor" not in client.get("/spaces/").content


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "not a JSON backup"),
        ("{}", "non-empty JSON list"),
        ("[]", "non-empty JSON list"),
        ('[{"model": "auth.user", "fields": {"username": "x"}}]', "not a row of a directory model"),
        ('[{"model": "makerspaces.space", "fields": {"region": ["nowhere"], "slug": "x"}}]', "not restored"),
    ],
)
def test_a_broken_backup_changes_nothing(sample, saved, tmp_path, content, message):
    edit_everything(sample)
    edited = state()
    broken = tmp_path / "broken.json"
    broken.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        restore(broken)

    assert state() == edited


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        restore(tmp_path / "missing.json")


def test_a_backup_with_rows_that_fail_half_way_changes_nothing(sample, saved, tmp_path):
    path, _ = saved
    objects = json.loads(path.read_text(encoding="utf-8"))
    # The last object refers to a region the file does not hold: every row before it loads first.
    last_space = max(i for i, item in enumerate(objects) if item["model"] == "makerspaces.space")
    objects[last_space]["fields"]["region"] = ["no-such-region"]
    broken = tmp_path / "half.json"
    broken.write_text(json.dumps(objects), encoding="utf-8")
    edit_everything(sample)
    edited = state()

    with pytest.raises(CommandError, match="not restored"):
        restore(broken)

    assert state() == edited
