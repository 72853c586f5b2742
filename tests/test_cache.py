"""Cached values are keyed by a data version, kept in the database, that every write to the directory bumps."""

import io
import os
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from core.models import DataVersion
from makerspaces.cache import bump_data_version, cached, data_version
from makerspaces.models import Region, Service, Space

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_reachable():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


@pytest.fixture(params=["locmem", "redis"])
def backend(request):
    """Run a test against local memory and against Redis, in a key space of its own."""
    if request.param == "locmem":
        yield "locmem"
        return
    if not redis_reachable():
        pytest.skip(f"no Redis server at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex}"
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=settings):
        assert isinstance(caches["default"], RedisCache)
        yield "redis"
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


class Counter:
    """A computation that records how often it ran."""

    def __init__(self, compute):
        self.compute = compute
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.compute()


def test_version_is_kept_between_reads(db):
    version = data_version()
    assert isinstance(version, int)
    assert data_version() == version


def test_bump_moves_to_a_higher_version(db):
    before = data_version()
    bump_data_version()
    assert data_version() > before


def test_version_survives_a_cache_flush(backend, db):
    before = data_version()
    cache.clear()
    assert data_version() == before


def test_a_lost_version_row_comes_back_above_earlier_versions(db):
    bump_data_version()
    old = data_version()
    DataVersion.objects.all().delete()
    assert data_version() > old
    DataVersion.objects.all().delete()
    bump_data_version()  # a bump with no row starts one
    assert data_version() > old


def test_a_rolled_back_write_leaves_the_version_as_it_was(regions):
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Space.objects.create(slug="s", name_en="S", region=regions["nanshan"])
        assert data_version() > before  # inside the transaction the write is seen
        raise RuntimeError
    assert data_version() == before


def test_value_is_computed_once_until_a_write(backend, regions):
    count_regions = Counter(lambda: Region.objects.count())
    assert cached(("region-count",), count_regions) == 5
    assert cached(("region-count",), count_regions) == 5
    assert count_regions.calls == 1

    Region.objects.create(slug="futian", name_en="Futian", kind="district", parent=regions["shenzhen"])

    assert cached(("region-count",), count_regions) == 6
    assert count_regions.calls == 2


def test_key_parts_keep_values_apart(backend, db):
    assert cached(("page", 1), lambda: "first") == "first"
    assert cached(("page", 2), lambda: "second") == "second"
    assert cached(("page", 1), lambda: "recomputed") == "first"


def test_key_parts_with_spaces_and_long_text_work(backend, db):
    query = "maker space " * 40
    assert cached(("search", query), lambda: ["a"]) == ["a"]
    assert cached(("search", query), lambda: ["b"]) == ["a"]


def test_a_cached_none_is_not_recomputed(backend, db):
    compute = Counter(lambda: None)
    assert cached(("nothing",), compute) is None
    assert cached(("nothing",), compute) is None
    assert compute.calls == 1


def test_save_bumps_the_version(regions):
    before = data_version()
    regions["nanshan"].name_en = "Nanshan"
    regions["nanshan"].save()
    assert data_version() > before


def test_delete_bumps_the_version(regions):
    before = data_version()
    regions["beijing"].delete()
    assert data_version() > before


def test_m2m_change_bumps_the_version(regions, make_space):
    space = make_space(regions["nanshan"])
    service = Service.objects.create(slug="mentoring", name="Mentoring")
    before = data_version()
    space.services.add(service)
    after_add = data_version()
    assert after_add > before
    space.services.clear()
    assert data_version() > after_add


def test_the_version_moves_in_the_writing_transaction_not_after(regions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        before = data_version()
        Space.objects.create(slug="s", name_en="S", region=regions["nanshan"])
        assert data_version() > before
    assert callbacks == []


def test_deferred_invalidation_bumps_once_at_the_end(regions, make_space):
    from makerspaces.cache import invalidation_deferred

    before = data_version()
    with invalidation_deferred():
        for n in range(5):
            make_space(regions["nanshan"], name_en=f"Space {n}")
        assert data_version() == before  # nothing may read cached values in here
    assert data_version() == before + 1  # one bump, not one per row


def test_a_deferred_block_without_writes_invalidates_nothing(regions):
    from makerspaces.cache import invalidation_deferred

    before = data_version()
    with invalidation_deferred():
        list(Space.objects.all())
    assert data_version() == before


def test_reload_invalidates_cached_values_when_it_changes_data(db, tmp_path, settings):
    # reload_fixtures saves row by row, so the signal handlers see every change.
    settings.BACKUP_DIR = tmp_path / "backups"
    assert cached(("space-count",), Space.objects.count) == 0
    call_command("reload_fixtures", stdout=io.StringIO())
    count = Space.objects.count()
    assert count > 0
    assert cached(("space-count",), Space.objects.count) == count
    version = data_version()
    call_command("reload_fixtures", stdout=io.StringIO())
    assert data_version() == version
