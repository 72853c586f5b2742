"""Fixtures carry natural keys only, and they survive a dump and load."""

import json

from django.core.management import call_command

from makerspaces.models import Region, Space, SpaceOperator, Statistic

MODELS = ["makerspaces"]


def test_natural_keys_round_trip(sample, tmp_path):
    dump = tmp_path / "dump.json"
    call_command("dumpdata", *MODELS, natural_foreign=True, natural_primary=True, indent=2, output=str(dump))
    records = json.loads(dump.read_text())
    assert records, "the dump holds the sample data"
    assert all("pk" not in record for record in records), "no integer ids in the dump"

    before = {
        "spaces": list(Space.objects.values_list("slug", "region__slug")),
        "roles": list(SpaceOperator.objects.values_list("space__slug", "operator__slug", "role")),
        "statistics": sorted(Statistic.objects.values_list("slug", "value", "region__slug", "space__slug")),
    }
    Statistic.objects.all().delete()
    SpaceOperator.objects.all().delete()
    Space.objects.all().delete()

    call_command("loaddata", str(dump))
    after = {
        "spaces": list(Space.objects.values_list("slug", "region__slug")),
        "roles": list(SpaceOperator.objects.values_list("space__slug", "operator__slug", "role")),
        "statistics": sorted(Statistic.objects.values_list("slug", "value", "region__slug", "space__slug")),
    }
    assert after == before
    assert Space.objects.get(slug="x-space").sources.count() == 1
    assert Region.objects.get(slug="nanshan").path == "china/guangdong/shenzhen/nanshan"


def test_loaddata_without_path_computes_it(regions, tmp_path):
    """Fixture files leave the computed path out; loading them still builds it."""
    dump = tmp_path / "regions.json"
    call_command("dumpdata", "makerspaces.region", natural_foreign=True, natural_primary=True, output=str(dump))
    records = json.loads(dump.read_text())
    for record in records:
        del record["fields"]["path"]
    records.sort(key=lambda record: len(regions[record["fields"]["slug"]].path))
    dump.write_text(json.dumps(records))
    Region.objects.update(path="")
    call_command("loaddata", str(dump))
    assert Region.objects.get(slug="nanshan").path == "china/guangdong/shenzhen/nanshan"
