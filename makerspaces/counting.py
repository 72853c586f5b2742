"""The counts kept beside the data, kept current in the transaction that writes the rows they count.

What is counted: the spaces in each region or below it (``Region.space_count``),
those of each operator and service (``space_count``), the figures of each metric,
the spaces and figures taken from each source, and the spaces by kind and status
and by designation level (``models/counts.py``). The directory's facets, the home
page, the region pages and the lists of sources and metrics read these instead
of counting 100,000 spaces on every request.

Every save, delete and many-to-many change recounts the few counts it touches,
exactly, from the rows: a count is never adjusted by a difference, so a write
that is retried or counted twice leaves it right. Before recounting, the write
locks the rows holding those counts (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite lets one writer in at a time): a concurrent writer waits, then counts in
a fresh snapshot that includes the first writer's committed rows.

Bulk loads (``makerspaces.writes.bulk_writes``) put recounting off and recount
everything once at their end; so do migrations.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete, pre_save

from .choices import DesignationLevel, SpaceKind, SpaceStatus
from .deferral import Deferral
from .models import (
    Designation,
    DesignationLevelCount,
    KindStatusCount,
    Metric,
    Operator,
    Region,
    Service,
    Source,
    Space,
    SpaceOperator,
    SpaceSource,
    Statistic,
)
from .models.sources import CountRows

SpaceServices = Space.services.through

_deferred = Deferral()


def counts_deferred(using="default"):
    """Within the block, writes recount nothing; its end recounts everything once if anything was written."""
    return _deferred.block(lambda _noted: recount_all(using))


def written():
    """Rows were written without model signals, inside ``counts_deferred``: its end recounts."""
    if _deferred.active:
        _deferred.note("written")


def _recounting(using, recount, *keys):
    keys = {key for key in keys if key is not None}
    if not keys:
        return
    if _deferred.active:
        _deferred.note("written")
        return
    # Part of the writer's transaction when it has one, which a failed recount then rolls back.
    with transaction.atomic(using=using, savepoint=False):
        recount(keys, using)


# Counts held in a column of the counted-for row ------------------------------------------------


@dataclass(frozen=True)
class Column:
    """``model.field`` counts the ``rows`` (of another table) whose ``key`` points to it."""

    model: type
    field: str
    rows: type
    key: str
    distinct_spaces: bool = False  # rows may repeat a space: count the spaces, not the rows

    def counted(self, using):
        rows = self.rows.objects.using(using).filter(**{self.key: OuterRef("pk")}).order_by()
        if self.distinct_spaces:
            return Coalesce(Subquery(rows.values(self.key).annotate(n=Count("space", distinct=True)).values("n")), 0)
        return Subquery(rows.annotate(n=CountRows()).values("n")[:1])

    def recount(self, ids, using="default"):
        """Lock the rows holding the counts, then count in a statement of its own: after the lock."""
        list(self.model.objects.using(using).select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        self.model.objects.using(using).filter(pk__in=ids).update(**{self.field: self.counted(using)})

    def recount_all(self, using="default"):
        self.model.objects.using(using).update(**{self.field: self.counted(using)})


OPERATOR_SPACES = Column(Operator, "space_count", SpaceOperator, "operator", distinct_spaces=True)
SERVICE_SPACES = Column(Service, "space_count", SpaceServices, "service")
METRIC_FIGURES = Column(Metric, "statistic_count", Statistic, "metric")
SOURCE_SPACES = Column(Source, "space_count", SpaceSource, "source")
SOURCE_FIGURES = Column(Source, "statistic_count", Statistic, "source")
COLUMNS = [OPERATOR_SPACES, SERVICE_SPACES, METRIC_FIGURES, SOURCE_SPACES, SOURCE_FIGURES]


# Counts of regions and of the small tables -------------------------------------------------------


def recount_regions(region_ids, using="default"):
    """The regions and every region above them, each counted from its own spaces and its children's counts."""
    paths = Region.objects.using(using).filter(pk__in=region_ids).values_list("path", flat=True)
    slugs = {slug for path in paths for slug in path.split("/")}
    # Locked in one order by every writer, so two writers never wait for each other.
    chain = list(Region.objects.using(using).select_for_update().filter(slug__in=slugs).order_by("pk"))
    # Deepest first: a region's count adds up its children's, recounted before it.
    for region in sorted(chain, key=lambda region: -region.path.count("/")):
        own = Space.objects.using(using).filter(region=region).count()
        below = Region.objects.using(using).filter(parent=region).aggregate(n=Sum("space_count"))["n"] or 0
        if region.space_count != own + below:
            Region.objects.using(using).filter(pk=region.pk).update(space_count=own + below)


