"""Synthetic demo data at the scale of a national register: writing it.

generate_demo_data fills the directory with invented provinces, cities,
districts, operators and spaces (with roles, designations, services and
statistics) so that pages and queries can be tried at the size of China's
register: 100,000 spaces in about 3,000 districts. Every Region, Operator,
Space and Statistic it creates has synthetic=True; rows of other models hang
off synthetic spaces and operators, and cite one synthetic Source (slug
SYNTHETIC_SOURCE_SLUG), so remove_demo_data (demo.removal) can find and delete
all of it without touching the curated data.

The same seed and scale give the same rows (slugs, names, values), whatever
the batch size. The rows are drafted as tuples (demo.regions, demo.operators,
demo.spaces, which use no database) and written here with RowWriter (COPY on
PostgreSQL, bulk_create elsewhere), which skips save() and signals: region
paths and search documents are drafted with the rows, and the cache is
invalidated once at the end (makerspaces.writes.bulk_writes). For 100,000
spaces (about 870,000 rows) the time goes mostly into the database server's
own work (index upkeep, foreign key checks): see docs/scale.md for
measurements.
"""

import random

from django.db import router, transaction

from makerspaces.models import (
    SYNTHETIC_SOURCE_SLUG,
    Designation,
    Metric,
    Operator,
    Region,
    Service,
    Source,
    Space,
    SpaceOperator,
    Statistic,
)
from makerspaces.search import trigram_index_rebuilt
from makerspaces.writes import bulk_writes

from .background import produced_in_background
from .bulk_insert import RowWriter
from .names import SlugAllocator
from .operators import MEMBER_FIELDS, OPERATOR_FIELDS, OperatorDrafter
from .planner import refresh_planner_statistics
from .regions import REGION_FIELDS, RegionDrafter
from .spaces import (
    DESIGNATION_FIELDS,
    ROLE_FIELDS,
    SERVICE_LINK_FIELDS,
    SOURCE_LINK_FIELDS,
    SPACE_FIELDS,
    STATISTIC_FIELDS,
    SpaceDrafter,
    SpaceSlugs,
)
from .vocabulary import STANDARD_SERVICES

# The metrics every synthetic space reports, reused when the curated data has them.
SPACE_METRICS = [
    ("floor-area", "Floor area", "m2"),
    ("enterprises-under-incubation", "Enterprises under incubation", "count"),
    ("incubated-enterprises", "Enterprises incubated to date", "count"),
]


def synthetic_data_exists():
    return Source.objects.filter(slug=SYNTHETIC_SOURCE_SLUG).exists() or any(
        model.objects.filter(synthetic=True).exists() for model in (Region, Operator, Space, Statistic)
    )


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
            # COPY and bulk_create send no signals: invalidate the cache once, at the end.
            bulk_writes(self.using, bypassing_signals=True),
            self.writer.immediate_constraint_checks(),
            trigram_index_rebuilt(self.using),
        ):
            self.source_id = self.create_source()
            self.metrics = self.ensure_metrics()
            self.service_ids = self.ensure_services()
            districts = self.create_regions()
            operators = self.create_operators(districts)
            self.create_spaces(districts, operators)
        refresh_planner_statistics(self.using)
        return self.counts

    # Helpers --------------------------------------------------------------

    def insert(self, label, model, fields, rows):
        self.write(label, self.writer.prepare(model, fields, rows))

    def write(self, label, prepared):
        self.counts[label] = self.counts.get(label, 0) + self.writer.write(prepared)

    def insert_in_batches(self, label, model, fields, rows, stage=None):
        """Insert rows batch by batch; with a stage, report progress after each batch."""
        for start in range(0, len(rows), self.batch_size):
            self.insert(label, model, fields, rows[start : start + self.batch_size])
            if stage:
                self.progress(stage, min(len(rows), start + self.batch_size), len(rows))

    def slugs(self, model, max_length):
        """An allocator of new slugs for model, around those its table holds."""
        return SlugAllocator(model.objects.using(self.using).values_list("slug", flat=True), max_length)

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

    # Regions, operators, spaces --------------------------------------------

    def create_regions(self):
        """Write the provinces, cities and districts; returns the districts to place rows in."""
        scale = self.scale
        regions = Region.objects.using(self.using)
        slugs = self.slugs(Region, 120)
        root = regions.filter(slug="china").first()
        if root is None:
            root = regions.create(slug="china", name_en="China", name_zh="中国", kind="country", synthetic=True)
            slugs.taken.add("china")
            self.counts["regions"] = 1
        ids = self.writer.allocate_ids(Region, scale.provinces + scale.cities + scale.districts)
        drafted = RegionDrafter(self.rng, slugs, ids).draft(scale, root.pk, root.path)
        self.insert_in_batches("regions", Region, REGION_FIELDS, drafted.rows, stage="regions")
        return drafted.districts

    def create_operators(self, districts):
        """Write the operators and their links; returns the OperatorDrafter with the pools spaces pick from."""
        ids = self.writer.allocate_ids(Operator, self.scale.operators)
        drafted = OperatorDrafter(self.rng, self.slugs(Operator, 120), districts).draft(ids)
        self.insert_in_batches("operators", Operator, OPERATOR_FIELDS, drafted.rows, stage="operators")
        self.insert_in_batches("joint venture members", Operator.members.through, MEMBER_FIELDS, drafted.members)
        self.insert_in_batches(
            "operator source links",
            Operator.sources.through,
            ["operator_id", "source_id"],
            [(operator_id, self.source_id) for operator_id in ids],
        )
        return drafted

    def create_spaces(self, districts, operators):
        total = self.scale.spaces
        space_ids = self.writer.allocate_ids(Space, total)
        drafter = SpaceDrafter(
            self.rng,
            source_id=self.source_id,
            metrics=self.metrics,
            service_ids=self.service_ids,
            districts=districts,
            runners=operators.runners,
            government=operators.government,
            slugs=SpaceSlugs(self.slugs(Space, 120), self.slugs(Statistic, 160), self.slugs(Designation, 160)),
        )
        # Drafting (Python) and writing (mostly the database server's work)
        # would take turns; instead a thread drafts and prepares the next
        # batch while this one is written. Drafting uses no database (this
        # thread's connection holds the transaction), and only the drafting
        # thread touches the random generator and the slug allocators meanwhile.
        for batch in produced_in_background(self.draft_batches(drafter, space_ids)):
            for label, prepared in batch:
                self.write(label, prepared)
            self.progress("spaces", self.counts["spaces"], total)

    def draft_batches(self, drafter, space_ids):
        """Per batch of spaces, the rows to write, table by table, as (label, prepared rows)."""
        prepare = self.writer.prepare
        for start in range(0, len(space_ids), self.batch_size):
            batch = drafter.draft(space_ids[start : start + self.batch_size])
            yield [
                ("spaces", prepare(Space, SPACE_FIELDS, batch.spaces)),
                ("space operator roles", prepare(SpaceOperator, ROLE_FIELDS, batch.roles)),
                ("statistics", prepare(Statistic, STATISTIC_FIELDS, batch.statistics)),
                ("designations", prepare(Designation, DESIGNATION_FIELDS, batch.designations)),
                ("space service links", prepare(Space.services.through, SERVICE_LINK_FIELDS, batch.service_links)),
                ("space source links", prepare(Space.sources.through, SOURCE_LINK_FIELDS, batch.source_links)),
            ]
