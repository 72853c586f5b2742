"""The public API: every endpoint, the directory's filters and order, cursors to the end and back, errors
in JSON (never a 500), conditional requests, the rate limit and a schema that validates."""

import datetime
import re

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from makerspaces.api import cursors

LIST_ENDPOINTS = ["spaces", "regions", "operators", "sources", "statistics"]


def api(name, *args, **query):
    return reverse(f"api:{name}", args=args, query=query or None)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(client, url):
    """Every item of a list, page by page, and the addresses of the pages read."""
    items, pages = [], []
    while url:
        pages.append(url)
        page = get(client, url)
        items.extend(page["items"])
        url = page["next"]
    return items, pages


def directory_slugs(client, **query):
    """The spaces of the directory page for the same parameters, in its order, over all its pages."""
    slugs, page = [], 1
    while True:
        content = client.get(reverse("makerspaces:space-list", query={**query, "page": page})).content.decode()
        results = content.split('class="results-list"', 1)[-1].split("</ol>", 1)[0]
        found = re.findall(r'<h3><a href="/spaces/([^/]+)/"', results)
        slugs.extend(found)
        if f"page={page + 1}" not in content or not found:
            return slugs
        page += 1


# Every endpoint --------------------------------------------------------------------------------------


def test_every_record_carries_its_evidence_and_citations(real_data, client):
    space = get(client, api("space", "wework-weihai-road"))
    assert space["kind_evidence"] == {
        "basis": "inferred",
        "reason": "WeWork is called the creator of co-working; the article does not say what kind of space its "
        "stores are.",
    }
    assert space["opened_on"] == "2016-11-01" and space["opened_evidence"]["basis"] == "inferred"
    assert space["citations"] == [{"source": "jingan-international-makers-2017", "paragraphs": [1, 6]}]
    assert space["operators"][0]["citation"] == {"source": "jingan-international-makers-2017", "paragraph": 1}
    region = get(client, api("region", "binjiang"))
    assert region["parent"] == "hangzhou" and region["parent_evidence"]["basis"] == "inferred"
    source = get(client, api("source", "binjiang-maker-space-inspection-2016"))
    assert source["paragraph_count"] == 3 and source["title"].endswith("Work of Maker Spaces")
    figures = get(client, api("statistics", metric="financing-of-served-projects"))["items"]
    assert {figure["subject"]["type"] for figure in figures} == {"group"}
    assert figures[0]["subject"]["spaces"] == ["beijing-makerspace", "people-squared"]
    assert figures[0]["citation"]["paragraph"] == 3
    operator = get(client, api("operator", "maker2"))
    assert operator["members"] == ["beijing-makerspace", "people-squared"]
    assert len(get(client, api("metrics"))) == 33


@pytest.mark.parametrize("name", LIST_ENDPOINTS)
def test_every_list_reads_to_its_end_and_back(real_data, client, name):
    items, pages = walk(client, api(name, limit=4))
    assert len(pages) > 1 and len({item["slug"] for item in items}) == len(items)
    # Back from the last page by the previous cursors: the same records, page by page.
    last = get(client, pages[-1])
    back, url = list(last["items"]), last["previous"]
    while url:
        page = get(client, url)
        back[:0] = page["items"]
        url = page["previous"]
    assert [item["slug"] for item in back] == [item["slug"] for item in items]


@pytest.mark.parametrize("name", ["space", "region", "operator", "source"])
def test_an_unknown_slug_is_a_404_in_json(real_data, client, name):
    assert get(client, api(name, "no-such-record"), 404) == {
        "detail": f"There is no {name} “no-such-record” in the directory."
    }


# The directory's filters -----------------------------------------------------------------------------

PARITY_QUERIES = [
    {},
    {"city": "shanghai"},
    {"kind": "maker_space", "sort": "-opened"},
    {"sort": "opened"},
    {"province": "guangdong", "status": "open"},
    {"q": "space"},
    {"q": "maker", "sort": "name"},
    {"designation": "municipal"},
]


