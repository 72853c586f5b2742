"""An article's facts paragraph by paragraph, for its page: so that a reader can check each against the text.

Every curated record that cites a source names the paragraphs it comes from: the citations of spaces,
operators, regions and people (``paragraphs``), and the roles, positions, designations and figures
(``paragraph``), and a region's parent (``parent_paragraph``). Records without a paragraph (generated
demo data, or facts an editor has not yet tied to one) are not listed here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from .models import OperatorSource, PersonSource, RegionSource, SpaceSource
from .models.base import inferred_facts

# Rows read per kind of record: an article's facts, not the thousands the demo data's source has.
FACTS_PER_KIND_LIMIT = 500


@dataclass
class Fact:
    """One record citing a paragraph. ``kind`` names the template that shows it (``source_facts/<kind>.html``)."""

    kind: str
    record: object
    # For a citation: the subject it cites (a space, operator, region or person).
    subject: object = None
    # Whether an earlier paragraph already listed this citation, with its marks.
    repeated: bool = False

    @property
    def template_name(self):
        return f"includes/source_facts/{self.kind}.html"

    @property
    def inferences(self):
        """``[(what, reason)]``: the record's facts marked inferred, and for a citation its subject's (under
        the first paragraph that cites it)."""
        if self.repeated:
            return []
        facts = inferred_facts(self.subject if self.subject is not None else self.record)
        region = self.subject
        if self.kind == "region" and region.parent_paragraph and region.parent_source_id == self.record.source_id:
            # Cited to a paragraph of this article, the region's parent is listed as a fact of its own.
            facts = [fact for fact in facts if fact[0] != gettext("that it lies in its parent")]
        return facts


@dataclass
class Paragraph:
    number: int
    facts: list = field(default_factory=list)


def facts_by_paragraph(source):
    """``[Paragraph]`` for ¶ 1 to the last numbered paragraph, each with the facts that cite it, in the
    order of kinds below; a paragraph that no fact cites is listed with none. Nine queries."""
    count = source.paragraph_count
    if not count:
        return []
    paragraphs = [Paragraph(number) for number in range(1, count + 1)]

    def add(kind, records, numbers_of, subject_of=None):
        for record in records[:FACTS_PER_KIND_LIMIT]:
            subject = subject_of(record) if subject_of else None
            numbers = [number for number in numbers_of(record) if 1 <= number <= count]
            for index, number in enumerate(numbers):
                paragraphs[number - 1].facts.append(Fact(kind, record, subject, repeated=index > 0))

    def cited(model, subject):
        rows = model.objects.filter(source=source).exclude(paragraphs="").select_related(subject)
        return rows.order_by(f"{subject}__name_en", "pk")

    add("space", cited(SpaceSource, "space").select_related("space__region"), _citation_numbers, lambda row: row.space)
    add("operator", cited(OperatorSource, "operator"), _citation_numbers, lambda row: row.operator)
    add("region", cited(RegionSource, "region"), _citation_numbers, lambda row: row.region)
    add(
        "parent",
        source.region_parents.filter(parent_paragraph__isnull=False).select_related("parent").order_by("path"),
        lambda region: [region.parent_paragraph],
    )
    add("person", cited(PersonSource, "person"), _citation_numbers, lambda row: row.person)
    with_paragraph = {"paragraph__isnull": False}
    add(
        "role",
        source.space_operator_roles.filter(**with_paragraph)
        .select_related("space", "operator")
        .order_by("space__name_en", "role", "pk"),
        _number,
    )
    add(
        "position",
        source.person_roles.filter(**with_paragraph)
        .select_related("person", "operator", "space")
        .order_by("person__name_en", "pk"),
        _number,
    )
    add(
        "designation",
        source.designations.filter(**with_paragraph).select_related("space").order_by("space__name_en", "pk"),
        _number,
    )
    add(
        "figure",
        source.statistics.filter(**with_paragraph)
        .select_related("metric", "region", "space", "operator", "group")
        .order_by("metric__name", "as_of", "pk"),
        _number,
    )
    return paragraphs


def _number(record):
    return [record.paragraph]


def _citation_numbers(citation):
    return citation.paragraph_numbers
