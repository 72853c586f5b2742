"""The curated data against its articles: every citation names paragraphs the article has, every fact
marked inferred says why, and the paragraph numbering is the articles' own (docs/data.md)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from makerspaces.models import (
    CITATION_MODELS,
    Basis,
    Designation,
    Operator,
    Person,
    PersonRole,
    Region,
    Source,
    Space,
    SpaceOperator,
    Statistic,
    paragraph_digest,
)
from makerspaces.models.base import inferred_facts

ROOT = Path(__file__).resolve().parent.parent
# The articles themselves are not part of the project (their text is not ours to copy): a checkout
# finds them beside it, or where MAKERSPACES_SEEDS_DIR points.
SEEDS_CANDIDATES = [os.environ.get("MAKERSPACES_SEEDS_DIR", ""), ROOT.parent / "shared" / "seeds"]
# A block of text this long is a paragraph of the body, never a heading or a caption.
PARAGRAPH_WORDS = 25

FACT_MODELS = (SpaceOperator, PersonRole, Designation, Statistic)
INFERABLE_MODELS = (Source, Region, Operator, Person, Space, SpaceOperator, Designation, Statistic)


def seeds_dir():
    for candidate in SEEDS_CANDIDATES:
        if candidate and Path(candidate, "README.md").is_file():
            return Path(candidate)
    pytest.skip("the source articles are not beside this checkout (set MAKERSPACES_SEEDS_DIR)")


def blocks(text):
    """The article file's blocks of text: its lines that hold anything."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def plain_quotes(text):
    """The seeds' list writes titles with straight quotes where the article prints curly ones."""
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))


# Citations and paragraphs ---------------------------------------------------------------------


def test_every_curated_citation_names_paragraphs_its_article_has(real_data):
    checked = 0
    for model in CITATION_MODELS:
        for citation in model.objects.select_related("source"):
            count = citation.source.paragraph_count
            assert count, f"{citation.source} has numbered paragraphs"
            numbers = citation.paragraph_numbers
            assert numbers, f"{model.__name__} {citation.natural_key()} names its paragraphs"
            assert max(numbers) <= count, f"{model.__name__} {citation.natural_key()}: ¶ {max(numbers)} of {count}"
            checked += 1
    for model in FACT_MODELS:
        for fact in model.objects.select_related("source"):
            assert fact.paragraph is not None, f"{model.__name__} {fact.natural_key()} names its paragraph"
            assert 1 <= fact.paragraph <= fact.source.paragraph_count, f"{model.__name__} {fact.natural_key()}"
            checked += 1
    for region in Region.objects.filter(parent_source__isnull=False).select_related("parent_source"):
        assert region.parent_paragraph and region.parent_paragraph <= region.parent_source.paragraph_count
        checked += 1
    assert checked > 150


def test_every_stated_parent_is_cited_to_a_paragraph(real_data):
    for region in Region.objects.filter(parent__isnull=False, parent_basis=Basis.STATED):
        assert region.parent_source_id and region.parent_paragraph, f"{region.slug}'s parent is cited"


def test_a_paragraph_past_the_end_of_its_article_is_refused(real_data):
    source = Source.objects.get(slug="binjiang-maker-space-inspection-2016")
    role = PersonRole.objects.filter(source=source).first()
    role.paragraph = source.paragraph_count + 1
    with pytest.raises(Exception, match="has 3 numbered paragraphs: there is no ¶ 4"):
        role.full_clean()
    citation = Space.objects.get(slug="innocosmos").citations.get()
    citation.paragraphs = "2, 9"
    with pytest.raises(Exception, match="there is no ¶ 9"):
        citation.full_clean()
    citation.paragraphs = "3, 2"
    with pytest.raises(Exception, match="in order, each once"):
        citation.full_clean()


# Inferred marks -------------------------------------------------------------------------------


def test_every_inferred_mark_gives_a_reason_and_no_stated_fact_has_one(real_data):
    inferred = 0
    for model in INFERABLE_MODELS:
        for row in model.objects.all():
            for what, basis, reason in model.INFERABLE:
                if getattr(row, basis) == Basis.INFERRED:
                    assert len(getattr(row, reason).strip()) > 20, f"{model.__name__} {row.pk}: why {what}"
                    inferred += 1
                else:
                    assert getattr(row, reason) == "", f"{model.__name__} {row.pk}: a stated {what} has no reason"
    assert inferred == sum(len(inferred_facts(row)) for model in INFERABLE_MODELS for row in model.objects.all())
    assert inferred > 40


def test_every_chinese_name_is_marked_inferred_with_its_reason(real_data):
    """The articles are in English: no Chinese name in the data is stated by them."""
    for model in (Region, Operator, Space, Person):
        for row in model.objects.exclude(name_zh=""):
            assert row.name_zh_basis == Basis.INFERRED and row.name_zh_reason, f"{model.__name__} {row.slug}"


