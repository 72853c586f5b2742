"""Drafting the synthetic spaces with their roles, statistics, designations and links, without the database."""

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from makerspaces.models import OperatorRole, SpaceKind, SpaceStatus
from makerspaces.text import document

from .names import SlugAllocator
from .points import PointSampler
from .proportions import (
    AS_OF_PRECISIONS,
    DESIGNATION_LEVELS,
    OPENING_PRECISIONS,
    OPENING_YEARS,
    QUALIFIERS,
    SECOND_ROLES,
    SHARE_AT_CITY_LEVEL,
    SHARE_DESIGNATED,
    SHARE_WITH_SECOND_ROLE,
    SHARE_WITH_SERVICES,
    SHARE_WITHOUT_OPENING_DATE,
    SPACE_KINDS,
    SPACE_STATUSES,
)
from .vocabulary import AUDIENCES, DESIGNATION_TITLES, ROAD_WORDS, SPACE_KIND_WORDS, THEMES

# Seeds the points' own random generator (demo/points.py).
POINT_SEED = 17

# Generated facts marked inferred say so, as every inferred mark must give its reason.
DEMO_REASON = "Generated demo data: marked inferred to show how such marks look."

# Columns of the rows, in the order of their tuples.
SPACE_FIELDS = [
    "id",
    "slug",
    "name_en",
    "name_zh",
    "aliases",
    "kind",
    "status",
    "region_id",
    "region_basis",
    "region_reason",
    "address",
    "opened_on",
    "opened_precision",
    "floor_area_m2",
    "description",
    "audience",
    "synthetic",
    "search_document",
    "latitude",
    "longitude",
    "point_system",
    "point_precision",
]
ROLE_FIELDS = ["space_id", "operator_id", "role", "basis", "reason", "source_id"]
STATISTIC_FIELDS = [
    "slug",
    "metric_id",
    "space_id",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "as_of",
    "as_of_precision",
    "as_of_basis",
    "as_of_reason",
    "is_plan",
    "note",
    "source_id",
    "synthetic",
]
DESIGNATION_FIELDS = ["slug", "space_id", "level", "title", "year", "source_id"]
SERVICE_LINK_FIELDS = ["space_id", "service_id"]
SOURCE_LINK_FIELDS = ["space_id", "source_id"]


class SpaceBatch:
    """Rows of one batch of spaces, by table."""

    def __init__(self):
        self.spaces, self.roles, self.statistics, self.designations = [], [], [], []
        self.service_links, self.source_links = [], []


@dataclass
class SpaceSlugs:
    """The slug allocators of the rows a space brings."""

    spaces: SlugAllocator
    statistics: SlugAllocator
    designations: SlugAllocator


