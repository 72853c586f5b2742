"""No page is older than the last committed write, whichever process wrote it.

The site runs in processes of its own (the development server, or gunicorn with two workers
as in production, without Redis: each worker caches in its own memory) while another process
reloads the fixtures with a space renamed, as an editor would from a shell. The very next
request to any worker shows the new name. Runs on SQLite, or on PostgreSQL when the suite does.
"""

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
SPACE = "3w-cafe-inno-ave"
PAGE = f"/spaces/{SPACE}/"
RENAMED = "Renamed From Another Process"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def site_database(tmp_path):
    """Settings' environment for a database of this test's own: a SQLite file, or a new PostgreSQL database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "GUNICORN_"))}
    env.update(DJANGO_SETTINGS_MODULE="core.settings", DJANGO_BACKUP_DIR=str(tmp_path / "backups"))
    url = os.environ.get("DATABASE_URL")
    if not url:
        env["SQLITE_PATH"] = str(tmp_path / "site.sqlite3")
        yield env
        return
    import psycopg2

    name = f"mk_fresh_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield env
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


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


SERVERS = {
    # make run's server, with its default settings.
    "runserver": lambda port: [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
    # make serve-prod's, with two workers and no Redis.
    "gunicorn": lambda port: [sys.executable, "-m", "gunicorn", "--config", "core/gunicorn.conf.py"],
}


@pytest.mark.parametrize("server", SERVERS)
def test_a_write_from_another_process_shows_on_the_next_request(server, site_database, tmp_path):
    env = site_database
    manage(env, "migrate", "--noinput")
    manage(env, "reload_fixtures")
    port = free_port()
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_ACCESSLOG": ""}
    if server == "gunicorn":
        server_env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="freshness-test-" + "x" * 40,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        )
        manage(server_env, "collectstatic", "--noinput")  # as make serve-prod does first
    process = start(SERVERS[server](port), server_env)
    try:
        wait_until_serving(port, process)
        # Every worker renders and stores the page (new connections spread over them).
        for _ in range(8):
            status, html, headers = fetch(port, PAGE)
            assert status == 200 and RENAMED not in html
        old_etag = headers["ETag"]

        fixtures = tmp_path / "fixtures"
        shutil.copytree(ROOT / "fixtures", fixtures)
        spaces = json.loads((fixtures / "spaces.json").read_text())
        (space,) = [item for item in spaces if item["fields"]["slug"] == SPACE]
        space["fields"]["name_en"] = RENAMED
        (fixtures / "spaces.json").write_text(json.dumps(spaces, ensure_ascii=False, indent=2) + "\n")
        manage(env, "reload_fixtures", "--fixture-dir", str(fixtures))

        for _ in range(8):
            status, html, headers = fetch(port, PAGE)
            assert status == 200 and RENAMED in html
        assert headers["ETag"] != old_etag
        # A client holding the old page is sent the new one, not told it is still good.
        status, html, _ = fetch(port, PAGE, {"If-None-Match": old_etag})
        assert status == 200 and RENAMED in html
        status, _, _ = fetch(port, PAGE, {"If-None-Match": headers["ETag"]})
        assert status == 304
    finally:
        process.terminate()
        process.wait(timeout=30)
