"""The directory's search: documents kept current, the same results on SQLite and PostgreSQL, typing mistakes."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from makerspaces.models import Operator, Space, SpaceOperator
from makerspaces.search import TRIGRAM_INDEX, refresh_documents
from makerspaces.text import document, search_words

DIRECTORY = reverse("makerspaces:space-list")
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's pg_trgm and tsvector")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite has no similarity search")


def found(text):
    return set(Space.objects.search(text).values_list("slug", flat=True))


def stored_document(space):
    return Space.objects.values_list("search_document", flat=True).get(pk=space.pk)


# Documents follow every write ------------------------------------------------------


def test_document_holds_names_aliases_description_and_operators(regions, make_space, make_operator, make_role):
    space = make_space(
        regions["nanshan"], name_en="Bay Lab", name_zh="湾区实验室", aliases="BL\nBay", description="Robots."
    )
    make_role(space, make_operator(name_en="Harbour Co", name_zh="港湾公司"))
    # Names first, then the description, then the pinyin of each Chinese name (syllables, then initials).
    assert stored_document(space) == (
        "bay lab\n湾区实验室\nbl\nbay\nharbour co\n港湾公司\nrobots.\nwanqushiyanshi\nwqsys\ngangwangongsi\ngwgs"
    )


def test_document_follows_edits_of_the_space_its_roles_and_its_operators(regions, make_space, make_operator, make_role):
    space = make_space(regions["nanshan"], name_en="Bay Lab")
    operator = make_operator(name_en="Harbour Co")
    role = make_role(space, operator)
    assert "harbour co" in stored_document(space)

    operator.name_en = "Pier Holdings"
    operator.save()
    assert "pier holdings" in stored_document(space)
    assert "harbour" not in stored_document(space)

    space.refresh_from_db()
    space.aliases = "Waterfront"
    space.save()
    assert "waterfront" in stored_document(space) and "pier holdings" in stored_document(space)

    role.delete()
    assert "pier" not in stored_document(space)
    assert refresh_documents() == 0  # nothing was left stale


def test_refresh_repairs_documents_written_behind_the_signals_back(regions, make_space):
    space = make_space(regions["nanshan"], name_en="Bay Lab")
    Space.objects.filter(pk=space.pk).update(name_en="Dock Lab")  # update() sends no signal
    assert refresh_documents([space.pk]) == 1
    assert stored_document(space) == "dock lab"


def test_words_are_normalised_like_the_documents():
    assert search_words("  ＷeWork   SPACE ") == ["wework", "space"]
    assert document("ＷeWork", "", "", "") == "wework"
    assert len(search_words(" ".join(f"w{n}" for n in range(20)))) == 8


def test_full_width_and_capital_letters_find_the_same_space(client, regions, make_space):
    make_space(regions["nanshan"], slug="wework-space", name_en="WeWork Space")
    for text in ("wework", "WEWORK", "ＷｅＷｏｒｋ"):
        assert found(text) == {"wework-space"}, text


def test_like_wildcards_in_a_search_are_plain_characters(regions, make_space):
    make_space(regions["nanshan"], slug="percent", name_en="100% Lab")
    make_space(regions["nanshan"], slug="plain", name_en="Plain Lab")
    assert found("100%") == {"percent"}
    assert found("_") == set()


# The same results on both databases --------------------------------------------


def article_queries():
    """Searches a reader would type, taken from the article data itself: whole names, single words, aliases,
    operators' names, words of descriptions, Chinese names and parts of them, and pairs of words."""
    queries = set()
    for space in Space.objects.prefetch_related("operators"):
        queries.update(filter(None, [space.name_en, space.name_zh, *space.alias_list]))
        queries.update(word for word in space.name_en.split() if len(word) > 2)
        if len(space.name_zh) > 2:
            queries.add(space.name_zh[:2])
        queries.update(name for operator in space.operators.all() for name in (operator.name_en, operator.name_zh))
        words = re.findall(r"[A-Za-z]{5,}", space.description)
        queries.update(words[:4])
        if len(words) > 1:
            queries.add(f"{words[-1]} {words[0]}")
    queries.update(["makerspace", "co-working", "incubator", "zzzz-nothing"])
    return sorted(query for query in queries if query)