class SpaceDrafter:
    """Drafts spaces, each with the rows that hang off it; uses no database, so it may run in a thread.

    metrics: (slug, id, unit) of the three figures every space reports;
    service_ids: the services a space may offer; districts: the district
    WeightedChoice; runners and government: OperatorPools.
    """

    def __init__(self, rng, *, source_id, metrics, service_ids, districts, runners, government, slugs):
        self.rng = rng
        self.source_id = source_id
        self.metrics = metrics
        self.service_ids = service_ids
        self.districts = districts
        self.runners = runners
        self.government = government
        # Its own generator, so that adding points changed none of the other drafted values.
        self.points = PointSampler(random.Random(POINT_SEED))
        self.slugs = slugs

    def draft(self, space_ids):
        batch = SpaceBatch()
        for space_id in space_ids:
            self.draft_space(space_id, batch)
        return batch

    def draft_space(self, space_id, batch):
        rng = self.rng
        source_id = self.source_id
        district = self.districts.pick(rng)
        place = district.city if rng.random() < SHARE_AT_CITY_LEVEL else district
        kind = SPACE_KINDS.pick(rng)
        status = SPACE_STATUSES.pick(rng)
        operator = self.runners.pick(rng, district.province_index)

        theme_en, theme_zh = rng.choice(THEMES)
        word_en, word_zh = rng.choice(SPACE_KIND_WORDS[kind])
        style = rng.random()
        if style < 0.45:
            name_en, name_zh = f"{place.name_en} {theme_en} {word_en}", f"{place.name_zh}{theme_zh}{word_zh}"
        elif style < 0.8:
            name_en = f"{operator.brand_en} {word_en} {place.name_en}"
            name_zh = f"{operator.brand_zh}{word_zh}·{place.name_zh}"
        else:
            name_en = f"{operator.brand_en} {theme_en} {word_en}"
            name_zh = f"{operator.brand_zh}{theme_zh}{word_zh}"
        slug = self.slugs.spaces.from_text(name_en)

        opened_on, opened_precision = self.opening(status)
        aliases = []
        if rng.random() < 0.25:
            aliases.append(f"{operator.brand_zh}空间")
            initials = "".join(word[0] for word in name_en.split() if word[0].isalpha()).upper()
            if len(initials) >= 3 and rng.random() < 0.5:
                aliases.append(initials)
        address = ""
        if place is district and rng.random() < 0.7:
            address = f"No. {rng.randint(1, 999)} {rng.choice(ROAD_WORDS)} Road, {district.full_name_en}"
        description = (
            f"{SpaceKind(kind).label.capitalize()} in {place.full_name_en} focused on {theme_en.lower()}, "
            f"run by {operator.name_en.rstrip('.')}."
        )
        if opened_on:
            description += f" Opened in {opened_on.year}."
        audience = rng.choice(AUDIENCES) if rng.random() < 0.6 else ""
        region_basis = "stated" if rng.random() < 0.9 else "inferred"
        region_reason = DEMO_REASON if region_basis == "inferred" else ""

        floor_area = self.draft_statistics(space_id, slug, opened_on, status == SpaceStatus.PLANNED, batch)

        role_basis = "stated" if rng.random() < 0.8 else "inferred"
        batch.roles.append(
            (
                space_id,
                operator.id,
                OperatorRole.OPERATOR,
                role_basis,
                DEMO_REASON if role_basis == "inferred" else "",
                source_id,
            )
        )
        operators = [operator]
        if rng.random() < SHARE_WITH_SECOND_ROLE:
            role = SECOND_ROLES.pick(rng)
            pool = self.government if role == OperatorRole.SUPERVISOR else self.runners
            partner = pool.pick(rng, district.province_index)
            if partner is not None and partner is not operator:
                batch.roles.append((space_id, partner.id, role, "stated", "", source_id))
                operators.append(partner)
        # Written here, not by the signals (COPY sends none); the database's trigger derives the vector from it.
        operator_names = [
            name for draft in sorted(operators, key=lambda d: d.name_en) for name in (draft.name_en, draft.name_zh)
        ]
        batch.spaces.append(
            (
                space_id,
                slug,
                name_en,
                name_zh,
                "\n".join(aliases),
                kind,
                status,
                place.id,
                region_basis,
                region_reason,
                address,
                opened_on,
                opened_precision,
                floor_area if rng.random() < 0.7 else None,
                description,
                audience,
                True,
                document(name_en, name_zh, "\n".join(aliases), description, operator_names),
                *self.points.point_in(place.division_code),
                "wgs84",
                "address" if place is district else "district",
            )
        )

        if rng.random() < SHARE_DESIGNATED:
            level = DESIGNATION_LEVELS.pick(rng)
            batch.designations.append(
                (
                    self.slugs.designations.allocate(f"{slug}-{level}"),
                    space_id,
                    level,
                    rng.choice(DESIGNATION_TITLES[level]),
                    rng.randint(max(2015, opened_on.year if opened_on else 2015), 2024),
                    source_id,
                )
            )

        if self.service_ids and rng.random() < SHARE_WITH_SERVICES:
            count = rng.randint(1, min(4, len(self.service_ids)))
            batch.service_links += [(space_id, service_id) for service_id in rng.sample(self.service_ids, count)]
        batch.source_links.append((space_id, source_id))

    def opening(self, status):
        rng = self.rng
        if status == SpaceStatus.PLANNED or rng.random() < SHARE_WITHOUT_OPENING_DATE:
            return None, ""
        year = OPENING_YEARS.pick(rng)
        precision = OPENING_PRECISIONS.pick(rng)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if precision in ("year", "approximate"):
            return datetime.date(year, 1, 1), precision
        if precision == "quarter":
            return datetime.date(year, (month - 1) // 3 * 3 + 1, 1), precision
        if precision == "month":
            return datetime.date(year, month, 1), precision
        return datetime.date(year, month, day), precision

    def draft_statistics(self, space_id, space_slug, opened_on, is_plan, batch):
        """Floor area, enterprises under incubation and incubated to date, from one report.

        Returns the floor area, which the space may repeat.
        """
        rng = self.rng
        year = rng.randint(max(2016, opened_on.year if opened_on else 2016), 2024)
        precision = AS_OF_PRECISIONS.pick(rng)
        if precision == "year":
            as_of = datetime.date(year, 12, 31)
        elif precision == "month":
            as_of = datetime.date(year, rng.randint(1, 12), 1)
        else:
            as_of = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        floor_area = Decimal(max(50, round(rng.lognormvariate(math.log(1500), 0.8), -1)))
        under_incubation = rng.randint(3, 120)
        incubated = under_incubation + rng.randint(0, 400)
        basis = "stated" if rng.random() < 0.85 else "inferred"
        for (metric_slug, metric_id, unit), value in zip(
            self.metrics, (floor_area, under_incubation, incubated), strict=True
        ):
            qualifier = QUALIFIERS.pick(rng)
            value_max = Decimal(math.ceil(value * Decimal(rng.uniform(1.1, 1.5)))) if qualifier == "range" else None
            batch.statistics.append(
                (
                    self.slugs.statistics.allocate(f"{space_slug}-{metric_slug}-{year}"),
                    metric_id,
                    space_id,
                    Decimal(value),
                    value_max,
                    unit,
                    qualifier,
                    as_of,
                    precision,
                    basis,
                    DEMO_REASON if basis == "inferred" else "",
                    is_plan,
                    "",
                    self.source_id,
                    True,
                )
            )
        return floor_area