@pytest.mark.parametrize("query", PARITY_QUERIES, ids=lambda query: "&".join(f"{k}={v}" for k, v in query.items()))
def test_the_same_filters_give_the_same_spaces_in_the_same_order(real_data, client, query):
    items, _pages = walk(client, api("spaces", limit=3, **query))
    assert [item["slug"] for item in items] == directory_slugs(client, **query)


@pytest.mark.parametrize("spaces", [1, 50])
def test_the_space_list_runs_a_fixed_number_of_queries(client, build_directory, django_assert_num_queries, spaces):
    build_directory(spaces)
    # Data version; the page of spaces; their services, citations with sources and roles with operators and
    # sources (three prefetches, the last two joined).
    with django_assert_num_queries(5):
        page = get(client, api("spaces", limit=100))
    assert len(page["items"]) == spaces


def test_a_deep_cursor_starts_from_its_row_not_from_the_first(client, build_directory, django_assert_num_queries):
    build_directory(50)
    first = get(client, api("spaces", limit=10))
    second = get(client, first["next"])
    assert [item["name_en"] for item in second["items"]] == [f"Space {n:03d}" for n in range(10, 20)]
    with django_assert_num_queries(5) as context:
        get(client, second["next"])
    page_query = next(query["sql"] for query in context.captured_queries if "LIMIT 11" in query["sql"])
    assert "OFFSET" not in page_query


# Bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, field",
    [
        ({"city": "atlantis"}, "city"),
        ({"opened_min": "1e999"}, "opened_min"),
        ({"kind": "castle"}, "kind"),
        ({"limit": "0"}, "limit"),
        ({"limit": "99999999999999999999"}, "limit"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(real_data, client, query, field):
    body = get(client, api("spaces", **query), 400)
    assert field in body["errors"] and body["errors"][field][0]


def test_a_cursor_altered_expired_or_from_another_query_is_refused(real_data, client, monkeypatch):
    page = get(client, api("spaces", limit=2, city="shanghai"))
    cursor = _cursor_of(page)
    altered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert "altered" in get(client, api("spaces", limit=2, city="shanghai", cursor=altered), 400)["detail"]
    other_query = api("spaces", limit=2, city="beijing", cursor=cursor)
    assert "another query" in get(client, other_query, 400)["detail"]
    other_sort = api("spaces", limit=2, city="shanghai", sort="-opened", cursor=cursor)
    assert "another query" in get(client, other_sort, 400)["detail"]
    monkeypatch.setattr(cursors, "MAX_AGE", datetime.timedelta(seconds=-1))
    assert "expired" in get(client, page["next"], 400)["detail"]


def _cursor_of(page):
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(page["next"]).query)["cursor"][0]


def test_null_bytes_and_repeated_parameters_are_answered_not_crashed(real_data, client):
    assert client.get(api("spaces") + "?q=%00").status_code == 400
    assert client.get(api("spaces") + "?city=shanghai&city=atlantis").status_code == 400
    assert client.get(api("statistics", subject="planet")).status_code == 400
    assert client.get(api("statistics", metric="no-such-metric")).status_code == 404


# HTTP ------------------------------------------------------------------------------------------------


def test_conditional_requests_are_answered_304(real_data, client):
    response = client.get(api("spaces"))
    assert response["ETag"] and "s-maxage" in response["Cache-Control"]
    assert client.get(api("spaces"), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_past_the_rate_limit_the_answer_is_429(real_data, client, settings):
    settings.API_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get(api("metrics")).status_code == 200
    response = client.get(api("metrics"))
    assert response.status_code == 429 and response.json()["detail"]


def test_the_schema_is_valid_openapi_and_its_docs_load_nothing_from_another_host(client):
    schema = get(client, "/api/v1/openapi.json")
    validate(schema)
    assert {"/api/v1/spaces", "/api/v1/statistics", "/api/v1/spaces/{slug}"} <= set(schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    content = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in content and "cdn" not in content.lower()
    assert "default-src 'self'" in docs["Content-Security-Policy"]
