"""The CSV export action: exactly the selected rows, readable by Excel, related rows by slug."""

import csv
import io

import pytest

from makerspaces.data.csv_export import BYTE_ORDER_MARK
from makerspaces.models import Space
from tests.admin_post import DIRECTORY_MODELS, admin_url


def export(client, model, rows):
    response = client.post(
        admin_url(model, "changelist"),
        {"action": "export_csv", "_selected_action": [str(row.pk) for row in rows], "index": "0"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.content.decode("utf-8")
    assert text.startswith(BYTE_ORDER_MARK)
    return list(csv.DictReader(io.StringIO(text[len(BYTE_ORDER_MARK) :])))


def test_export_holds_exactly_the_selected_spaces(editor_client, sample, make_space, source):
    nanshan = sample["nanshan"]
    other = make_space(nanshan, slug="other", name_en="Other Space", name_zh="别的空间")
    make_space(nanshan, slug="not-selected", name_en="Not Selected")
    rows = export(editor_client, Space, [sample["space"], other])
    assert sorted(row["slug"] for row in rows) == ["other", "x-space"]
    x_space = next(row for row in rows if row["slug"] == "x-space")
    assert x_space["name_zh"] == "X空间"
    assert x_space["region"] == "nanshan"
    assert x_space["operators"] == "foresea-cube"
    assert x_space["services"] == "mentoring"
    assert x_space["sources"] == source.slug
    assert x_space["synthetic"] == "no"
    assert list(rows[0])[:5] == ["slug", "name_en", "name_zh", "name_zh_basis", "name_zh_reason"]
    assert "id" not in rows[0]


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda model: model._meta.model_name)
def test_every_directory_model_exports_its_selected_rows(editor_client, sample, model):
    selected = list(model.objects.all()[:1])
    if not selected:
        pytest.skip(f"the sample has no {model._meta.verbose_name}")
    rows = export(editor_client, model, selected)
    assert len(rows) == 1
    # The row is the selected one: its natural key (slug, or the composite key's columns) matches.
    key_columns = ["slug"] if "slug" in rows[0] else list(selected[0]._meta.constraints[0].fields)
    assert tuple(rows[0][column] for column in key_columns) == selected[0].natural_key()


@pytest.mark.parametrize("count", [1, 20])
def test_the_export_runs_a_fixed_number_of_queries(
    editor_client, regions, make_space, django_assert_num_queries, count
):
    spaces = [make_space(regions["nanshan"]) for _ in range(count)]
    # session, user, two permission queries; the changelist the action runs on (its city filter, two
    # counts); then the selected rows with their region, and one query per many-to-many field
    # (services, operators, sources).
    with django_assert_num_queries(11):
        rows = export(editor_client, Space, spaces)
    assert len(rows) == count
