"""reload_fixtures and export_fixtures: the curated data set goes in and out of the database intact."""

import datetime
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from makerspaces.data.files import FIXTURE_FILES
from makerspaces.models import (
    COUNT_MODELS,
    Designation,
    Metric,
    Operator,
    Person,
    PersonRole,
    Region,
    Service,
    Source,
    Space,
    SpaceGroup,
    SpaceOperator,
    Statistic,
    paragraph_digest,
)

ROOT = Path(__file__).resolve().parent.parent
FILENAMES = [fixture_file.filename for fixture_file in FIXTURE_FILES]


# Helpers ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def backup_dir(settings, tmp_path):
    """Backups go to the test's own directory, never to the project's backups/."""
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


def reload(directory, *options):
    out = io.StringIO()
    call_command("reload_fixtures", "--fixture-dir", str(directory), *options, stdout=out)
    return out.getvalue()


def export(directory):
    out = io.StringIO()
    call_command("export_fixtures", "--fixture-dir", str(directory), stdout=out)
    return out.getvalue()


def report_counts(output):
    """{file name or "total": (created, updated, unchanged, pruned)} from the report table."""
    counts = {}
    for line in output.splitlines():
        match = re.fullmatch(r"(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", line.strip())
        if match:
            counts[match[1]] = tuple(int(number) for number in match.groups()[1:])
    return counts


def object_count(directory):
    return sum(len(json.loads((Path(directory) / name).read_text())) for name in FILENAMES)


def database_state():
    """Every row of the app with its id: any write shows up here."""
    out = io.StringIO()
    call_command("dumpdata", "makerspaces", stdout=out)
    return out.getvalue()


def natural_state():
    """Every row of the app by natural key (ids left out), as a sorted list of JSON strings."""
    out = io.StringIO()
    call_command("dumpdata", "makerspaces", natural_foreign=True, natural_primary=True, stdout=out)
    return sorted(json.dumps(record, sort_keys=True) for record in json.loads(out.getvalue()))


def wipe():
    for model in (
        Statistic,
        SpaceGroup,
        PersonRole,
        Person,
        Designation,
        SpaceOperator,
        Space,
        Operator,
        Metric,
        Service,
    ):
        model.objects.all().delete()
    for region in sorted(Region.objects.all(), key=lambda region: -len(region.path)):
        region.delete()
    Source.objects.all().delete()


def read(directory, name):
    return json.loads((Path(directory) / name).read_text(encoding="utf-8"))


def write(directory, name, records):
    (Path(directory) / name).write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")


def find(records, slug):
    return next(record for record in records if record["fields"].get("slug") == slug)


