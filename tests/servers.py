"""The site in processes of its own, for tests that cross process boundaries: a database of the
test's own, manage.py commands, a server started and waited for, plain HTTP requests."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    """Settings' environment for a database of the test module's own, migrated and holding the article data:
    a SQLite file, or a new PostgreSQL database."""
    tmp_path = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "GUNICORN_"))}
    env.update(DJANGO_SETTINGS_MODULE="core.settings", DJANGO_BACKUP_DIR=str(tmp_path / "backups"))
    url = os.environ.get("DATABASE_URL")
    if not url:
        env["SQLITE_PATH"] = str(tmp_path / "site.sqlite3")
        yield loaded(env)
        return
    import psycopg2

    name = f"mk_fresh_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield loaded(env)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def loaded(env):
    manage(env, "migrate", "--noinput")
    manage(env, "reload_fixtures")
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def start(command, env):
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process


def fetch(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def wait_until_serving(port, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not answer within a minute")


def run_server(port, env):
    """make run's server on ``port``."""
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    return start(command, env)


def rename_in_fixtures(tmp_path, slug, name_en):
    """A copy of fixtures/ with one space renamed, as an editor would change it."""
    fixtures = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", fixtures, dirs_exist_ok=True)
    spaces = json.loads((fixtures / "spaces.json").read_text())
    (space,) = [item for item in spaces if item["fields"]["slug"] == slug]
    space["fields"]["name_en"] = name_en
    (fixtures / "spaces.json").write_text(json.dumps(spaces, ensure_ascii=False, indent=2) + "\n")
    return fixtures
