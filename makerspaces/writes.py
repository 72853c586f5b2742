"""Bulk writes: one refresh of the search documents, one recount and one invalidation of the cache, at the end.

Loads that save many rows one by one (``reload_fixtures``) or bypass the model
signals altogether (the demo generator's COPY and bulk deletes) wrap their
writes in ``bulk_writes()``. Inside the block, saves note which search
documents they made stale instead of refreshing them, and recount and
invalidate nothing; the block's end refreshes the noted documents once,
recounts everything (makerspaces/counting.py) and then invalidates the cache
once if anything was written. A block that raises does neither (its
transaction is rolled back). Nothing may read cached values inside the block.
"""

from contextlib import contextmanager

from . import cache, counting, search, sorting


@contextmanager
def bulk_writes(using="default", *, bypassing_signals=False):
    """``bypassing_signals``: the block writes without model signals (COPY, bulk_create, raw deletes),
    so it counts as a write even when no signal noted one."""
    # Finished innermost first: documents and counts are written before the version moves on.
    with cache.invalidation_deferred(using), counting.counts_deferred(using), search.documents_deferred(using):
        yield
        if bypassing_signals:
            sorting.refresh_sort_keys(using)
            counting.written()
            cache.written(using)
