"""Synthetic demo data at the scale of a national register, and its removal.

generate_demo_data fills the directory with invented provinces, cities,
districts, operators and spaces (with roles, designations, services and
statistics) so that pages and queries can be tried at the size of China's
register: 100,000 spaces in about 3,000 districts. Every Region, Operator,
Space and Statistic it creates has synthetic=True; rows of other models hang
off synthetic spaces and operators, and cite one synthetic Source (slug
SYNTHETIC_SOURCE_SLUG), so remove_demo_data can find and delete all of it
without touching the curated data.

The same seed and scale give the same rows (slugs, names, values), whatever
the batch size. Rows are built as tuples and written with RowWriter (COPY on
PostgreSQL, bulk_create elsewhere), which skips save() and signals: region
paths are computed here, and the cache's data version is bumped once at the
end. For 100,000 spaces (about 870,000 rows) the time goes mostly into the
database server's own work (index upkeep, foreign key checks): see
docs/scale.md for measurements.
"""

import datetime
import math
import queue
import random
import threading
from bisect import bisect
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from django.apps import apps
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify

from . import search
from .bulk_insert import RowWriter
from .cache import bump_data_version
from .demo_vocabulary import (
    ASSOCIATION_FIELDS,
    AUDIENCES,
    BRAND_SYLLABLES,
    DESIGNATION_TITLES,
    GOVERNMENT_BODIES,
    INDUSTRIES,
    REGION_SUFFIXES,
    ROAD_WORDS,
    SPACE_KIND_WORDS,
    STANDARD_SERVICES,
    SYLLABLES,
    THEMES,
)
from .models import (
    SYNTHETIC_SOURCE_SLUG,
    Designation,
    Metric,
    Operator,
    OperatorKind,
    OperatorRole,
    Person,
    PersonRole,
    Region,
    RegionKind,
    Service,
    Source,
    Space,
    SpaceKind,
    SpaceOperator,
    SpaceStatus,
    Statistic,
)

# A national register: about 100,000 spaces in 34 provinces, 300 cities and
# 3,000 districts. Smaller runs scale the region counts down in proportion.
NATIONAL_SCALE = {"spaces": 100_000, "provinces": 34, "cities": 300, "districts": 3_000}
SPACES_PER_OPERATOR = 20

# The metrics every synthetic space reports, reused when the curated data has them.
SPACE_METRICS = [
    ("floor-area", "Floor area", "m2"),
    ("enterprises-under-incubation", "Enterprises under incubation", "count"),
    ("incubated-enterprises", "Enterprises incubated to date", "count"),
]