def _recount_table(model, keys, fields, count, using):
    """Rows of a small count table (``model``), one per key (values of ``fields``): lock, count, write."""
    for key in sorted(keys):
        match = dict(zip(fields, key, strict=True))
        row, _ = model.objects.using(using).select_for_update().get_or_create(**match)
        spaces = count(match)
        if row.spaces != spaces:
            model.objects.using(using).filter(pk=row.pk).update(spaces=spaces)


def recount_kinds_and_statuses(pairs, using="default"):
    _recount_table(
        KindStatusCount,
        pairs,
        ("kind", "status"),
        lambda match: Space.objects.using(using).filter(**match).count(),
        using,
    )


def recount_designation_levels(levels, using="default"):
    designations = Designation.objects.using(using)
    _recount_table(
        DesignationLevelCount,
        [(level,) for level in levels],
        ("level",),
        lambda match: designations.filter(**match).values("space").distinct().count(),
        using,
    )


def recount_all(using="default"):
    """Every count, from the rows: after bulk loads and migrations."""
    with transaction.atomic(using=using):
        by_region = Space.objects.using(using).order_by().values("region").annotate(n=Count("*"))
        direct = {row["region"]: row["n"] for row in by_region}
        regions = list(Region.objects.using(using).select_for_update().order_by("pk"))
        # Up the parent links, not the paths: a region that moved updates its descendants' paths
        # only after its own save has sent the signal that brought us here.
        parent_of = {region.pk: region.parent_id for region in regions}
        totals = dict.fromkeys(parent_of, 0)
        for region_id, n in direct.items():
            while region_id is not None:
                totals[region_id] += n
                region_id = parent_of[region_id]
        changed = [region for region in regions if region.space_count != totals[region.pk]]
        for region in changed:
            region.space_count = totals[region.pk]
        Region.objects.using(using).bulk_update(changed, ["space_count"], batch_size=500)
        for column in COLUMNS:
            column.recount_all(using)
        pairs = [(kind, status) for kind in SpaceKind.values for status in SpaceStatus.values]
        recount_kinds_and_statuses(pairs, using)
        recount_designation_levels(DesignationLevel.values, using)


# What each write touches ----------------------------------------------------------------------
# pre_save notes what the row counted as before the write; post_save and post_delete recount both.


def _before(sender, instance, fields):
    if instance.pk is None or _deferred.active:
        return None
    return sender._base_manager.using(instance._state.db).filter(pk=instance.pk).values(*fields).first()


def space_before_save(sender, instance, raw=False, **kwargs):
    instance._counted_as = _before(sender, instance, ["region_id", "kind", "status"])


def space_written(sender, instance, using=None, **kwargs):
    before = getattr(instance, "_counted_as", None) or {}
    now = {"region_id": instance.region_id, "kind": instance.kind, "status": instance.status}
    if before == now:
        return
    _recounting(using, recount_regions, before.get("region_id"), now["region_id"])
    pairs = [(row["kind"], row["status"]) for row in (before, now) if row]
    _recounting(using, recount_kinds_and_statuses, *pairs)


def _linked(through, field, space_ids, using):
    return set(through.objects.using(using).filter(space__in=space_ids).values_list(field, flat=True))


def space_before_delete(sender, instance, using=None, **kwargs):
    # The rows of its many-to-many tables go with it, without a signal of their own.
    instance._linked = (
        {}
        if _deferred.active
        else {column: _linked(column.rows, column.key, [instance.pk], using) for column in (SERVICE_SPACES,)}
    )


def space_deleted(sender, instance, using=None, **kwargs):
    for column, ids in getattr(instance, "_linked", {}).items():
        _recounting(using, column.recount, *ids)
    _recounting(using, recount_regions, instance.region_id)
    _recounting(using, recount_kinds_and_statuses, (instance.kind, instance.status))


