"""Settings come from the environment: database, debug and secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT_DB = (
    "import django, json; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'max_age': db.get('CONN_MAX_AGE'), 'health': db.get('CONN_HEALTH_CHECKS'), 'options': db.get('OPTIONS', {})}))"
)


def run_settings(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
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
