"""The key each named record sorts by in Chinese (``Named.name_sort``: its Chinese name in pinyin, or its
English name), kept current on every save and, after bulk loads that bypass saves, for every row left
without one.

Kept in a column rather than worked out per request, so that the Chinese directory sorts 100,000 spaces
from an index (``space_name_sort_idx``) as the English one does by ``name_en``.
"""

from django.db.models.signals import pre_save

from .models import Operator, Person, Region, Space
from .text import name_sort_key

SORTED_MODELS = (Space, Region, Operator, Person)
BATCH = 2000


def set_name_sort(sender, instance, **kwargs):
    # Also on raw saves (loaddata): the key is derived, and fixtures leave it out.
    instance.name_sort = name_sort_key(instance.name_en, instance.name_zh)


def refresh_sort_keys(using="default", everything=False):
    """Give every row without a sort key (all rows with ``everything``) its key; return how many changed."""
    changed = 0
    for model in SORTED_MODELS:
        rows = model.objects.using(using).order_by("pk")
        if not everything:
            rows = rows.filter(name_sort="")
        stale = [
            model(pk=pk, name_sort=key)
            for pk, name_en, name_zh, current in rows.values_list("pk", "name_en", "name_zh", "name_sort").iterator(
                chunk_size=BATCH
            )
            if (key := name_sort_key(name_en, name_zh)) != current
        ]
        model.objects.using(using).bulk_update(stale, ["name_sort"], batch_size=BATCH)
        changed += len(stale)
    return changed


def connect_signals():
    for model in SORTED_MODELS:
        pre_save.connect(set_name_sort, sender=model, dispatch_uid=f"name-sort-{model._meta.model_name}")