def _row_handlers(recounts):
    """Handlers for a model whose rows count toward the rows their fields point to: ``{field: recount}``."""

    def before_save(sender, instance, raw=False, **kwargs):
        instance._counted_as = _before(sender, instance, list(recounts))

    def written(sender, instance, using=None, **kwargs):
        before = getattr(instance, "_counted_as", None) or {}
        for field, recount in recounts.items():
            _recounting(using, recount, before.get(field), getattr(instance, field))

    return before_save, written


def _many_to_many_handler(column):
    """Django sends no post_save or post_delete for the rows of an automatic many-to-many table, nor for
    those that ``add()`` writes to a table of its own (citations): only ``m2m_changed``."""

    def changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
        if action == "pre_clear" and not _deferred.active:
            # Which rows lose the space (or which spaces the row loses) is known only before.
            instance._cleared = {instance.pk} if reverse else _linked(sender, column.key, [instance.pk], using)
        elif action == "post_clear":
            _recounting(using, column.recount, *getattr(instance, "_cleared", ()))
        elif action in ("post_add", "post_remove"):
            _recounting(using, column.recount, *({instance.pk} if reverse else pk_set or ()))

    return changed


def region_before_save(sender, instance, raw=False, **kwargs):
    instance._counted_as = _before(sender, instance, ["parent_id"])


def region_written(sender, instance, created=False, using=None, **kwargs):
    before = getattr(instance, "_counted_as", None)
    if before is not None and before["parent_id"] != instance.parent_id:
        # A region moved with everything below it: its old and new ancestors change.
        _recounting(using, lambda _keys, using: recount_all(using), "moved")


def recount_after_migrate(sender, using="default", apps=None, **kwargs):
    # Only at the schema of this code: after migrating back, or part way, the tables differ from the models.
    if apps is not None and any(
        {field.name for field in apps.get_model(model._meta.label)._meta.get_fields()}
        != {field.name for field in model._meta.get_fields()}
        for model in (Region, Space, Source)
    ):
        return
    recount_all(using)


ROWS = {
    SpaceOperator: {"operator_id": OPERATOR_SPACES.recount},
    # Written in the admin's inline or by loading: rows of their own, with their own signals.
    SpaceSource: {"source_id": SOURCE_SPACES.recount},
    Statistic: {"metric_id": METRIC_FIGURES.recount, "source_id": SOURCE_FIGURES.recount},
    Designation: {"level": recount_designation_levels},
}


def connect_signals():
    uid = "counting"
    post_migrate.connect(
        recount_after_migrate, sender=apps.get_app_config("makerspaces"), dispatch_uid=f"{uid}-migrate"
    )
    pre_save.connect(space_before_save, sender=Space, dispatch_uid=f"{uid}-space-pre")
    post_save.connect(space_written, sender=Space, dispatch_uid=f"{uid}-space-save")
    pre_delete.connect(space_before_delete, sender=Space, dispatch_uid=f"{uid}-space-pre-delete")
    post_delete.connect(space_deleted, sender=Space, dispatch_uid=f"{uid}-space-delete")
    pre_save.connect(region_before_save, sender=Region, dispatch_uid=f"{uid}-region-pre")
    post_save.connect(region_written, sender=Region, dispatch_uid=f"{uid}-region-save")
    for column in (SERVICE_SPACES, SOURCE_SPACES):
        label = column.rows._meta.label_lower
        m2m_changed.connect(
            _many_to_many_handler(column), sender=column.rows, dispatch_uid=f"{uid}-{label}", weak=False
        )
    for model, recounts in ROWS.items():
        before_save, written = _row_handlers(recounts)
        label = model._meta.label_lower
        pre_save.connect(before_save, sender=model, dispatch_uid=f"{uid}-{label}-pre", weak=False)
        post_save.connect(written, sender=model, dispatch_uid=f"{uid}-{label}-save", weak=False)
        # Also when the rows go with a deleted space (a cascade sends this for each).
        post_delete.connect(written, sender=model, dispatch_uid=f"{uid}-{label}-delete", weak=False)