def test_search_finds_what_a_plain_substring_match_finds_on_the_article_data(real_data):
    """Run on SQLite and on PostgreSQL (trigram index): both must give exactly the plain matching."""
    documents = {
        space.slug: document(
            space.name_en,
            space.name_zh,
            space.aliases,
            space.description,
            [name for role in space.operator_roles.all() for name in (role.operator.name_en, role.operator.name_zh)],
        )
        for space in Space.objects.prefetch_related("operator_roles__operator")
    }
    queries = article_queries()
    assert len(queries) > 60
    answered = 0
    for query in queries:
        words = search_words(query)
        expected = {slug for slug, text in documents.items() if all(word in text for word in words)}
        assert found(query) == expected, query
        answered += bool(expected)
    assert answered >= len(queries) - 1  # only the nonsense query finds nothing


def test_every_article_space_is_found_by_its_names(real_data):
    for slug, name_en, name_zh in Space.objects.values_list("slug", "name_en", "name_zh"):
        assert slug in found(name_en)
        if name_zh:
            assert slug in found(name_zh)


# Best matches first ----------------------------------------------------------------


def test_a_search_lists_spaces_named_by_its_words_first(client, regions, make_space):
    make_space(regions["nanshan"], slug="a-described", name_en="Alpha Hall", description="A robot workshop.")
    make_space(regions["nanshan"], slug="z-named", name_en="Zulu Robot Lab")
    response = client.get(DIRECTORY, {"q": "robot"})
    assert [space.slug for space in response.context["page_obj"].object_list] == ["z-named", "a-described"]
    assert response.context["directory"].current_sort == "relevance"
    # Asked to, the same search sorts by name.
    response = client.get(DIRECTORY, {"q": "robot", "sort": "name"})
    assert [space.slug for space in response.context["page_obj"].object_list] == ["a-described", "z-named"]


def test_best_match_is_offered_only_with_a_search(client, regions, make_space):
    make_space(regions["nanshan"], name_en="Robot Lab")
    without = client.get(DIRECTORY).content.decode()
    assert "Best match" not in without
    assert re.search(r'<option value="" selected>Name</option>', without)
    # The form's default sort is sent empty: a search typed into it sorts by best match.
    with_search = client.get(DIRECTORY, {"q": "robot", "sort": ""}).content.decode()
    assert re.search(r'<option value="" selected>Best match</option><option value="name">Name', with_search)
    assert '<a href="/spaces/?q=robot&amp;sort=name">Name</a>' in with_search
    chosen = client.get(DIRECTORY, {"q": "robot", "sort": "name"}).content.decode()
    assert re.search(r'<option value="name" selected>Name</option>', chosen)
    # Without a search, "best match" is the name order.
    assert client.get(DIRECTORY, {"sort": "relevance"}).context["directory"].current_sort == "name"


# PostgreSQL: indexes, vector, typing mistakes ------------------------------------------


@postgres_only
def test_vector_is_kept_by_the_database_with_names_weighted_first(regions, make_space, make_operator, make_role):
    space = make_space(regions["nanshan"], name_en="Bay Lab", aliases="Harbour", description="Robots")
    make_role(space, make_operator(name_en="Pier Co"))
    vector = Space.objects.values_list("search_vector", flat=True).get(pk=space.pk)
    assert "'lab':2A" in vector and "'harbour':3B" in vector and "'pier'" in vector
    # COPY and raw SQL reach the row without Django: the trigger still keeps the vector.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE makerspaces_space SET name_en = 'Dock Lab' WHERE id = %s", [space.pk])
    assert "'dock':1A" in Space.objects.values_list("search_vector", flat=True).get(pk=space.pk)


@postgres_only
@pytest.mark.parametrize("similar", [False, True])
def test_search_uses_the_trigram_index(regions, make_space, similar):
    make_space(regions["nanshan"], name_en="Robot Lab")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows would be read without any index
    assert "space_search_document_trgm" in Space.objects.order_by().search("robto lab", similar=similar).explain()


