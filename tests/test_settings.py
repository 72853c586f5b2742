"""Settings come from the environment: database, debug and secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT_DB = (
    "import django, json; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'max_age': db.get('CONN_MAX_AGE'), 'health': db.get('CONN_HEALTH_CHECKS'), 'options': db.get('OPTIONS', {})}))"
)


def run_settings(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "core.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_sqlite_without_database_url():
    result = run_settings(PRINT_DB)
    db = json.loads(result.stdout)
    assert db["engine"] == "django.db.backends.sqlite3"
    assert db["name"] == str(ROOT / "db.sqlite3")
    assert "journal_mode=WAL" in db["options"]["init_command"]
    assert db["options"]["timeout"] > 0


def test_postgresql_with_database_url():
    result = run_settings(PRINT_DB, DATABASE_URL="postgres://editor@db.example.org:5432/directory")
    db = json.loads(result.stdout)
    assert db["engine"] == "django.db.backends.postgresql"
    assert db["name"] == "directory"
    assert db["max_age"] > 0
    assert db["health"] is True


def test_production_without_secret_key_refuses_to_start():
    result = run_settings(PRINT_DB, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    result = run_settings(PRINT_DB, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


# The PostgreSQL server of the test setup; the maintenance database always exists.
POSTGRES_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"

PRINT_ALIASES = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps({'aliases': sorted(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
    "'replica': {k: settings.DATABASES['replica'][k] for k in ('ENGINE', 'NAME', 'HOST', 'CONN_MAX_AGE', "
    "'CONN_HEALTH_CHECKS', 'TEST')} if 'replica' in settings.DATABASES else None}))"
)

READ_THROUGH_REPLICA = (
    "import django, json; django.setup(); "
    "from django.db import connections, router; from makerspaces.models import Space; "
    "cursor = connections['replica'].cursor(); cursor.execute('SELECT current_database()'); "
    "print(json.dumps({'read': router.db_for_read(Space), 'write': router.db_for_write(Space), "
    "'replica_database': cursor.fetchone()[0]}))"
)


def postgres_reachable():
    try:
        psycopg2.connect(POSTGRES_SERVER_URL, connect_timeout=3).close()
    except psycopg2.OperationalError:
        return False
    return True


def test_no_replica_without_database_replica_url():
    result = run_settings(PRINT_ALIASES)
    assert json.loads(result.stdout) == {"aliases": ["default"], "routers": [], "replica": None}


def test_database_replica_url_adds_a_replica_alias():
    result = run_settings(
        PRINT_ALIASES,
        DATABASE_URL="postgres://editor@primary.example.org:5432/directory",
        DATABASE_REPLICA_URL="postgres://reader@replica.example.org:5432/directory",
    )
    settings = json.loads(result.stdout)
    assert settings["aliases"] == ["default", "replica"]
    assert settings["routers"] == ["core.db_routers.PrimaryReplicaRouter"]
    replica = settings["replica"]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["NAME"]) == ("replica.example.org", "directory")
    # Same connection options as the primary; tests use the primary in its place.
    assert replica["CONN_MAX_AGE"] > 0 and replica["CONN_HEALTH_CHECKS"] is True
    assert replica["TEST"]["MIRROR"] == "default"


@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL server at 127.0.0.1:5432")
def test_replica_alias_reads_from_the_server_it_names():
    result = run_settings(
        READ_THROUGH_REPLICA, DATABASE_URL=POSTGRES_SERVER_URL, DATABASE_REPLICA_URL=POSTGRES_SERVER_URL
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"read": "replica", "write": "default", "replica_database": "postgres"}


PRINT_CACHE = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps(settings.CACHES['default']))"
)


def test_memory_cache_without_redis_url():
    cache = json.loads(run_settings(PRINT_CACHE).stdout)
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_cache_with_redis_url():
    cache = json.loads(run_settings(PRINT_CACHE, REDIS_URL="redis://cache.example.org:6379/1").stdout)
    assert cache["BACKEND"] == "makerspaces.cache_backend.RedisCacheOrMiss"  # Django's, Redis away is a miss
    assert cache["LOCATION"] == "redis://cache.example.org:6379/1"


def test_cache_off_caches_nothing_even_with_redis_url():
    cache = json.loads(
        run_settings(PRINT_CACHE, REDIS_URL="redis://cache.example.org:6379/1", DJANGO_CACHE="off").stdout
    )
    assert cache["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"
