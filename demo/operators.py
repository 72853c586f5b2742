"""Drafting the synthetic operators: rows to write, and the pools spaces pick their operators from."""

from dataclasses import dataclass

from makerspaces.models import OperatorKind

from .names import brand_name
from .proportions import OPERATOR_KINDS, WeightedChoice
from .vocabulary import ASSOCIATION_FIELDS, GOVERNMENT_BODIES, INDUSTRIES

# Columns of the operator rows, in the order of their tuples.
OPERATOR_FIELDS = ["id", "slug", "name_en", "name_zh", "kind", "region_id", "website", "description", "synthetic"]
MEMBER_FIELDS = ["from_operator_id", "to_operator_id"]

# How often a space's operator comes from the space's own province, when it has any.
SHARE_LOCAL = 0.85


@dataclass
class OperatorDraft:
    id: int
    name_en: str
    name_zh: str
    kind: str
    brand_en: str
    brand_zh: str
    province_index: int


class OperatorPool:
    """Operators a space may pick, by weight: mostly from its own province, else from anywhere."""

    def __init__(self, weighted_drafts):
        self.anywhere = WeightedChoice(*zip(*weighted_drafts, strict=True)) if weighted_drafts else None
        groups = {}
        for draft, weight in weighted_drafts:
            groups.setdefault(draft.province_index, []).append((draft, weight))
        self.by_province = {province: WeightedChoice(*zip(*group, strict=True)) for province, group in groups.items()}

    def pick(self, rng, province_index):
        """An operator, or None if the pool is empty."""
        local = self.by_province.get(province_index)
        pool = local if local is not None and rng.random() < SHARE_LOCAL else self.anywhere
        return pool.pick(rng) if pool is not None else None


class OperatorDrafter:
    """The rows of count operators, each based in one of districts.

    After ``draft()``: ``rows`` (operators), ``members`` (the two companies
    behind each joint venture), ``runners`` (the pool a space's operator comes
    from) and ``government`` (the pool of supervising bodies).
    """

    def __init__(self, rng, slugs, districts):
        self.rng = rng
        self.slugs = slugs
        self.districts = districts
        self.rows = []

    def draft(self, ids):
        rng = self.rng
        drafts = [self.draft_operator(operator_id) for operator_id in ids]

        companies = [draft for draft in drafts if draft.kind == OperatorKind.COMPANY]
        self.members = []
        for draft in drafts:
            if draft.kind == OperatorKind.JOINT_VENTURE and len(companies) >= 2:
                self.members += [(draft.id, member.id) for member in rng.sample(companies, 2)]

        # Spaces are mostly run by operators of their own province; a few
        # operators run chains of many spaces.
        weights = [min(rng.paretovariate(1.2), 25.0) for _ in drafts]
        weighted = list(zip(drafts, weights, strict=True))
        runners = [(draft, weight) for draft, weight in weighted if draft.kind != OperatorKind.GOVERNMENT] or weighted
        self.runners = OperatorPool(runners)
        self.government = OperatorPool([(draft, 1.0) for draft in drafts if draft.kind == OperatorKind.GOVERNMENT])
        return self

    def draft_operator(self, operator_id):
        rng = self.rng
        kind = OPERATOR_KINDS.pick(rng)
        district = self.districts.pick(rng)
        home = district if rng.random() < 0.4 else district.city
        brand_en, brand_zh = brand_name(rng)
        if kind == OperatorKind.COMPANY:
            industry_en, industry_zh = rng.choice(INDUSTRIES)
            name_en, name_zh = f"{brand_en} {industry_en} Co., Ltd.", f"{brand_zh}{industry_zh}有限公司"
            description = f"Company in {home.full_name_en} that runs maker spaces and start-up services."
        elif kind == OperatorKind.ASSOCIATION:
            field_en, field_zh = rng.choice(ASSOCIATION_FIELDS)
            name_en, name_zh = f"{home.name_en} {field_en} Association", f"{home.name_zh}{field_zh}协会"
            description = f"Membership association for founders in {home.full_name_en}."
        elif kind == OperatorKind.GOVERNMENT:
            body_en, body_zh = rng.choice(GOVERNMENT_BODIES)
            name_en, name_zh = f"{home.full_name_en} {body_en}", f"{home.name_zh}{body_zh}"
            description = f"Local government body of {home.full_name_en} that supports and supervises spaces."
        elif kind == OperatorKind.JOINT_VENTURE:
            partner_en, partner_zh = brand_name(rng)
            name_en, name_zh = f"{brand_en} {partner_en} Joint Venture", f"{brand_zh}{partner_zh}合资公司"
            description = "Joint venture set up by two companies to run spaces together."
        elif kind == OperatorKind.COMMUNITY:
            name_en, name_zh = f"{brand_en} Makers", f"{brand_zh}创客社区"
            description = f"Volunteer-run maker community in {home.full_name_en}."
        else:
            name_en, name_zh = f"{home.name_en} University Science Park", f"{home.name_zh}大学科技园"
            description = "University science park hosting student start-ups."
        slug = self.slugs.from_text(name_en)
        self.rows.append((operator_id, slug, name_en, name_zh, kind, home.id, "", description, True))
        return OperatorDraft(operator_id, name_en, name_zh, kind, brand_en, brand_zh, district.province_index)