@postgres_only
def test_a_typing_mistake_finds_similar_words(client, regions, make_space):
    make_space(regions["nanshan"], slug="shenzhen-hub", name_en="Shenzhen Hardware Hub")
    make_space(regions["nanshan"], slug="other", name_en="Quiet Library")
    response = client.get(DIRECTORY, {"q": "shenzen hardwre"})
    assert [space.slug for space in response.context["page_obj"].object_list] == ["shenzhen-hub"]
    assert "No space has the words “shenzen hardwre”, so these are spaces with similar words." in (
        response.content.decode()
    )
    # The facets count the same spaces the list shows.
    kind_counts = {
        option.value: option.count
        for facet in response.context["directory"].facets
        if facet.name == "kind"
        for option in facet.options
    }
    assert sum(kind_counts.values()) == 1


@postgres_only
def test_similar_words_are_not_used_when_the_words_are_found_somewhere(client, regions, make_space):
    make_space(regions["nanshan"], slug="shenzhen-hub", name_en="Shenzhen Hub")
    make_space(regions["beijing"], slug="beijing-hub", name_en="Beijing Hub")
    # "Shenzhen" exists, just not in Beijing: no space is listed, and no similar one is offered.
    response = client.get(DIRECTORY, {"q": "shenzhen", "city": "beijing"})
    assert list(response.context["page_obj"].object_list) == []
    assert not response.context["directory"].similar_search


@sqlite_only
def test_sqlite_has_no_similar_words(client, regions, make_space):
    make_space(regions["nanshan"], name_en="Shenzhen Hardware Hub")
    response = client.get(DIRECTORY, {"q": "shenzen"})
    assert list(response.context["page_obj"].object_list) == []
    assert "No space matches all these filters" in response.content.decode()


# Every way rows arrive keeps documents right ---------------------------------------


def test_reloaded_fixtures_have_current_documents(real_data):
    assert not Space.objects.filter(search_document="").exists()
    assert refresh_documents() == 0


@pytest.mark.skipif(not apps.is_installed("demo"), reason="the demo app is not installed (DJANGO_DEMO_APP=0)")
def test_generated_demo_data_has_current_documents(db):
    call_command("generate_demo_data", "--spaces", "120", "--seed", "3", stdout=io.StringIO())
    assert Space.objects.count() == 120
    assert refresh_documents() == 0
    if connection.vendor == "postgresql":
        assert not Space.objects.filter(search_vector__isnull=True).exists()
        # The generator drops the trigram index for the load and builds it again.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [TRIGRAM_INDEX])
            assert cursor.fetchone() == (1,)


def test_a_role_added_in_bulk_is_repaired_by_refresh(regions, make_space, make_operator, source):
    space = make_space(regions["nanshan"], name_en="Bay Lab")
    operator = make_operator(name_en="Harbour Co")
    SpaceOperator.objects.bulk_create([SpaceOperator(space=space, operator=operator, role="operator", source=source)])
    assert found("harbour") == set()  # bulk_create sends no signals
    refresh_documents()
    assert found("harbour") == {space.slug}
    assert Operator.objects.count() == 1


def test_deferred_documents_are_refreshed_once_at_the_end(
    regions, make_space, make_operator, make_role, django_assert_num_queries
):
    from makerspaces.search import documents_deferred

    space = make_space(regions["nanshan"], name_en="Bay Lab")
    operators = [make_operator(name_en=f"Harbour {n}") for n in range(3)]
    with documents_deferred():
        for operator in operators:
            make_role(space, operator)
        assert "harbour" not in stored_document(space)  # stale inside the block
        # For each of the three roles: the row, its operator's count recounted (a lock and an update)
        # and a data version bump; no document.
        with django_assert_num_queries(12):
            for operator in operators:
                make_role(space, operator, role="partner")
    assert all(f"harbour {n}" in stored_document(space) for n in range(3))


def test_a_failed_deferred_block_refreshes_nothing_and_ends_deferral(regions, make_space, make_operator, make_role):
    from makerspaces.search import documents_deferred

    space = make_space(regions["nanshan"], name_en="Bay Lab")
    with pytest.raises(RuntimeError), documents_deferred():
        make_role(space, make_operator(name_en="Harbour Co"))
        raise RuntimeError
    assert "harbour" not in stored_document(space)
    make_role(space, make_operator(name_en="Pier Co"))  # no longer deferred: refreshed at once
    assert "pier co" in stored_document(space) and "harbour co" in stored_document(space)
