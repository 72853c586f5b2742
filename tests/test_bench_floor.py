"""The benchmark's floor page: one query, twelve rows, escaped."""

from django.test import RequestFactory

from core.views import bench_floor
from makerspaces.models import Metric


def test_floor_reads_twelve_rows_in_one_query(db, django_assert_num_queries):
    for n in range(15):
        Metric.objects.create(slug=f"metric-{n}", name=f"<b>Metric {n}</b>")
    with django_assert_num_queries(1):  # the whole point of the floor: a single SELECT
        response = bench_floor(RequestFactory().get("/bench/floor/"))
    body = response.content.decode()
    assert body.count("<tr><td>") == 12
    assert "&lt;b&gt;Metric 0&lt;/b&gt;" in body
    assert "<b>" not in body
