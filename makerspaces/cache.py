"""The caching layer: every cached value of the site, its key, its timeout and when it goes stale.

Nothing else in the project reads or writes the cache: querysets and filters
compute, and the views and the directory's facets ask this module for the
values below, passing the computation to run on a miss.

Values are invalidated by a site-wide data version, kept in the database
(``DataVersion``, one row) so that every process sees it: web workers, shells
running ``reload_fixtures``, the demo generator. Every save, delete and
many-to-many change of a directory model moves it on in the writing
transaction, so values cached before a write are never read once the write
has committed (they expire on their own). This keeps invalidation correct
without knowing which pages a write affects; the directory changes rarely, so
recomputing everything after a write is cheap.

A request reads the version once, at its first use (``DataVersionMiddleware``
pins it), so a page costs one query for it however many values it looks up.

Bulk operations that bypass model signals (bulk_create, COPY, raw deletes)
run inside ``makerspaces.writes.bulk_writes()``, which invalidates once at the end.
"""

import contextvars
import hashlib
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from core.models import DataVersion

from .deferral import Deferral

# Every value lives until the next write to the directory, or this many seconds if none comes.
TIMEOUT = 600

# Keys that memcached-style backends accept: short, printable, no spaces.
_PLAIN_KEY = re.compile(r"^[\w.:/-]{1,160}$")

_MISSING = object()


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime


# The version the current request reads under, once read; None outside a request or before.
_pinned = contextvars.ContextVar("pinned_data_version", default=None)
# The values the current request has looked up, by key: a request shares them even when the cache
# keeps nothing (DJANGO_CACHE=off, or a value evicted between two lookups). None outside a request.
_looked_up = contextvars.ContextVar("values_looked_up", default=None)


def current_version():
    """The data version (number and time of the last write), read once per request."""
    pinned = _pinned.get()
    if isinstance(pinned, Version):
        return pinned
    version = _read_version()
    if pinned is not None:  # inside a request: keep it for the rest of the request
        _pinned.set(version)
    return version


def data_version():
    return current_version().number


def _read_version():
    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    if row is None:  # a flushed table (tests that truncate, a restored dump without it)
        return _create_version()
    return Version(*row)


def _create_version(using="default"):
    # The clock: a version made anew must not repeat one that keyed values still cached.
    try:
        with transaction.atomic(using=using):
            row, _ = DataVersion.objects.using(using).get_or_create(
                pk=1, defaults={"version": time.time_ns(), "changed_at": timezone.now()}
            )
    except IntegrityError:  # another process made it meanwhile
        row = DataVersion.objects.using(using).get(pk=1)
    return Version(row.version, row.changed_at)


def bump_data_version(using=None):
    """Move to a new data version, in the current transaction, making every cached value stale."""
    using = using or "default"
    if not DataVersion.objects.using(using).filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        _create_version(using)
    if _pinned.get() is not None:
        _pinned.set(_UNREAD)  # this request reads the new version from here on