def writes_in(queries):
    return [
        query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.fixture
def fixture_dir(sample, source, tmp_path):
    """The sample data, with a second source on X-Space and a joint venture, exported to fixture files."""
    earlier = Source.objects.create(slug="a-earlier", title="Earlier article", published_on=datetime.date(2016, 1, 1))
    sample["space"].sources.add(earlier)
    source.paragraph_digests = "\n".join(paragraph_digest(f"Paragraph {n}") for n in (1, 2, 3))
    source.save()
    venture = Operator.objects.create(slug="a-venture", name_en="A Venture", kind="joint_venture")
    venture.members.add(sample["operator"])
    directory = tmp_path / "fixtures"
    export(directory)
    return directory


# Layout ----------------------------------------------------------------------------------------


def test_every_directory_model_has_a_file_loaded_after_the_models_it_refers_to():
    position = {fixture_file.model: index for index, fixture_file in enumerate(FIXTURE_FILES)}
    assert set(position) == set(apps.get_app_config("makerspaces").get_models()) - set(COUNT_MODELS)
    for fixture_file in FIXTURE_FILES:
        for field in (*fixture_file.foreign_keys, *fixture_file.many_to_many):
            assert position[field.related_model] <= position[fixture_file.model], (fixture_file, field.name)


# Loading and idempotence -----------------------------------------------------------------------


def test_reload_into_empty_database_recreates_the_data(fixture_dir):
    before = natural_state()
    wipe()

    counts = report_counts(reload(fixture_dir))

    assert counts["total"] == (object_count(fixture_dir), 0, 0, 0)
    assert counts["spaces.json"] == (1, 0, 0, 0)
    assert natural_state() == before
    assert Region.objects.get(slug="nanshan").path == "china/guangdong/shenzhen/nanshan"


def test_second_reload_changes_nothing_and_writes_nothing(fixture_dir, backup_dir):
    wipe()
    reload(fixture_dir)
    state = database_state()

    with CaptureQueriesContext(connection) as queries:
        output = reload(fixture_dir)

    assert report_counts(output)["total"] == (0, 0, object_count(fixture_dir), 0)
    assert writes_in(queries) == []
    assert database_state() == state
    assert "Nothing changed; no backup needed." in output
    assert not backup_dir.exists(), "no backup when nothing changes (and none for an empty database)"


def test_reload_updates_exactly_the_rows_that_differ(fixture_dir):
    spaces = read(fixture_dir, "spaces.json")
    find(spaces, "x-space")["fields"]["name_en"] = "X-Space Shenzhen"
    write(fixture_dir, "spaces.json", spaces)
    citations = read(fixture_dir, "operator_sources.json")
    cited = {"operator": ["foresea-cube"], "source": ["test-article"], "paragraphs": "2"}
    citations.append({"model": "makerspaces.operatorsource", "fields": cited})
    write(fixture_dir, "operator_sources.json", citations)
    space_citations = read(fixture_dir, "space_sources.json")
    next(row for row in space_citations if row["fields"]["source"] == ["test-article"])["fields"]["paragraphs"] = "1, 2"
    write(fixture_dir, "space_sources.json", space_citations)

    output = reload(fixture_dir, "-v", "2")

    counts = report_counts(output)
    assert counts["spaces.json"] == (0, 1, 0, 0)
    assert counts["operator_sources.json"][:2] == (1, 0)
    assert counts["space_sources.json"][:2] == (0, 1)
    assert counts["total"][:2] == (1, 2)
    assert 'updated makerspaces.space ["x-space"]: name_en' in output
    assert 'updated makerspaces.spacesource ["x-space", "test-article"]: paragraphs' in output
    assert counts["sources.json"] == (0, 0, 2, 0)
    assert Space.objects.get(slug="x-space").name_en == "X-Space Shenzhen"
    assert list(Operator.objects.get(slug="foresea-cube").sources.values_list("slug", flat=True)) == ["test-article"]
    assert Space.objects.get(slug="x-space").citations.get(source__slug="test-article").paragraphs == "1, 2"


def test_reload_reads_settings_fixture_dir_by_default(fixture_dir, settings):
    settings.FIXTURE_DIR = fixture_dir
    wipe()
    out = io.StringIO()
    call_command("reload_fixtures", stdout=out)
    assert report_counts(out.getvalue())["total"][0] == object_count(fixture_dir)


def test_parents_and_members_may_come_later_in_their_files(db, tmp_path):
    """Regions load parent-first whatever the file order; a joint venture may name members listed after it."""
    directory = tmp_path / "fixtures"
    directory.mkdir()
    write(
        directory,
        "sources.json",
        [{"model": "makerspaces.source", "fields": {"slug": "article", "title": "Article"}}],
    )
    regions = [
        {"slug": "nanshan", "name_en": "Nanshan", "kind": "district", "parent": ["shenzhen"]},
        {"slug": "shenzhen", "name_en": "Shenzhen", "kind": "city", "parent": ["china"]},
        {"slug": "china", "name_en": "China", "kind": "country"},
    ]
    write(directory, "regions.json", [{"model": "makerspaces.region", "fields": fields} for fields in regions])
    write(
        directory,
        "operators.json",
        [
            {
                "model": "makerspaces.operator",
                "fields": {
                    "slug": "maker2",
                    "name_en": "Maker2",
                    "kind": "joint_venture",
                    "members": [["people-squared"], ["beijing-makerspace"]],
                },
            },
            {"model": "makerspaces.operator", "fields": {"slug": "people-squared", "name_en": "P2", "kind": "company"}},
            {
                "model": "makerspaces.operator",
                "fields": {"slug": "beijing-makerspace", "name_en": "BM", "kind": "company"},
            },
        ],
    )

    output = reload(directory)

    assert Region.objects.get(slug="nanshan").path == "china/shenzhen/nanshan"
    members = Operator.objects.get(slug="maker2").members.order_by("slug").values_list("slug", flat=True)
    assert list(members) == ["beijing-makerspace", "people-squared"]
    assert "spaces.json" in output and "(no file: not loaded, not pruned)" in output


def test_moving_a_region_moves_the_paths_below_it(fixture_dir):
    regions = read(fixture_dir, "regions.json")
    find(regions, "shenzhen")["fields"]["parent"] = ["china"]
    write(fixture_dir, "regions.json", regions)

    counts = report_counts(reload(fixture_dir))

    assert counts["regions.json"] == (0, 1, 4, 0)
    assert Region.objects.get(slug="shenzhen").path == "china/shenzhen"
    assert Region.objects.get(slug="nanshan").path == "china/shenzhen/nanshan"


# Broken fixtures -------------------------------------------------------------------------------


def truncate_spaces(directory):
    path = directory / "spaces.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def point_space_region_nowhere(directory):
    spaces = read(directory, "spaces.json")
    find(spaces, "x-space")["fields"]["region"] = ["atlantis"]
    write(directory, "spaces.json", spaces)


def make_statistic_negative(directory):
    statistics = read(directory, "statistics.json")
    statistics[0]["fields"]["value"] = "-5"
    write(directory, "statistics.json", statistics)


def drop_space_name(directory):
    spaces = read(directory, "spaces.json")
    del find(spaces, "x-space")["fields"]["name_en"]
    write(directory, "spaces.json", spaces)


def drop_statistic_source(directory):
    statistics = read(directory, "statistics.json")
    del statistics[-1]["fields"]["source"]
    write(directory, "statistics.json", statistics)


def name_unknown_model(directory):
    metrics = read(directory, "metrics.json")
    metrics[0]["model"] = "makerspaces.spaceship"
    write(directory, "metrics.json", metrics)


def repeat_a_person(directory):
    people = read(directory, "people.json")
    write(directory, "people.json", [*people, people[0]])


def add_stray_file(directory):
    (directory / "notes.txt").write_text("to do\n")


def give_designation_implausible_year(directory):
    designations = read(directory, "designations.json")
    designations[0]["fields"]["year"] = 1066
    write(directory, "designations.json", designations)


BROKEN = {
    "truncated file": (truncate_spaces, ["spaces.json", "invalid JSON at line"]),
    "unknown natural key": (point_space_region_nowhere, ["spaces.json", '["x-space"]', "field 'region'", "atlantis"]),
    "negative figure": (make_statistic_negative, ["statistics.json", "object 1", "field 'value'", "greater than"]),
    "missing required field": (drop_space_name, ["spaces.json", '["x-space"]', "field 'name_en'", "missing"]),
    "missing required reference": (drop_statistic_source, ["statistics.json", "field 'source'", "cannot be null"]),
    "unknown model": (name_unknown_model, ["metrics.json", "object 1", 'unknown model "makerspaces.spaceship"']),
    "duplicate natural key": (repeat_a_person, ["people.json", '["zhu-lingling"]', "repeats the natural key"]),
    "unknown file": (add_stray_file, ["notes.txt", "unknown files"]),
    "constraint only the database states": (
        give_designation_implausible_year,
        ["designations.json", '["x-space-municipal"]', "designation_year_plausible"],
    ),
}


@pytest.mark.parametrize("breakage", BROKEN.values(), ids=BROKEN.keys())
def test_broken_fixtures_change_nothing_and_say_where(fixture_dir, backup_dir, breakage):
    break_fixtures, expected_in_message = breakage
    break_fixtures(fixture_dir)
    # Make the database differ from the files, so that the reload writes before it meets the problem.
    Source.objects.filter(slug="test-article").update(title="Retitled by an editor")
    Service.objects.all().delete()
    state = database_state()

    with pytest.raises(CommandError) as raised:
        reload(fixture_dir)

    message = str(raised.value)
    for expected in expected_in_message:
        assert expected in message
    assert "nothing was changed" in message
    assert database_state() == state
    assert not backup_dir.exists() or not any(backup_dir.iterdir()), "a rolled-back reload leaves no backup"


def test_broken_fixture_exits_with_non_zero_status(tmp_path):
    directory = tmp_path / "fixtures"
    directory.mkdir()
    (directory / "sources.json").write_text('[\n{\n  "model": "makerspaces.source",\n  "fields": {\n', encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env["SQLITE_PATH"] = str(tmp_path / "unused.sqlite3")

    result = subprocess.run(
        [sys.executable, "manage.py", "reload_fixtures", "--fixture-dir", str(directory)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "sources.json: invalid JSON at line 5" in result.stderr


# Export ----------------------------------------------------------------------------------------


def test_export_writes_the_documented_format(fixture_dir):
    assert sorted(path.name for path in fixture_dir.iterdir()) == sorted(FILENAMES)
    spaces_text = (fixture_dir / "spaces.json").read_text(encoding="utf-8")
    assert spaces_text.startswith('[\n{\n  "model": "makerspaces.space",\n  "fields": {\n    "slug": "x-space",')
    assert spaces_text.endswith("}\n]\n")
    assert "X空间" in spaces_text, "non-ASCII text is written as is"
    for name in FILENAMES:
        for record in read(fixture_dir, name):
            assert set(record) == {"model", "fields"}, "no pk: rows are named by natural key"
            assert not {"path", "synthetic"} & set(record["fields"])
    space = find(read(fixture_dir, "spaces.json"), "x-space")["fields"]
    assert space["region"] == ["nanshan"]
    assert "sources" not in space, "a space's sources are citations, in a file of their own"
    cited = [record["fields"]["source"] for record in read(fixture_dir, "space_sources.json")]
    assert cited == [["a-earlier"], ["test-article"]], "citations in natural key order"
    region_slugs = [record["fields"]["slug"] for record in read(fixture_dir, "regions.json")]
    assert region_slugs == ["china", "beijing", "guangdong", "shenzhen", "nanshan"], "regions by path"
    roles = read(fixture_dir, "space_operators.json")
    assert [record["fields"]["space"] for record in roles] == [["x-space"]]


def test_reload_then_export_is_byte_for_byte_identical(fixture_dir, tmp_path):
    original = {name: (fixture_dir / name).read_bytes() for name in FILENAMES}
    wipe()
    reload(fixture_dir)

    output = export(fixture_dir)
    export(tmp_path / "again")

    assert {name: (fixture_dir / name).read_bytes() for name in FILENAMES} == original
    assert {name: (tmp_path / "again" / name).read_bytes() for name in FILENAMES} == original
    assert output.count("unchanged") == len(FILENAMES)


def test_export_leaves_synthetic_rows_out(fixture_dir, regions, tmp_path):
    demo_region = Region.objects.create(slug="demo-district", name_en="Demo", kind="district", parent=regions["china"])
    Region.objects.filter(pk=demo_region.pk).update(synthetic=True)
    demo_space = Space.objects.create(slug="demo-space", name_en="Demo space", region=regions["nanshan"])
    Space.objects.filter(pk=demo_space.pk).update(synthetic=True)
    SpaceOperator.objects.create(
        space=demo_space,
        operator=Operator.objects.get(slug="foresea-cube"),
        source=Source.objects.get(slug="test-article"),
    )

    export(tmp_path / "out")

    for name in FILENAMES:
        assert (tmp_path / "out" / name).read_bytes() == (fixture_dir / name).read_bytes()


# Dry run, prune, backups -----------------------------------------------------------------------


def test_dry_run_reports_and_writes_nothing(fixture_dir, backup_dir):
    wipe()
    state = database_state()

    output = reload(fixture_dir, "--dry-run")

    assert report_counts(output)["total"] == (object_count(fixture_dir), 0, 0, 0)
    assert "dry run" in output
    assert database_state() == state
    assert not backup_dir.exists()


@pytest.fixture
def editor_and_demo_rows(sample, fixture_dir):
    """Rows an editor added in the admin after the export, and generated demo rows."""
    editor_source = Source.objects.create(slug="editor-source", title="Added by an editor")
    editor_space = Space.objects.create(slug="editor-space", name_en="Editor space", region=sample["nanshan"])
    editor_space.sources.add(editor_source)
    Statistic.objects.create(
        slug="editor-figure",
        metric=Metric.objects.get(),
        space=editor_space,
        value=3,
        unit="count",
        as_of=datetime.date(2018, 1, 1),
        source=editor_source,
    )
    demo_region = Region.objects.create(
        slug="demo-district", name_en="Demo", kind="district", parent=sample["shenzhen"]
    )
    demo_space = Space.objects.create(slug="demo-space", name_en="Demo space", region=demo_region)
    Region.objects.filter(pk=demo_region.pk).update(synthetic=True)
    Space.objects.filter(pk=demo_space.pk).update(synthetic=True)
    demo_figure = Statistic.objects.create(
        slug="demo-figure",
        metric=Metric.objects.get(),
        region=demo_region,
        value=7,
        unit="count",
        as_of=datetime.date(2018, 1, 1),
        source=Source.objects.get(slug="test-article"),
        synthetic=True,
    )
    return {"demo": {"demo-district", "demo-space", demo_figure.slug}}


def slugs(model):
    return set(model.objects.values_list("slug", flat=True))


def test_rows_editors_added_are_kept_without_prune(fixture_dir, editor_and_demo_rows):
    counts = report_counts(reload(fixture_dir))

    assert counts["total"][3] == 0
    assert {"editor-source", "test-article"} <= slugs(Source)
    assert "editor-space" in slugs(Space)
    assert "editor-figure" in slugs(Statistic)


def test_prune_deletes_exactly_the_rows_no_fixture_holds(fixture_dir, editor_and_demo_rows, backup_dir):
    fixture_slugs = {name: {record["fields"].get("slug") for record in read(fixture_dir, name)} for name in FILENAMES}

    output = reload(fixture_dir, "--prune")

    counts = report_counts(output)
    assert counts["sources.json"][3] == 1
    assert counts["spaces.json"][3] == 1
    assert counts["statistics.json"][3] == 1
    assert counts["space_sources.json"][3] == 1, "the editor space's citation goes with it"
    assert counts["total"][3] == 4
    assert 'pruned makerspaces.space ["editor-space"]: Editor space' in output
    assert slugs(Source) == fixture_slugs["sources.json"]
    assert slugs(Space) == fixture_slugs["spaces.json"] | {"demo-space"}
    assert slugs(Region) == fixture_slugs["regions.json"] | {"demo-district"}
    assert slugs(Statistic) == fixture_slugs["statistics.json"] | {"demo-figure"}
    assert Space.objects.get(slug="x-space").sources.count() == 2
    assert len(list(backup_dir.iterdir())) == 1


def test_prune_dry_run_lists_rows_and_keeps_them(fixture_dir, editor_and_demo_rows):
    state = database_state()
    output = reload(fixture_dir, "--prune", "--dry-run")
    assert 'would prune makerspaces.source ["editor-source"]: Added by an editor' in output
    assert database_state() == state


def test_prune_stops_rather_than_delete_demo_rows_with_a_pruned_row(fixture_dir, editor_and_demo_rows):
    Statistic.objects.filter(slug="demo-figure").update(region=None, space=Space.objects.get(slug="editor-space"))
    state = database_state()

    with pytest.raises(CommandError, match="would also delete 1 makerspaces.statistic rows"):
        reload(fixture_dir, "--prune")

    assert database_state() == state


def test_prune_refuses_fixtures_that_refer_to_rows_it_would_delete(fixture_dir, editor_and_demo_rows):
    citations = read(fixture_dir, "space_sources.json")
    cited = {"space": ["x-space"], "source": ["editor-source"], "paragraphs": ""}
    citations.append({"model": "makerspaces.spacesource", "fields": cited})
    write(fixture_dir, "space_sources.json", citations)
    state = database_state()

    with pytest.raises(CommandError, match=r"field 'source': \[\"editor-source\"\] is in no fixture file"):
        reload(fixture_dir, "--prune")

    assert database_state() == state


def test_backup_holds_the_data_before_the_reload_and_loads_with_loaddata(fixture_dir, editor_and_demo_rows, backup_dir):
    Source.objects.filter(slug="test-article").update(title="Retitled by an editor")
    before = natural_state()

    output = reload(fixture_dir, "--prune")

    backups = list(backup_dir.iterdir())
    assert len(backups) == 1
    assert re.fullmatch(r"backup-\d{8}-\d{6}\.json", backups[0].name)
    assert f"Backup of the data before this reload: {backups[0]}" in output
    assert Source.objects.get(slug="test-article").title == "Test article"

    wipe()
    call_command("loaddata", str(backups[0]), verbosity=0)
    assert natural_state() == before
    assert Region.objects.get(slug="demo-district").synthetic


# The real data set -----------------------------------------------------------------------------


def real_fixture_dir():
    directory = Path(django_settings.FIXTURE_DIR)
    if not directory.is_dir() or not any(directory.glob("*.json")):
        pytest.skip(f"{directory} has no JSON fixture files yet")
    return directory


def test_every_fact_in_the_real_fixtures_cites_a_source(db):
    reload(real_fixture_dir())

    spaces = Space.objects.exclude(sources__isnull=False).exclude(operator_roles__isnull=False)
    operators = Operator.objects.exclude(sources__isnull=False).exclude(space_roles__isnull=False)
    assert Space.objects.exists()
    assert list(spaces.values_list("slug", flat=True)) == [], "spaces citing no source"
    assert list(operators.values_list("slug", flat=True)) == [], "operators citing no source"
    assert not Statistic.objects.filter(source__isnull=True).exists()


def test_real_fixtures_reload_and_export_byte_for_byte(db, tmp_path):
    directory = real_fixture_dir()
    reload(directory)
    export(tmp_path / "exported")

    files = sorted(path.name for path in directory.iterdir() if not path.name.startswith("."))
    assert sorted(path.name for path in (tmp_path / "exported").iterdir()) == files
    for name in files:
        assert (tmp_path / "exported" / name).read_bytes() == (directory / name).read_bytes(), (
            f"{name} is not in export format: run `manage.py reload_fixtures && manage.py export_fixtures`"
        )
