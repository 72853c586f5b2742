"""Downloads of what a page shows: the same spaces and figures as the page, CSV that spreadsheets cannot
run, JSON that is the API's, streamed in chunks, and a clear 400 for what cannot be downloaded."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from makerspaces.data import downloads
from makerspaces.data.csv_export import BYTE_ORDER_MARK
from makerspaces.models import Space
from tests.admin_post import admin_url
from tests.test_api import directory_slugs, walk


def download(client, kind, format, status=200, /, **query):
    response = client.get(reverse("downloads:file", kwargs={"kind": kind, "format": format}, query=query or None))
    assert response.status_code == status
    if status != 200:
        return response.content.decode()
    assert response.streaming, "downloads are streamed"
    return b"".join(response.streaming_content).decode("utf-8")


def rows_of(text):
    assert text.startswith(BYTE_ORDER_MARK)
    return list(csv.DictReader(io.StringIO(text[len(BYTE_ORDER_MARK) :])))


@pytest.mark.parametrize(
    "query", [{}, {"city": "shanghai"}, {"kind": "maker_space", "sort": "-opened"}, {"q": "space"}]
)
def test_a_download_holds_the_directorys_spaces_in_its_order(real_data, client, query):
    rows = rows_of(download(client, "spaces", "csv", **query))
    assert [row["slug"] for row in rows] == directory_slugs(client, **query)
    records = json.loads(download(client, "spaces", "json", **query))
    api_items, _pages = walk(client, reverse("api:spaces", query={**query, "limit": 100}))
    assert records == api_items, "the JSON of a download is the API's"


def test_csv_has_related_records_by_slug_and_name_and_the_cited_paragraphs(real_data, client):
    row = next(row for row in rows_of(download(client, "spaces", "csv", city="shenzhen")) if row["slug"] == "x-space")
    assert row["region"] == "nanshan" and row["region_name"] == "Nanshan District"
    assert "shenzhen-foresea-cube" in row["operators"].split("; ")
    assert "Shenzhen Foresea Cube Human Resources Management Co. Ltd." in row["operator_names"]
    assert row["sources"] == "shenzhen-x-space-launch-2017 ¶ 1–6"
    assert row["opened_on"] == "2017-09-20" and row["opened_basis"] == "inferred"


def test_a_pages_figures_download_with_it(real_data, client):
    rows = rows_of(download(client, "statistics", "csv", region="binjiang"))
    assert {row["subject"] for row in rows} == {"binjiang"} and len(rows) == 6
    assert all(row["paragraph"] == "2" and row["as_of_basis"] == "inferred" for row in rows)
    figures = json.loads(download(client, "statistics", "json", metric="financing-of-served-projects"))
    assert {figure["subject"]["type"] for figure in figures} == {"group"}
    page = client.get(reverse("makerspaces:region-detail", args=["binjiang"])).content.decode()
    assert (
        reverse("downloads:file", kwargs={"kind": "statistics", "format": "csv"}, query={"region": "binjiang"}) in page
    )


HOSTILE = ['=HYPERLINK("http://example.com")', "+1+1", "-2", "@SUM(A1)", "\tindented", "\rreturn"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_made_text(regions, make_space, client, editor_client, text):
    space = make_space(regions["nanshan"], name_en=text, description=text)
    row = rows_of(download(client, "spaces", "csv"))[0]
    assert row["name_en"] == f"'{text}" and row["description"] == f"'{text}"
    # The admin's export action as well.
    response = editor_client.post(
        admin_url(Space, "changelist"), {"action": "export_csv", "_selected_action": [str(space.pk)], "index": "0"}
    )
    exported = rows_of(response.content.decode("utf-8"))[0]
    assert exported["name_en"] == f"'{text}"


def test_a_plain_value_is_not_touched(regions, make_space, client):
    make_space(regions["nanshan"], name_en="Space 1", description="Café − 30% (2017)")
    row = rows_of(download(client, "spaces", "csv"))[0]
    assert row["name_en"] == "Space 1" and row["description"] == "Café − 30% (2017)"


def test_a_download_reads_the_database_in_chunks_as_it_streams(client, build_directory, monkeypatch):
    build_directory(50)
    monkeypatch.setattr(downloads, "CHUNK_SIZE", 10)
    response = client.get(reverse("downloads:file", kwargs={"kind": "spaces", "format": "csv"}))
    lines = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as before_any_row:
        next(lines)  # the header
    assert not any("makerspaces_space" in query["sql"] for query in before_any_row.captured_queries)
    with CaptureQueriesContext(connection) as streaming:
        rows = sum(1 for _line in lines)
    assert rows == 50
    services = [query for query in streaming.captured_queries if "makerspaces_service" in query["sql"]]
    assert len(services) == 5, "one read of each chunk's services: ten spaces at a time, not all at once"


@pytest.mark.parametrize(
    "kind, format, query, message",
    [
        ("spaces", "xml", {}, "as csv or json"),
        ("people", "csv", {}, "as csv or json"),
        ("spaces", "csv", {"city": "atlantis"}, "city: There is no such city"),
        ("spaces", "csv", {"opened_min": "99999"}, "opened_min"),
        ("statistics", "json", {"metric": "no-such-metric"}, "metric: There is no such metric"),
        ("statistics", "csv", {"subject": "planet"}, "subject"),
    ],
)
def test_what_cannot_be_downloaded_is_a_400_that_says_why(real_data, client, kind, format, query, message):
    assert message in download(client, kind, format, 400, **query)


def test_a_null_byte_is_refused_before_any_query(real_data, client):
    assert client.get("/downloads/spaces.csv?q=%00").status_code == 400


def test_the_directory_offers_its_result_by_number(real_data, client):
    page = client.get(reverse("makerspaces:space-list", query={"city": "shanghai", "page": 1})).content.decode()
    assert "Download these 10 spaces:" in page
    csv_url = reverse("downloads:file", kwargs={"kind": "spaces", "format": "csv"}, query={"city": "shanghai"})
    assert f'href="{csv_url}"' in page, "the page number is left out, every filter kept"
