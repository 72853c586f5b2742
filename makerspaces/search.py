"""What the directory's search looks in, kept on each space as one normalised text.

A space is found by the words of its names, aliases, description and the names
of its operators. Those live in two tables, so each space keeps them together in
``Space.search_document``: NFKC-normalised and case-folded, so that "ＷeWork",
"wework" and "WEWORK" are the same words. Matching is a substring test on that
text, the same on SQLite and PostgreSQL, so both find the same spaces.

On PostgreSQL, migration 0003 adds what makes that fast and better:
- a trigram index (pg_trgm) on ``search_document``, which serves the substring
  test, Chinese names included (they have no spaces between words to split on);
- ``Space.search_vector``, a full-text vector with names weighted above aliases
  and the rest, kept current by a trigger, which ranks the spaces found;
- trigram word similarity, used when a search finds nothing at all, so a typing
  mistake ("shenzen") still finds the space ("Shenzhen").
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import connections
from django.db.models.signals import post_delete, post_save, pre_save

from .deferral import Deferral
from .models import Operator, Space, SpaceOperator
from .text import document

# The PostgreSQL index that serves the search (created by migration 0003).
TRIGRAM_INDEX = "space_search_document_trgm"
CREATE_TRIGRAM_INDEX = f"CREATE INDEX {TRIGRAM_INDEX} ON makerspaces_space USING gin (search_document gin_trgm_ops)"


@contextmanager
def trigram_index_rebuilt(using="default"):
    """Drop the trigram index for the block and build it again after: for bulk loads only.

    Building it once over 100,000 documents takes half the time of updating it
    row by row during the load. The drop locks the spaces table until the
    transaction ends, so the caller must hold one and expect readers to wait.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TRIGRAM_INDEX)


def supports_similarity(using="default"):
    """Whether the database can find spaces by similar words (PostgreSQL's pg_trgm)."""
    return connections[using].vendor == "postgresql"


def operator_names_of(space_ids, using="default"):
    """``{space id: [operator names]}`` in one query."""
    names = defaultdict(list)
    rows = (
        SpaceOperator.objects.using(using)
        .filter(space__in=space_ids)
        .order_by("operator__name_en", "pk")
        .values_list("space_id", "operator__name_en", "operator__name_zh")
    )
    for space_id, name_en, name_zh in rows:
        names[space_id].extend(name for name in (name_en, name_zh) if name not in names[space_id])
    return names


def refresh_documents(space_ids=None, using="default"):
    """Recompute the search documents of these spaces (all when None); return how many changed.

    Writes with UPDATE, which sends no signals: a document is derived data, and
    the write that made it stale has already marked the cached pages stale.
    """
    spaces = Space.objects.using(using).order_by()
    if space_ids is not None:
        spaces = spaces.filter(pk__in=list(space_ids))
    rows = list(
        spaces.values_list("pk", "name_en", "name_zh", "aliases", "description", "description_zh", "search_document")
    )
    operators = operator_names_of([row[0] for row in rows], using)
    stale = []
    for pk, name_en, name_zh, aliases, description, description_zh, current in rows:
        fresh = document(name_en, name_zh, aliases, description, operators.get(pk, ()), description_zh)
        if fresh != current:
            stale.append(Space(pk=pk, search_document=fresh))
    Space.objects.using(using).bulk_update(stale, ["search_document"], batch_size=1000)
    return len(stale)


# Signals: every write that changes what a space is found by updates its document.

_deferred = Deferral()


def documents_deferred(using="default"):
    """Within the block, writes note which documents they made stale; the block's end refreshes them at once.

    For loads that save many rows one by one (reload_fixtures): one refresh
    instead of one per role saved. Documents are stale inside the block.
    """
    return _deferred.block(lambda space_ids: refresh_documents(space_ids, using))


def _stale(space_ids, using):
    """Refresh these documents now, or at the end of a documents_deferred block."""
    if _deferred.active:
        _deferred.note(*space_ids)
    else:
        refresh_documents(space_ids, using)


def space_document_before_save(sender, instance, raw, using, **kwargs):
    operators = ()
    if instance.pk:
        if _deferred.active:
            _deferred.note(instance.pk)
        else:
            operators = operator_names_of([instance.pk], using).get(instance.pk, ())
    instance.search_document = document(
        instance.name_en, instance.name_zh, instance.aliases, instance.description, operators, instance.description_zh
    )


def role_changed(sender, instance, using, **kwargs):
    _stale([instance.space_id], using)


def operator_saved(sender, instance, raw, using, created, **kwargs):
    if not created:
        _stale(list(instance.space_roles.using(using).values_list("space_id", flat=True)), using)


def connect_signals():
    pre_save.connect(space_document_before_save, sender=Space, dispatch_uid="search-document-space")
    post_save.connect(role_changed, sender=SpaceOperator, dispatch_uid="search-document-role-save")
    post_delete.connect(role_changed, sender=SpaceOperator, dispatch_uid="search-document-role-delete")
    post_save.connect(operator_saved, sender=Operator, dispatch_uid="search-document-operator")
