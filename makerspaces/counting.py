"""The counts kept beside the data, kept current in the transaction that writes the rows they count.

What is counted: the spaces in each region or below it (``Region.space_count``),
those of each operator and service (``space_count``), the figures of each metric
(``Metric.statistic_count``), and the spaces by kind and status and by
designation level (``models/counts.py``). The directory's facets, the home page
and the region pages read these instead of counting 100,000 spaces on every
request.

Every save, delete and many-to-many change recounts the few counts it touches,
exactly, from the rows: a count is never adjusted by a difference, so a write
that is retried or counted twice leaves it right. Before recounting, the write
locks the rows holding those counts (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite lets one writer in at a time): a concurrent writer waits, then counts in
a fresh snapshot that includes the first writer's committed rows.

Bulk loads (``makerspaces.writes.bulk_writes``) put recounting off and recount
everything once at their end; so do migrations.
"""

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
    Space,
    SpaceOperator,
    Statistic,
)

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


# Recounting some ----------------------------------------------------------------------------


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


def _distinct_spaces(rows, key):
    """A subquery: how many distinct spaces ``rows`` has for the outer row, joined on ``key``."""
    counted = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("space", distinct=True))
    return Coalesce(Subquery(counted.values("n")), 0)


def _recount_column(model, field, rows, key, ids, using):
    rows = rows.using(using)
    locked = model.objects.using(using).select_for_update().filter(pk__in=ids).order_by("pk")
    list(locked.values_list("pk", flat=True))
    model.objects.using(using).filter(pk__in=ids).update(**{field: _distinct_spaces(rows, key)})


def recount_operators(operator_ids, using="default"):
    _recount_column(Operator, "space_count", SpaceOperator.objects.all(), "operator", operator_ids, using)


def recount_services(service_ids, using="default"):
    _recount_column(Service, "space_count", SpaceServices.objects.all(), "service", service_ids, using)


def recount_metrics(metric_ids, using="default"):
    locked = Metric.objects.using(using).select_for_update().filter(pk__in=metric_ids).order_by("pk")
    list(locked.values_list("pk", flat=True))
    figures = Statistic.objects.using(using).filter(metric=OuterRef("pk")).order_by().values("metric")
    Metric.objects.using(using).filter(pk__in=metric_ids).update(
        statistic_count=Coalesce(Subquery(figures.annotate(n=Count("*")).values("n")), 0)
    )


def recount_kinds_and_statuses(pairs, using="default"):
    for kind, status in sorted(pairs):
        row, _ = KindStatusCount.objects.using(using).select_for_update().get_or_create(kind=kind, status=status)
        spaces = Space.objects.using(using).filter(kind=kind, status=status).count()
        if row.spaces != spaces:
            KindStatusCount.objects.using(using).filter(pk=row.pk).update(spaces=spaces)


def recount_designation_levels(levels, using="default"):
    for level in sorted(levels):
        row, _ = DesignationLevelCount.objects.using(using).select_for_update().get_or_create(level=level)
        spaces = Designation.objects.using(using).filter(level=level).values("space").distinct().count()
        if row.spaces != spaces:
            DesignationLevelCount.objects.using(using).filter(pk=row.pk).update(spaces=spaces)


# Recounting all -----------------------------------------------------------------------------


def recount_all(using="default"):
    """Every count, from the rows: after bulk loads and migrations."""
    with transaction.atomic(using=using):
        direct = dict(
            Space.objects.using(using)
            .order_by()
            .values_list("region")
            .annotate(n=Count("*"))
            .values_list("region", "n")
        )
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
        for model, rows, key in (
            (Operator, SpaceOperator.objects.all(), "operator"),
            (Service, SpaceServices.objects.all(), "service"),
        ):
            model.objects.using(using).update(space_count=_distinct_spaces(rows.using(using), key))
        recount_metrics(Metric.objects.using(using).values("pk"), using)
        recount_kinds_and_statuses(
            [(kind, status) for kind in SpaceKind.values for status in SpaceStatus.values], using
        )
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


def space_before_delete(sender, instance, using=None, **kwargs):
    # Its services' rows go with it, without a signal of their own.
    instance._services_counted = set() if _deferred.active else _services_of([instance.pk], using)


def space_deleted(sender, instance, using=None, **kwargs):
    _recounting(using, recount_services, *getattr(instance, "_services_counted", ()))
    _recounting(using, recount_regions, instance.region_id)
    _recounting(using, recount_kinds_and_statuses, (instance.kind, instance.status))


def _keyed(field):
    """Handlers for a model whose rows count toward the row ``field`` points to (an operator, a metric, a level)."""

    def before_save(sender, instance, raw=False, **kwargs):
        instance._counted_as = _before(sender, instance, [field])

    def written(sender, instance, using=None, **kwargs):
        before = (getattr(instance, "_counted_as", None) or {}).get(field)
        _recounting(using, RECOUNT[sender], before, getattr(instance, field))

    return before_save, written


def _services_of(space_ids, using):
    return set(SpaceServices.objects.using(using).filter(space__in=space_ids).values_list("service", flat=True))


def services_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    # Django sends no post_save or post_delete for the rows of an automatic many-to-many table.
    if action == "pre_clear" and not _deferred.active:
        # Which services lose the space (or which spaces the service loses) is known only before.
        instance._services_cleared = {instance.pk} if reverse else _services_of([instance.pk], using)
    elif action == "post_clear":
        _recounting(using, recount_services, *getattr(instance, "_services_cleared", ()))
    elif action in ("post_add", "post_remove"):
        _recounting(using, recount_services, *({instance.pk} if reverse else pk_set or ()))


def region_before_save(sender, instance, raw=False, **kwargs):
    instance._counted_as = _before(sender, instance, ["parent_id"])


def region_written(sender, instance, created=False, using=None, **kwargs):
    before = getattr(instance, "_counted_as", None)
    if before is not None and before["parent_id"] != instance.parent_id:
        # A region moved with everything below it: its old and new ancestors change.
        _recounting(using, lambda _keys, using: recount_all(using), "moved")


def recount_after_migrate(sender, using="default", **kwargs):
    recount_all(using)


RECOUNT = {
    SpaceOperator: recount_operators,
    Statistic: recount_metrics,
    Designation: recount_designation_levels,
}
KEYED = {SpaceOperator: "operator_id", Statistic: "metric_id", Designation: "level"}


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
    m2m_changed.connect(services_changed, sender=SpaceServices, dispatch_uid=f"{uid}-services")
    for model, field in KEYED.items():
        before_save, written = _keyed(field)
        label = model._meta.label_lower
        pre_save.connect(before_save, sender=model, dispatch_uid=f"{uid}-{label}-pre", weak=False)
        post_save.connect(written, sender=model, dispatch_uid=f"{uid}-{label}-save", weak=False)
        # Also when the rows go with a deleted space (a cascade sends this for each).
        post_delete.connect(written, sender=model, dispatch_uid=f"{uid}-{label}-delete", weak=False)
