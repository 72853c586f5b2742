"""What the API returns for each record: its facts, each with its evidence (stated or inferred, and why)
and its citation (the article and its paragraph)."""

import datetime
from decimal import Decimal

from ninja import Schema

from ..choices import Basis


class Evidence(Schema):
    """Whether the article states a fact or the directory inferred it, and why."""

    basis: str
    reason: str = ""


def evidence(instance, basis, reason):
    value = getattr(instance, basis)
    return Evidence(basis=value, reason=getattr(instance, reason) if value == Basis.INFERRED else "")


class Citation(Schema):
    """An article that speaks of the record, with the paragraphs that do (¶ 1 is the first of the body)."""

    source: str
    paragraphs: list[int]


class FactCitation(Schema):
    source: str
    paragraph: int | None


class Link(Schema):
    slug: str
    name: str


class RegionLink(Link):
    kind: str


def citations(subject):
    return [Citation(source=row.source.slug, paragraphs=_numbers(row)) for row in subject.citations.all()]


def _numbers(citation):
    try:
        return citation.paragraph_numbers
    except ValueError:
        return []


class Role(Schema):
    operator: Link
    role: str
    evidence: Evidence
    citation: FactCitation


class Space(Schema):
    slug: str
    name_en: str
    name_zh: str
    name_zh_evidence: Evidence
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
    floor_area_m2: Decimal | None
    description: str
    audience: str
    services: list[str]
    operators: list[Role]
    citations: list[Citation]
    url: str

    @staticmethod
    def of(space, request):
        return Space(
            slug=space.slug,
            name_en=space.name_en,
            name_zh=space.name_zh,
            name_zh_evidence=evidence(space, "name_zh_basis", "name_zh_reason"),
            aliases=space.alias_list,
            kind=space.kind,
            kind_evidence=evidence(space, "kind_basis", "kind_reason"),
            status=space.status,
            region=RegionLink(slug=space.region.slug, name=space.region.name_en, kind=space.region.kind),
            region_evidence=evidence(space, "region_basis", "region_reason"),
            address=space.address,
            opened_on=space.opened_on,
            opened_precision=space.opened_precision,
            opened_evidence=evidence(space, "opened_basis", "opened_reason"),
            floor_area_m2=space.floor_area_m2,
            description=space.description,
            audience=space.audience,
            services=[service.slug for service in space.services.all()],
            operators=[
                Role(
                    operator=Link(slug=role.operator.slug, name=role.operator.name_en),
                    role=role.role,
                    evidence=evidence(role, "basis", "reason"),
                    citation=FactCitation(source=role.source.slug, paragraph=role.paragraph),
                )
                for role in space.operator_roles.all()
            ],
            citations=citations(space),
            url=request.build_absolute_uri(space.get_absolute_url()),
        )


class Region(Schema):
    slug: str
    name_en: str
    name_zh: str
    name_zh_evidence: Evidence
    kind: str
    parent: str | None
    parent_evidence: Evidence
    parent_citation: FactCitation | None
    space_count: int
    citations: list[Citation]
    url: str

    @staticmethod
    def of(region, request):
        parent_citation = None
        if region.parent_source_id:
            parent_citation = FactCitation(source=region.parent_source.slug, paragraph=region.parent_paragraph)
        return Region(
            slug=region.slug,
            name_en=region.name_en,
            name_zh=region.name_zh,
            name_zh_evidence=evidence(region, "name_zh_basis", "name_zh_reason"),
            kind=region.kind,
            parent=region.parent.slug if region.parent_id else None,
            parent_evidence=evidence(region, "parent_basis", "parent_reason"),
            parent_citation=parent_citation,
            space_count=region.space_count,
            citations=citations(region),
            url=request.build_absolute_uri(region.get_absolute_url()),
        )


class Operator(Schema):
    slug: str
    name_en: str
    name_zh: str
    name_zh_evidence: Evidence
    kind: str
    kind_evidence: Evidence
    region: str | None
    website: str
    description: str
    members: list[str]
    space_count: int
    citations: list[Citation]
    url: str

    @staticmethod
    def of(operator, request):
        return Operator(
            slug=operator.slug,
            name_en=operator.name_en,
            name_zh=operator.name_zh,
            name_zh_evidence=evidence(operator, "name_zh_basis", "name_zh_reason"),
            kind=operator.kind,
            kind_evidence=evidence(operator, "kind_basis", "kind_reason"),
            region=operator.region.slug if operator.region_id else None,
            website=operator.website,
            description=operator.description,
            members=[member.slug for member in operator.members.all()],
            space_count=operator.space_count,
            citations=citations(operator),
            url=request.build_absolute_uri(operator.get_absolute_url()),
        )


class Source(Schema):
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

    @staticmethod
    def of(source, request):
        return Source(
            slug=source.slug,
            title=source.title,
            publisher=source.publisher,
            author=source.author,
            editor=source.editor,
            published_on=source.published_on,
            published_precision=source.published_precision,
            published_evidence=evidence(source, "published_basis", "published_reason"),
            language=source.language,
            address=source.url,
            summary=source.summary,
            paragraph_count=source.paragraph_count,
            space_count=source.space_count,
            statistic_count=source.statistic_count,
            url=request.build_absolute_uri(source.get_absolute_url()),
        )


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


class Statistic(Schema):
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

    @staticmethod
    def of(statistic, request):
        kind = next(name for name in ("region", "space", "operator", "group") if getattr(statistic, f"{name}_id"))
        about = statistic.subject
        members = [space.slug for space in about.spaces.all()] if kind == "group" else []
        return Statistic(
            slug=statistic.slug,
            metric=statistic.metric.slug,
            subject=Subject(type=kind, slug=about.slug, name=about.name_en, spaces=members),
            value=statistic.value,
            value_max=statistic.value_max,
            unit=statistic.unit,
            qualifier=statistic.qualifier,
            value_display=statistic.value_display,
            as_of=statistic.as_of,
            as_of_precision=statistic.as_of_precision,
            as_of_evidence=evidence(statistic, "as_of_basis", "as_of_reason"),
            is_plan=statistic.is_plan,
            note=statistic.note,
            citation=FactCitation(source=statistic.source.slug, paragraph=statistic.paragraph),
        )


class Error(Schema):
    """What went wrong, in words, and for a bad filter the message of each parameter."""

    detail: str
    errors: dict[str, list[str]] = {}
