"""What the API returns for each record: its facts, each with its evidence (stated or inferred, and why)
and its citation (the article and its paragraph).

Fields are read from the model's attributes of the same name; a ``resolve_<field>`` says how to read the
others. ``Schema.of(record, request)`` builds one (the request makes the addresses absolute).
"""

import datetime
from decimal import Decimal

from ninja import Schema

from ..choices import Basis


class Record(Schema):
    @classmethod
    def of(cls, record, request):
        return cls.model_validate(record, context={"request": request})


class Evidence(Schema):
    """Whether the article states a fact or the directory inferred it, and why."""

    basis: str
    reason: str = ""


def evidence_of(basis, reason):
    """A resolver of the evidence kept in the columns ``basis`` and ``reason``."""

    def resolve(record):
        value = getattr(record, basis)
        return Evidence(basis=value, reason=getattr(record, reason) if value == Basis.INFERRED else "")

    return staticmethod(resolve)


def address(record, context):
    return context["request"].build_absolute_uri(record.get_absolute_url())


class Citation(Schema):
    """An article that speaks of the record, with the paragraphs that do (¶ 1 is the first of the body)."""

    source: str
    paragraphs: list[int]

    @staticmethod
    def resolve_source(citation):
        return citation.source.slug

    @staticmethod
    def resolve_paragraphs(citation):
        return citation.paragraph_numbers


class FactCitation(Schema):
    source: str
    paragraph: int | None


def fact_citation(record):
    return FactCitation(source=record.source.slug, paragraph=record.paragraph)


class Link(Schema):
    slug: str
    name: str

    @staticmethod
    def resolve_name(record):
        return record.name_en


class RegionLink(Link):
    kind: str


class Role(Schema):
    operator: Link
    role: str
    evidence: Evidence
    citation: FactCitation

    resolve_evidence = evidence_of("basis", "reason")
    resolve_citation = staticmethod(fact_citation)


class Named(Record):
    slug: str
    name_en: str
    name_zh: str
    name_zh_evidence: Evidence
    citations: list[Citation]
    url: str

    resolve_name_zh_evidence = evidence_of("name_zh_basis", "name_zh_reason")
    resolve_url = staticmethod(address)


class Space(Named):
    aliases: list[str]
    kind: str
    kind_evidence: Evidence
    status: str
    region: RegionLink
    region_evidence: Evidence
    address: str
    opened_on: datetime.date | None
    opened_precision: str
    opened_evidence: Evidence
    closed_on: datetime.date | None
    closed_precision: str
    floor_area_m2: Decimal | None
    description: str
    audience: str
    services: list[str]
    operators: list[Role]

    resolve_kind_evidence = evidence_of("kind_basis", "kind_reason")
    resolve_region_evidence = evidence_of("region_basis", "region_reason")
    resolve_opened_evidence = evidence_of("opened_basis", "opened_reason")

    @staticmethod
    def resolve_aliases(space):
        return space.alias_list

    @staticmethod
    def resolve_services(space):
        return [service.slug for service in space.services.all()]

    @staticmethod
    def resolve_operators(space):
        return list(space.operator_roles.all())


class Region(Named):
    kind: str
    parent: str | None
    parent_evidence: Evidence
    parent_citation: FactCitation | None
    space_count: int

    resolve_parent_evidence = evidence_of("parent_basis", "parent_reason")

    @staticmethod
    def resolve_parent(region):
        return region.parent.slug if region.parent_id else None

    @staticmethod
    def resolve_parent_citation(region):
        if not region.parent_source_id:
            return None
        return FactCitation(source=region.parent_source.slug, paragraph=region.parent_paragraph)


class Operator(Named):
    kind: str
    kind_evidence: Evidence
    region: str | None
    website: str
    description: str
    members: list[str]
    space_count: int

    resolve_kind_evidence = evidence_of("kind_basis", "kind_reason")

    @staticmethod
    def resolve_region(operator):
        return operator.region.slug if operator.region_id else None

    @staticmethod
    def resolve_members(operator):
        return [member.slug for member in operator.members.all()]


class Source(Record):
    slug: str
    title: str
    publisher: str
    author: str
    editor: str
    published_on: datetime.date | None
    published_precision: str
    published_evidence: Evidence
    language: str
    address: str
    summary: str
    paragraph_count: int
    space_count: int
    statistic_count: int
    url: str

    resolve_published_evidence = evidence_of("published_basis", "published_reason")
    resolve_url = staticmethod(address)

    @staticmethod
    def resolve_address(source):
        return source.url


class Metric(Schema):
    slug: str
    name: str
    description: str
    statistic_count: int


class Subject(Schema):
    """What a figure is about: a region, a space, an operator, or several spaces together."""

    type: str
    slug: str
    name: str
    spaces: list[str] = []


class Statistic(Record):
    slug: str
    metric: str
    subject: Subject
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    value_display: str
    as_of: datetime.date
    as_of_precision: str
    as_of_evidence: Evidence
    is_plan: bool
    note: str
    citation: FactCitation

    resolve_as_of_evidence = evidence_of("as_of_basis", "as_of_reason")
    resolve_citation = staticmethod(fact_citation)

    @staticmethod
    def resolve_metric(statistic):
        return statistic.metric.slug

    @staticmethod
    def resolve_subject(statistic):
        kind = statistic.subject_kind
        about = statistic.subject
        members = [space.slug for space in about.spaces.all()] if kind == "group" else []
        return Subject(type=kind, slug=about.slug, name=about.name_en, spaces=members)


class Error(Schema):
    """What went wrong, in words, and for a bad filter the message of each parameter."""

    detail: str
    errors: dict[str, list[str]] = {}