class WeightedChoice:
    """Picks one of items with the given relative weights, in O(log n)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    @classmethod
    def of(cls, weighted):
        """From a {item: weight} mapping."""
        return cls(weighted.keys(), weighted.values())

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


# Proportions that look like the register: mostly open maker spaces.
SPACE_KINDS = WeightedChoice.of(
    {
        SpaceKind.MAKER_SPACE: 55,
        SpaceKind.INCUBATOR: 20,
        SpaceKind.CO_WORKING: 8,
        SpaceKind.PLATFORM: 5,
        SpaceKind.PARK: 5,
        SpaceKind.ACCELERATOR: 4,
        SpaceKind.HACKERSPACE: 3,
    }
)
SPACE_STATUSES = WeightedChoice.of(
    {SpaceStatus.OPEN: 75, SpaceStatus.UNKNOWN: 12, SpaceStatus.CLOSED: 10, SpaceStatus.PLANNED: 3}
)
OPERATOR_KINDS = WeightedChoice.of(
    {
        OperatorKind.COMPANY: 60,
        OperatorKind.ASSOCIATION: 10,
        OperatorKind.GOVERNMENT: 10,
        OperatorKind.COMMUNITY: 10,
        OperatorKind.JOINT_VENTURE: 5,
        OperatorKind.OTHER: 5,
    }
)
# Opening years peak with the 2015-2017 wave of maker spaces.
OPENING_YEARS = WeightedChoice(range(2010, 2025), [1, 1, 1, 2, 3, 8, 10, 9, 7, 6, 5, 4, 3, 3, 2])
OPENING_PRECISIONS = WeightedChoice.of({"day": 30, "month": 35, "year": 25, "quarter": 5, "approximate": 5})
AS_OF_PRECISIONS = WeightedChoice.of({"day": 40, "month": 30, "year": 30})
QUALIFIERS = WeightedChoice.of({"exact": 60, "about": 15, "over": 10, "at_least": 8, "nearly": 4, "range": 3})
# A second operator's part, when a space has one; supervisors are government bodies.
SECOND_ROLES = WeightedChoice.of(
    {
        OperatorRole.CO_OPERATOR: 30,
        OperatorRole.SPONSOR: 20,
        OperatorRole.PARTNER: 20,
        OperatorRole.SUPERVISOR: 15,
        OperatorRole.BRAND: 5,
        OperatorRole.FOUNDER: 5,
        OperatorRole.CO_LAUNCHER: 5,
    }
)
# National recognitions are rare, municipal ones common.
DESIGNATION_LEVELS = WeightedChoice.of({"national": 6, "provincial": 24, "municipal": 45, "district": 25})

SHARE_AT_CITY_LEVEL = 0.10  # spaces whose district is not known
SHARE_WITH_SECOND_ROLE = 0.30
SHARE_DESIGNATED = 0.10
SHARE_WITH_SERVICES = 0.85
SHARE_WITHOUT_OPENING_DATE = 0.08


@dataclass(frozen=True)
class Scale:
    spaces: int
    provinces: int
    cities: int
    districts: int

    @classmethod
    def for_spaces(cls, spaces, provinces=None, cities=None, districts=None):
        """Region counts in national proportions for this many spaces, unless given."""
        if districts is None:
            districts = min(NATIONAL_SCALE["districts"], max(4, math.ceil(spaces * 0.03)))
        if cities is None:
            cities = min(NATIONAL_SCALE["cities"], max(2, math.ceil(districts / 10)), districts)
        if provinces is None:
            provinces = min(NATIONAL_SCALE["provinces"], max(2, math.ceil(cities / 9)), cities)
        return cls(spaces, provinces, cities, districts)

    def validate(self):
        if self.spaces < 1:
            raise ValueError("Generate at least one space.")
        if not 1 <= self.provinces <= self.cities <= self.districts:
            raise ValueError(
                "Every province needs a city and every city a district: "
                f"got {self.provinces} provinces, {self.cities} cities, {self.districts} districts."
            )


class SlugAllocator:
    """Unique slugs for one model: base, base-2, base-3, ..., never one already taken."""

    def __init__(self, taken, max_length):
        self.taken = set(taken)
        self.max_length = max_length
        self.next_number = {}

    def from_text(self, text):
        return self.allocate(slugify(text)[: self.max_length - 8].strip("-") or "demo")

    def allocate(self, base):
        number = self.next_number.get(base, 1)
        slug = base if number == 1 else f"{base}-{number}"
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.next_number[base] = number + 1
        self.taken.add(slug)
        return slug


@dataclass
class Place:
    """A synthetic region, with the short name that space names use."""

    id: int
    slug: str
    path: str
    name_en: str  # short form: "Dongcheng", not "Dongcheng District"
    name_zh: str
    full_name_en: str
    province_index: int
    city: "Place | None" = None


@dataclass
class OperatorDraft:
    id: int
    name_en: str
    name_zh: str
    kind: str
    brand_en: str
    brand_zh: str
    province_index: int


# Columns of the rows the generator writes, in the order of its tuples.
REGION_FIELDS = ["id", "slug", "name_en", "name_zh", "kind", "parent_id", "parent_basis", "path", "synthetic"]
OPERATOR_FIELDS = ["id", "slug", "name_en", "name_zh", "kind", "region_id", "website", "description", "synthetic"]
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
    "address",
    "opened_on",
    "opened_precision",
    "floor_area_m2",
    "description",
    "audience",
    "synthetic",
    "search_document",
]
ROLE_FIELDS = ["space_id", "operator_id", "role", "basis", "source_id"]
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
    "is_plan",
    "note",
    "source_id",
    "synthetic",
]
DESIGNATION_FIELDS = ["slug", "space_id", "level", "title", "year", "source_id"]


def synthetic_data_exists():
    return Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).exists() or any(
        model.objects.filter(synthetic=True).exists() for model in (Region, Operator, Space, Statistic)
    )


def join_syllables(syllables):
    return "".join(en for en, _zh in syllables).capitalize(), "".join(zh for _en, zh in syllables)


def produced_in_background(items, buffered=2):
    """Iterate over items while a thread computes the next ones.

    An exception in the thread is raised here; leaving the loop early stops
    the thread.
    """
    results = queue.Queue(maxsize=buffered)
    stop = threading.Event()
    end = object()

    def put(item):
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((end, None))
        except BaseException as error:  # handed to the consumer, which raises it
            put((None, error))

    thread = threading.Thread(target=produce, name="demo-data-drafts", daemon=True)
    thread.start()
    try:
        while True:
            item, error = results.get()
            if error is not None:
                raise error
            if item is end:
                return
            yield item
    finally:
        stop.set()
        thread.join()


class SpaceBatch:
    """Rows of one batch of spaces, by table."""

    def __init__(self):
        self.spaces, self.roles, self.statistics, self.designations = [], [], [], []
        self.service_links, self.source_links = [], []


class DemoDataGenerator:
    """Writes one synthetic data set; run() returns the number of rows per kind.

    Rows are built as tuples with ids allocated up front, so the rows that
    hang off a space are built with it and everything is written with
    RowWriter (COPY on PostgreSQL).
    """

    def __init__(self, scale, seed=0, batch_size=2000, progress=None, use_copy=None):
        scale.validate()
        if batch_size < 1:
            raise ValueError("The batch size must be at least 1.")
        self.scale = scale
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.progress = progress or (lambda stage, done, total: None)
        self.counts = {}
        self.using = router.db_for_write(Space)
        self.writer = RowWriter(self.using, batch_size, use_copy=use_copy)

    def run(self):
        with (
            transaction.atomic(using=self.using),
            self.writer.immediate_constraint_checks(),
            search.trigram_index_rebuilt(self.using),
        ):
            self.source_id = self.create_source()
            self.metrics = self.ensure_metrics()
            self.service_ids = self.ensure_services()
            self.create_regions()
            self.create_operators()
            self.create_spaces()
        bump_data_version()
        refresh_planner_statistics(self.using)
        return self.counts

    # Helpers --------------------------------------------------------------

    def insert(self, label, model, fields, rows):
        self.write(label, self.writer.prepare(model, fields, rows))

    def write(self, label, prepared):
        self.counts[label] = self.counts.get(label, 0) + self.writer.write(prepared)

    def insert_in_batches(self, label, model, fields, rows):
        for start in range(0, len(rows), self.batch_size):
            self.insert(label, model, fields, rows[start : start + self.batch_size])

    def place_name(self, used, syllables=SYLLABLES):
        """A two-syllable name not in used (three syllables once two run short)."""
        for attempt in range(200):
            name = join_syllables(self.rng.sample(syllables, 2 if attempt < 100 else 3))
            if name[0] not in used:
                used.add(name[0])
                return name
        raise RuntimeError("Ran out of synthetic names.")

    def brand_name(self):
        return join_syllables([self.rng.choice(BRAND_SYLLABLES), self.rng.choice(SYLLABLES)])

    def spread(self, children, parents):
        """Parent index for each child: every parent gets one, the rest go at random weights."""
        weights = [self.rng.uniform(0.3, 3.0) for _ in range(parents)]
        choice = WeightedChoice(range(parents), weights)
        return sorted(list(range(parents)) + [choice.pick(self.rng) for _ in range(children - parents)])

    # Reference rows -------------------------------------------------------

    def create_source(self):
        self.counts["sources"] = 1
        return (
            Source.objects.using(self.using)
            .create(
                slug=SYNTHETIC_SOURCE_SLUG,
                title="Synthetic demo data",
                publisher="generate_demo_data",
                language="en",
                summary="Invented records for trying the directory at national scale. Not facts.",
            )
            .pk
        )

    def ensure_metrics(self):
        metrics = Metric.objects.using(self.using)
        existing = {metric.slug: metric.pk for metric in metrics.filter(slug__in=[s for s, _n, _u in SPACE_METRICS])}
        missing = [
            Metric(slug=slug, name=name, synthetic=True) for slug, name, _unit in SPACE_METRICS if slug not in existing
        ]
        for metric in metrics.bulk_create(missing):
            existing[metric.slug] = metric.pk
        if missing:
            self.counts["metrics"] = len(missing)
        return [(slug, existing[slug], unit) for slug, _name, unit in SPACE_METRICS]

    def ensure_services(self):
        """Ids of the services spaces may offer: the curated ones, or a standard set if there are none.

        The generator adds none beside curated ones: a directory's list of services is
        its editors' choice. The standard ones are flagged synthetic and go with the demo data.
        """
        services = Service.objects.using(self.using)
        if not services.exists():
            services.bulk_create([Service(slug=slug, name=name, synthetic=True) for slug, name in STANDARD_SERVICES])
            self.counts["services"] = len(STANDARD_SERVICES)
        return list(services.order_by("slug").values_list("pk", flat=True))

    # Regions --------------------------------------------------------------

    def create_regions(self):
        scale = self.scale
        total = scale.provinces + scale.cities + scale.districts
        regions = Region.objects.using(self.using)
        self.region_slugs = SlugAllocator(regions.values_list("slug", flat=True), 120)
        root = regions.filter(slug="china").first()
        if root is None:
            root = regions.create(slug="china", name_en="China", name_zh="中国", kind="country", synthetic=True)
            self.region_slugs.taken.add("china")
            self.counts["regions"] = 1
        ids = iter(self.writer.allocate_ids(Region, total))
        rows = []

        used = set()
        provinces = []
        for index in range(scale.provinces):
            provinces.append(self.new_place(next(ids), root.pk, root.path, RegionKind.PROVINCE, used, index, rows))

        used = set()
        cities = []
        for province_index in self.spread(scale.cities, scale.provinces):
            province = provinces[province_index]
            cities.append(
                self.new_place(next(ids), province.id, province.path, RegionKind.CITY, used, province_index, rows)
            )

        districts = []
        used_in_city = {}
        for city_index in self.spread(scale.districts, scale.cities):
            city = cities[city_index]
            used = used_in_city.setdefault(city_index, set())
            district = self.new_place(
                next(ids),
                city.id,
                city.path,
                RegionKind.DISTRICT,
                used,
                city.province_index,
                rows,
                slug_prefix=city.slug,
            )
            district.city = city
            districts.append(district)

        # Parents come first in rows, as their foreign keys are checked at commit.
        for start in range(0, total, self.batch_size):
            self.insert("regions", Region, REGION_FIELDS, rows[start : start + self.batch_size])
            self.progress("regions", min(total, start + self.batch_size), total)

        # Some districts hold far more spaces than others (a heavy tail, as in
        # the big cities' technology districts).
        self.districts = WeightedChoice(districts, [min(self.rng.paretovariate(1.5), 60.0) for _ in districts])

    def new_place(self, region_id, parent_id, parent_path, kind, used, province_index, rows, slug_prefix=""):
        name_en, name_zh = self.place_name(used)
        suffix_en, suffix_zh = REGION_SUFFIXES[kind]
        slug = self.region_slugs.from_text(f"{slug_prefix} {name_en}")
        # Written without save(), which keeps the path otherwise.
        path = f"{parent_path}/{slug}"
        full_name_en = name_en + suffix_en
        rows.append((region_id, slug, full_name_en, name_zh + suffix_zh, kind, parent_id, "stated", path, True))
        return Place(region_id, slug, path, name_en, name_zh, full_name_en, province_index)

    # Operators ------------------------------------------------------------

    def create_operators(self):
        count = max(1, round(self.scale.spaces / SPACES_PER_OPERATOR))
        self.operator_slugs = SlugAllocator(Operator.objects.using(self.using).values_list("slug", flat=True), 120)
        rows, drafts = [], []
        for operator_id in self.writer.allocate_ids(Operator, count):
            drafts.append(self.draft_operator(operator_id, rows))
        for start in range(0, count, self.batch_size):
            self.insert("operators", Operator, OPERATOR_FIELDS, rows[start : start + self.batch_size])
            self.progress("operators", min(count, start + self.batch_size), count)

        companies = [draft for draft in drafts if draft.kind == OperatorKind.COMPANY]
        members = []
        for draft in drafts:
            if draft.kind == OperatorKind.JOINT_VENTURE and len(companies) >= 2:
                members += [(draft.id, member.id) for member in self.rng.sample(companies, 2)]
        self.insert_in_batches(
            "joint venture members", Operator.members.through, ["from_operator_id", "to_operator_id"], members
        )
        self.insert_in_batches(
            "operator source links",
            Operator.sources.through,
            ["operator_id", "source_id"],
            [(draft.id, self.source_id) for draft in drafts],
        )

        # Spaces are mostly run by operators of their own province; a few
        # operators run chains of many spaces.
        weights = [min(self.rng.paretovariate(1.2), 25.0) for _ in drafts]
        weighted = list(zip(drafts, weights, strict=True))
        runners = [(draft, weight) for draft, weight in weighted if draft.kind != OperatorKind.GOVERNMENT] or weighted
        government = [(draft, 1.0) for draft in drafts if draft.kind == OperatorKind.GOVERNMENT]
        self.all_runners = WeightedChoice(*zip(*runners, strict=True))
        self.runners_by_province = self.group_by_province(runners)
        self.all_government = WeightedChoice(*zip(*government, strict=True)) if government else None
        self.government_by_province = self.group_by_province(government)

    def group_by_province(self, weighted_drafts):
        groups = {}
        for draft, weight in weighted_drafts:
            groups.setdefault(draft.province_index, []).append((draft, weight))
        return {province: WeightedChoice(*zip(*group, strict=True)) for province, group in groups.items()}

    def draft_operator(self, operator_id, rows):
        rng = self.rng
        kind = OPERATOR_KINDS.pick(rng)
        district = self.districts.pick(rng)
        home = district if rng.random() < 0.4 else district.city
        brand_en, brand_zh = self.brand_name()
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
            partner_en, partner_zh = self.brand_name()
            name_en, name_zh = f"{brand_en} {partner_en} Joint Venture", f"{brand_zh}{partner_zh}合资公司"
            description = "Joint venture set up by two companies to run spaces together."
        elif kind == OperatorKind.COMMUNITY:
            name_en, name_zh = f"{brand_en} Makers", f"{brand_zh}创客社区"
            description = f"Volunteer-run maker community in {home.full_name_en}."
        else:
            name_en, name_zh = f"{home.name_en} University Science Park", f"{home.name_zh}大学科技园"
            description = "University science park hosting student start-ups."
        slug = self.operator_slugs.from_text(name_en)
        rows.append((operator_id, slug, name_en, name_zh, kind, home.id, "", description, True))
        return OperatorDraft(operator_id, name_en, name_zh, kind, brand_en, brand_zh, district.province_index)

    # Spaces ---------------------------------------------------------------

    def create_spaces(self):
        total = self.scale.spaces
        space_ids = self.writer.allocate_ids(Space, total)
        self.space_slugs = SlugAllocator(Space.objects.using(self.using).values_list("slug", flat=True), 120)
        self.statistic_slugs = SlugAllocator(Statistic.objects.using(self.using).values_list("slug", flat=True), 160)
        self.designation_slugs = SlugAllocator(
            Designation.objects.using(self.using).values_list("slug", flat=True), 160
        )
        # Drafting (Python) and writing (mostly the database server's work)
        # would take turns; instead a thread drafts and prepares the next
        # batch while this one is written. Drafting uses no database (this
        # thread's connection holds the transaction), and only the drafting
        # thread touches the random generator and the slug allocators meanwhile.
        for batch in produced_in_background(self.draft_batches(space_ids)):
            for label, prepared in batch:
                self.write(label, prepared)
            self.progress("spaces", self.counts["spaces"], total)

    def draft_batches(self, space_ids):
        """Per batch of spaces, the rows to write, table by table, as (label, prepared rows)."""
        prepare = self.writer.prepare
        for start in range(0, len(space_ids), self.batch_size):
            batch = SpaceBatch()
            for space_id in space_ids[start : start + self.batch_size]:
                self.draft_space(space_id, batch)
            yield [
                ("spaces", prepare(Space, SPACE_FIELDS, batch.spaces)),
                ("space operator roles", prepare(SpaceOperator, ROLE_FIELDS, batch.roles)),
                ("statistics", prepare(Statistic, STATISTIC_FIELDS, batch.statistics)),
                ("designations", prepare(Designation, DESIGNATION_FIELDS, batch.designations)),
                (
                    "space service links",
                    prepare(Space.services.through, ["space_id", "service_id"], batch.service_links),
                ),
                ("space source links", prepare(Space.sources.through, ["space_id", "source_id"], batch.source_links)),
            ]

    def pick_operator(self, pools_by_province, national_pool, province_index):
        local = pools_by_province.get(province_index)
        pool = local if local is not None and self.rng.random() < 0.85 else national_pool
        return pool.pick(self.rng) if pool is not None else None

    def draft_space(self, space_id, batch):
        rng = self.rng
        source_id = self.source_id
        district = self.districts.pick(rng)
        place = district.city if rng.random() < SHARE_AT_CITY_LEVEL else district
        kind = SPACE_KINDS.pick(rng)
        status = SPACE_STATUSES.pick(rng)
        operator = self.pick_operator(self.runners_by_province, self.all_runners, district.province_index)

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
        slug = self.space_slugs.from_text(name_en)

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

        floor_area = self.draft_statistics(space_id, slug, opened_on, status == SpaceStatus.PLANNED, batch)

        batch.roles.append(
            (space_id, operator.id, OperatorRole.OPERATOR, "stated" if rng.random() < 0.8 else "inferred", source_id)
        )
        operators = [operator]
        if rng.random() < SHARE_WITH_SECOND_ROLE:
            role = SECOND_ROLES.pick(rng)
            if role == OperatorRole.SUPERVISOR:
                partner = self.pick_operator(self.government_by_province, self.all_government, district.province_index)
            else:
                partner = self.pick_operator(self.runners_by_province, self.all_runners, district.province_index)
            if partner is not None and partner is not operator:
                batch.roles.append((space_id, partner.id, role, "stated", source_id))
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
                address,
                opened_on,
                opened_precision,
                floor_area if rng.random() < 0.7 else None,
                description,
                audience,
                True,
                search.document(name_en, name_zh, "\n".join(aliases), description, operator_names),
            )
        )

        if rng.random() < SHARE_DESIGNATED:
            level = DESIGNATION_LEVELS.pick(rng)
            batch.designations.append(
                (
                    self.designation_slugs.allocate(f"{slug}-{level}"),
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
                    self.statistic_slugs.allocate(f"{space_slug}-{metric_slug}-{year}"),
                    metric_id,
                    space_id,
                    Decimal(value),
                    value_max,
                    unit,
                    qualifier,
                    as_of,
                    precision,
                    basis,
                    is_plan,
                    "",
                    self.source_id,
                    True,
                )
            )
        return floor_area


# Removal ------------------------------------------------------------------


class SyntheticDataReferenced(Exception):
    """Curated rows point at synthetic ones, so removing them would break the curated data."""


def removal_steps():
    """(label, queryset) pairs in an order that leaves no dangling reference.

    Synthetic spaces, operators and regions are deleted with every row that
    cascades from them (as Django's on_delete would), and the synthetic Source
    with the links that cite it. A curated row that is protected from the
    deletion (a curated space in a synthetic district, say) makes the removal
    fail and roll back.
    """
    spaces = Space.objects.filter(synthetic=True).values("pk")
    operators = Operator.objects.filter(synthetic=True).values("pk")
    regions = Region.objects.filter(synthetic=True).values("pk")
    source = Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).values("pk")
    return [
        (
            "statistics",
            Statistic.objects.filter(
                Q(synthetic=True) | Q(space__in=spaces) | Q(operator__in=operators) | Q(region__in=regions)
            ),
        ),
        ("designations", Designation.objects.filter(space__in=spaces)),
        ("space operator roles", SpaceOperator.objects.filter(space__in=spaces)),
        ("person roles", PersonRole.objects.filter(Q(space__in=spaces) | Q(operator__in=operators))),
        ("space service links", Space.services.through.objects.filter(space__in=spaces)),
        ("space source links", Space.sources.through.objects.filter(Q(space__in=spaces) | Q(source__in=source))),
        (
            "operator source links",
            Operator.sources.through.objects.filter(Q(operator__in=operators) | Q(source__in=source)),
        ),
        (
            "joint venture members",
            Operator.members.through.objects.filter(Q(from_operator__in=operators) | Q(to_operator__in=operators)),
        ),
        ("region source links", Region.sources.through.objects.filter(Q(region__in=regions) | Q(source__in=source))),
        ("person source links", Person.sources.through.objects.filter(source__in=source)),
        ("spaces", Space.objects.filter(synthetic=True)),
        ("operators", Operator.objects.filter(synthetic=True)),
        ("regions", Region.objects.filter(synthetic=True)),
        ("sources", Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG)),
        # Metrics and services the generator added, unless curated rows have come to use them.
        (
            "metrics",
            Metric.objects.filter(synthetic=True).exclude(Exists(Statistic.objects.filter(metric=OuterRef("pk")))),
        ),
        (
            "services",
            Service.objects.filter(synthetic=True).exclude(
                Exists(Space.services.through.objects.filter(service=OuterRef("pk")))
            ),
        ),
    ]


def refresh_planner_statistics(using):
    """Let the database's planner see the rows just written or deleted in bulk.

    Without fresh statistics PostgreSQL plans for the tables as they were (a
    handful of rows) and reads 100,000 spaces where an index would do; and
    autovacuum may be off or late. VACUUM also marks the pages all-visible, so
    the facet counts can read their indexes alone. VACUUM cannot run inside a
    transaction: there (in tests, or a caller's atomic block) ANALYZE alone.
    """
    connection = connections[using]
    tables = [
        model._meta.db_table for model in apps.get_app_config("makerspaces").get_models(include_auto_created=True)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {', '.join(connection.ops.quote_name(table) for table in tables)}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def remove_demo_data():
    """Delete every synthetic row; returns the number deleted per kind of row."""
    counts = {}
    models = apps.get_app_config("makerspaces").get_models(include_auto_created=True)
    tables = [model._meta.db_table for model in models]
    using = router.db_for_write(Space)
    try:
        with transaction.atomic(using=using):
            for label, queryset in removal_steps():
                # One DELETE statement per step, without loading the rows or
                # sending per-row signals: cascades are the steps above.
                counts[label] = queryset._raw_delete(using)
            # Those that curated rows use stay, as curated rows: exports must keep what they refer to.
            for model in (Metric, Service):
                model.objects.using(using).filter(synthetic=True).update(synthetic=False)
            # Foreign keys are checked at commit; check now to fail cleanly.
            connections[using].check_constraints(table_names=tables)
    except IntegrityError as error:
        raise SyntheticDataReferenced(str(error)) from error
    bump_data_version()
    refresh_planner_statistics(using)
    return counts
