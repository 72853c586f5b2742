"""The citable data package: valid by the Frictionless validator, complete, without demo data, and on /data/."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from makerspaces.models import Region, Space, Statistic

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def export(directory):
    out = io.StringIO()
    call_command("export_datapackage", "--output", str(directory), stdout=out)
    return json.loads((directory / "datapackage.json").read_text(encoding="utf-8")), out.getvalue()


def test_the_package_passes_frictionless_validate(real_data, tmp_path):
    descriptor, output = export(tmp_path)
    assert "19 tables" in output
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-2000:]
    assert len(report["tasks"]) == len(descriptor["resources"])


def test_the_package_says_what_it_is_how_to_cite_it_and_under_which_licence(real_data, tmp_path):
    descriptor, _output = export(tmp_path)
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] in descriptor["citation"] and descriptor["created"]
    assert len(descriptor["sources"]) == 5
    spaces = next(resource for resource in descriptor["resources"] if resource["name"] == "spaces")
    assert spaces["schema"]["primaryKey"] == ["slug"]
    assert {"fields": "region", "reference": {"resource": "regions", "fields": "slug"}} in spaces["schema"][
        "foreignKeys"
    ]
    kind = next(field for field in spaces["schema"]["fields"] if field["name"] == "kind")
    assert "maker_space" in kind["constraints"]["enum"]


def test_the_package_holds_every_curated_row_and_no_demo_row(real_data, tmp_path):
    demo = Space.objects.create(slug="demo-space", name_en="Demo", region=Region.objects.get(slug="nanshan"))
    Space.objects.filter(pk=demo.pk).update(synthetic=True)
    export(tmp_path)
    spaces = rows(tmp_path / "spaces.csv")
    assert [row["slug"] for row in spaces] == sorted(
        Space.objects.filter(synthetic=False).values_list("slug", flat=True)
    )
    assert len(rows(tmp_path / "statistics.csv")) == Statistic.objects.count()


def rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_data_page_offers_the_package_and_its_citation(real_data, client):
    page = client.get(reverse("makerspaces:data")).content.decode()
    assert reverse("downloads:datapackage") in page and "Creative Commons Attribution 4.0" in page
    response = client.get(reverse("downloads:datapackage"))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "china-maker-spaces/datapackage.json" in names and "china-maker-spaces/spaces.csv" in names
