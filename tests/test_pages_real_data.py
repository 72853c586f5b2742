"""Every public page renders the curated article data: each space, region, operator, source and metric."""

import pytest
from django.conf import settings
from django.urls import reverse

from makerspaces.models import Metric, Operator, Region, Source, Space
from tests.html import structure_problems

pytestmark = pytest.mark.skipif(
    not any(settings.FIXTURE_DIR.glob("*.json")), reason="the curated fixtures are not in this checkout"
)


def test_every_page_of_the_real_data_renders(client, real_data):
    urls = [
        reverse("makerspaces:home"),
        reverse("makerspaces:space-list"),
        reverse("makerspaces:region-list"),
        reverse("makerspaces:operator-list"),
        reverse("makerspaces:source-list"),
        reverse("makerspaces:statistic-list"),
    ]
    for model in (Space, Region, Operator, Source):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls += [
        reverse("makerspaces:statistic-list", query={"metric": slug})
        for slug in Metric.objects.values_list("slug", flat=True)
    ]
    urls += [region.get_directory_url() for region in Region.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert structure_problems(response.content.decode()) == [], url


def test_facet_counts_match_their_links_on_the_real_data(client, real_data):
    from tests.html import facet_links

    for link in facet_links(client.get(reverse("makerspaces:space-list"))):
        assert client.get(link["href"]).context["paginator"].count == link["count"], link