@pytest.mark.parametrize(
    "model, basis, reason",
    [(model, basis, reason) for model in INFERABLE_MODELS for _what, basis, reason in model.INFERABLE],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_the_database_refuses_an_inferred_mark_without_a_reason(real_data, model, basis, reason):
    row = model.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{basis: Basis.INFERRED, reason: ""})
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{basis: Basis.STATED, reason: "A reason for a stated fact"})


# The numbering and the titles, against the articles ---------------------------------------------


def test_paragraph_numbering_is_the_articles_own(real_data):
    """Each source's digests are its article's body paragraphs, in order, with nothing long left out."""
    directory = seeds_dir()
    articles = {path.name: blocks(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.txt"))}
    matched = set()
    for source in Source.objects.all():
        digests = source.paragraph_digests.split()
        found = [name for name, text in articles.items() if digests[0] in map(paragraph_digest, text)]
        assert len(found) == 1, f"{source.slug}: ¶ 1 is in exactly one article"
        text = articles[found[0]]
        titles = [plain_quotes(block) for block in text]
        assert source.title in titles, f"{source.slug}: the title is the article's, in full"
        after_title = text[titles.index(source.title) + 1 :]
        body = [block for block in after_title if paragraph_digest(block) in digests]
        assert [paragraph_digest(block) for block in body] == digests, f"{source.slug}: every paragraph, in order"
        first, last = after_title.index(body[0]), after_title.index(body[-1])
        left_out = [block for block in after_title[first : last + 1] if block not in body]
        assert all(len(block.split()) < PARAGRAPH_WORDS for block in left_out), f"{source.slug}: {left_out}"
        # The byline and date come before ¶ 1; a long block there would be a paragraph left out.
        assert all(len(block.split()) < PARAGRAPH_WORDS for block in after_title[:first]), source.slug
        matched.add(found[0])
    assert matched == set(articles), "every article is a source"


def test_titles_are_cited_in_full_as_the_articles_list_gives_them(real_data):
    readme = (seeds_dir() / "README.md").read_text(encoding="utf-8")
    listed = [cells[2].strip() for cells in (row.split("|") for row in readme.splitlines()) if len(cells) > 4]
    for source in Source.objects.all():
        assert "…" not in source.title and "..." not in source.title
        assert any(title == source.title or title.startswith(f"{source.title} (") for title in listed), source.title


# What the review of the data fixed ---------------------------------------------------------------


def test_a_figure_stated_for_two_spaces_together_belongs_to_both(real_data, client):
    figure = Statistic.objects.get(slug="beijing-makerspace-people-squared-financing-cny-2016")
    assert figure.group is not None and figure.space is None and figure.operator is None
    assert set(figure.group.spaces.values_list("slug", flat=True)) == {"beijing-makerspace", "people-squared"}
    for slug in ("beijing-makerspace", "people-squared"):
        content = client.get(Space.objects.get(slug=slug).get_absolute_url()).content.decode()
        assert "4 billion CNY" in content and "Beijing Makerspace and People Squared together" in content
    assert "4 billion" not in client.get(Space.objects.get(slug="maker2").get_absolute_url()).content.decode()


def test_praise_is_not_a_designation_and_the_districts_rank_is_kept(real_data):
    assert not Designation.objects.filter(level="national").exists(), "the article names no national maker space"
    rank = Statistic.objects.get(region__slug="jingan", unit="rank")
    assert rank.value == 1 and rank.as_of == datetime.date(2016, 12, 31) and rank.as_of_basis == Basis.STATED


def test_a_phrase_of_help_is_not_stored_as_a_partnership(real_data):
    assert not SpaceOperator.objects.filter(operator__slug="jingan-science-technology-commission").exists()
    for role in SpaceOperator.objects.filter(role="partner"):
        assert role.basis == Basis.INFERRED, role


# What readers see -----------------------------------------------------------------------------


def test_an_articles_page_lists_its_facts_paragraph_by_paragraph(real_data, client):
    source = Source.objects.get(slug="binjiang-maker-space-inspection-2016")
    content = client.get(source.get_absolute_url()).content.decode()
    positions = [content.index(f'id="paragraph-{number}"') for number in range(1, source.paragraph_count + 1)]
    assert positions == sorted(positions)
    second = content[positions[1] : positions[2]]
    assert "Innocosmos" in second and "38" in second, "¶ 2 names the spaces visited and the district's figures"
    # The reason for an inferred mark is written out on the article's page.
    assert "Binjiang District lies in Hangzhou; the article does not say so." in content


def test_pages_cite_the_paragraph_and_explain_each_inferred_mark(real_data, client):
    space = Space.objects.get(slug="wework-weihai-road")
    content = client.get(space.get_absolute_url()).content.decode()
    assert f'href="{space.citations.get().source.get_absolute_url()}#paragraph-1"' in content
    assert re.search(r'title="Opened four months after[^"]*"', content), "the reason is the marker's tooltip"
    assert '<span class="visually-hidden">: Opened four months after' in content, "and read out by screen readers"
    region = Region.objects.get(slug="binjiang")
    content = client.get(region.get_absolute_url()).content.decode()
    assert 'title="Binjiang District lies in Hangzhou; the article does not say so."' in content
