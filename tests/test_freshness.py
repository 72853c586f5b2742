"""No page is older than the last committed write, whichever process wrote it.

The site runs in processes of its own (the development server, or gunicorn with two workers
as in production, without Redis: each worker caches in its own memory) while another process
reloads the fixtures with a space renamed, as an editor would from a shell. The very next
request to any worker shows the new name. Runs on SQLite, or on PostgreSQL when the suite does.
"""

import sys

import pytest

from tests.servers import fetch, free_port, manage, rename_in_fixtures, site_database, start, wait_until_serving

__all__ = ["site_database"]  # a fixture, used by name

SPACE = "3w-cafe-inno-ave"
PAGE = f"/spaces/{SPACE}/"
RENAMED = "Renamed From Another Process"


SERVERS = {
    # make run's server, with its default settings.
    "runserver": lambda port: [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
    # make serve-prod's, with two workers and no Redis.
    "gunicorn": lambda port: [sys.executable, "-m", "gunicorn", "--config", "core/gunicorn.conf.py"],
}


@pytest.mark.parametrize("server", SERVERS)
def test_a_write_from_another_process_shows_on_the_next_request(server, site_database, tmp_path):
    # Each test renames the space to a name of its own: the database is shared by this module's tests.
    env, renamed = site_database, f"{RENAMED} ({server})"
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
            assert status == 200 and renamed not in html
        old_etag = headers["ETag"]

        manage(env, "reload_fixtures", "--fixture-dir", str(rename_in_fixtures(tmp_path, SPACE, renamed)))

        for _ in range(8):
            status, html, headers = fetch(port, PAGE)
            assert status == 200 and renamed in html
        assert headers["ETag"] != old_etag
        # A client holding the old page is sent the new one, not told it is still good.
        status, html, _ = fetch(port, PAGE, {"If-None-Match": old_etag})
        assert status == 200 and renamed in html
        status, _, _ = fetch(port, PAGE, {"If-None-Match": headers["ETag"]})
        assert status == 304
    finally:
        process.terminate()
        process.wait(timeout=30)