class DataVersionMiddleware:
    """Reads the data version at most once per request, at its first use, and keeps the values the
    request looks up for the rest of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token, looked_up = _pinned.set(_UNREAD), _looked_up.set({})
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(token)
            _looked_up.reset(looked_up)


_UNREAD = object()  # inside a request, version not read yet


def versioned_key(key_parts):
    """The cache key for key_parts under the current data version, in the current language (names, labels,
    dates and the order of names all follow it)."""
    text = ":".join(str(part) for part in key_parts)
    if not _PLAIN_KEY.match(text):
        text = hashlib.sha256(text.encode()).hexdigest()
    return f"directory:{data_version()}:{translation.get_language()}:{text}"


def cached(key_parts, compute, timeout=TIMEOUT):
    """compute(), cached until the next write to the directory or the timeout.

    key_parts: a tuple naming the value (its kind and whatever it depends on
    besides the data, such as a page number). timeout: seconds, as for
    cache.set (the cache's default when left out).
    """
    key = versioned_key(key_parts)
    looked_up = _looked_up.get()
    if looked_up is not None and key in looked_up:
        return looked_up[key]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        # Threads of one process asking for the same missing value wait for the first to compute
        # it, rather than all running the same expensive queries at once after a write.
        with _lock_for(key):
            value = cache.get(key, _MISSING)
            if value is _MISSING:
                value = compute()
                cache.set(key, value, timeout)
    if looked_up is not None:
        looked_up[key] = value
    return value


_locks = {}
_locks_guard = threading.Lock()


def _lock_for(key):
    with _locks_guard:
        if len(_locks) > 1000:  # keys of past data versions are never asked for again
            _locks.clear()
        return _locks.setdefault(key, threading.Lock())


_deferred = Deferral()


def invalidation_deferred(using=None):
    """Within the block, writes invalidate nothing; its end invalidates once, as one write would.

    For loads that save many rows one by one (reload_fixtures, hundreds of
    saves): one bump of the data version instead of two per row, each a
    round trip to the cache server. Nothing may read cached values inside.
    """
    return _deferred.block(lambda _written: invalidate(using))


def written(using=None):
    """Data was written: invalidate now, or once at the end of an invalidation_deferred block."""
    if _deferred.active:
        _deferred.note("written")
    else:
        invalidate(using)


def invalidate_on_write(sender, using=None, **kwargs):
    written(using)


def invalidate(using=None):
    # In the writing transaction: other processes see the new version exactly when they see the write.
    bump_data_version(using)


def invalidate_on_m2m_change(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate_on_write(sender, using=using)


def invalidate_after_migrate(sender, using=None, **kwargs):
    # A migration may change data without sending model signals.
    invalidate(using)


def connect_signals():
    """Invalidate on every save, delete and M2M change of a directory model, and after migrations."""
    config = apps.get_app_config("makerspaces")
    post_migrate.connect(invalidate_after_migrate, sender=config, dispatch_uid="directory-cache-migrate")
    for model in config.get_models():
        if model is DataVersion:
            continue
        uid = f"directory-cache-{model._meta.label_lower}"
        post_save.connect(invalidate_on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_on_write, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                invalidate_on_m2m_change, sender=through, dispatch_uid=f"directory-cache-{through._meta.label_lower}"
            )


# HTTP caching of the public pages ------------------------------------------------------------
# Browsers revalidate every time (a 304 costs one query); a shared cache in front (nginx, a CDN)
# may keep a page this briefly, and serve it this much longer while it fetches a fresh one.
SHARED_MAX_AGE = 2
STALE_WHILE_REVALIDATE = 10


def _release():
    """What identifies the code that renders pages: a page changes with it as with the data."""
    newest, digest = 0, hashlib.sha256()
    for folder in ("templates", "makerspaces", "core"):
        for path in sorted(Path(settings.BASE_DIR, folder).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                stat = path.stat()
                newest = max(newest, stat.st_mtime)
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:12], datetime.fromtimestamp(newest, tz=UTC)


RELEASE, RELEASED_AT = _release()


def page_etag(request, *args, **kwargs):
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"{data_version()}-{RELEASE}-{language}"


def page_last_modified(request, *args, **kwargs):
    return max(current_version().changed_at, RELEASED_AT)


def public_page(view):
    """A view of a public page: ETag and Last-Modified from the data version, 304 for a page the client
    has, and headers that let shared caches keep it briefly. Pages seen logged in are never shared."""
    conditional = condition(etag_func=page_etag, last_modified_func=page_last_modified)(view)

    @wraps(view)
    def serve(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=SHARED_MAX_AGE,
                stale_while_revalidate=STALE_WHILE_REVALIDATE,
            )
        return response

    return serve


# The values the site caches ------------------------------------------------------------------
# Each takes what its key depends on besides the data, and the computation to run on a miss.


def page_key(address):
    """The key of the page rendered for an address (path and query) under the current data version.

    Taken before the page reads anything, so a page read before a write is never stored under
    the version after it.
    """
    return versioned_key(("page", address))


def stored_page(key):
    """``(content, content type)`` of a page stored under ``key``, or None."""
    return cache.get(key)


def store_page(key, content, content_type):
    cache.set(key, (content, content_type), TIMEOUT)


def region_counts(spaces, scope=()):
    """``{region slug: spaces in it or below}`` of ``spaces``, which ``scope`` (a tuple of strings) names.

    The home page, the region tree and the unfiltered directory's region facets all count every
    space (scope ``()``) and share one count.
    """
    return cached(("region-counts", *scope), spaces.counts_by_region)


def space_count(filters, compute):
    """How many spaces the directory's ``filters`` (``SpaceFilterSet.key()``) give."""
    return cached(("space-count", *filters), compute)


def facet_options(name, filters, compute):
    """A directory facet's options with their counts, for the other filters ``filters``."""
    return cached(("facet", name, *filters), compute)


def kind_status_counts(filters, compute):
    return cached(("kind-status-counts", *filters), compute)


def region_names(filters, compute):
    """The names of the regions the region facets offer for the other filters ``filters``."""
    return cached(("region-names", *filters), compute)


def search_found(words, compute):
    """Whether a search's words are found in any space at all."""
    return cached(("search-found", words), compute)


def directory_page(sort, number, filters, compute):
    """The spaces of one page of the directory, with their operators."""
    return cached(("space-page", sort, number, *filters), compute)


def home_headlines(compute):
    return cached(("home-headlines",), compute)


def related_spaces(relation, space, compute):
    """Spaces related to a space (``relation``: "sharing-operator" or "neighbours")."""
    return cached((relation, space.pk), compute)


def source_lists(source, compute):
    """What the directory took from a source, list by list."""
    return cached(("source-lists", source.pk), compute)


def source_paragraphs(source, compute):
    """What the directory took from each paragraph of a source."""
    return cached(("source-paragraphs", source.pk), compute)


def data_package(compute):
    """The data package's zip file of the current data."""
    return cached(("data-package",), compute)


def directory_map(filters, compute):
    """The map above the directory's results: the result's spaces by province and city, for ``filters``."""
    return cached(("directory-map", *filters), compute)


# Pages that must never be shared ---------------------------------------------------------------


def personal_page(view):
    """A page for one visitor: a form with its CSRF token, or what one reader sent us. No cache keeps it."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
        return response

    return serve


# Counting attempts, for rate limits ---------------------------------------------------------------


def attempts_in_window(scope, window):
    """Counts one more attempt of ``scope`` (a tuple of strings) in the current ``window`` seconds; how many so far.

    Kept in the cache (shared by every worker with Redis, per process otherwise); a cache that keeps
    nothing (``DJANGO_CACHE=off``) counts every attempt as the first.
    """
    bucket = int(time.time() // window)
    name = hashlib.sha256(":".join(scope).encode()).hexdigest()[:32]
    key = f"attempts:{name}:{window}:{bucket}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between the two calls
        cache.set(key, 1, window)
        return 1
