"""nginx with ops/nginx/makerspaces.conf in front of the site: public pages are kept briefly and
revalidated with the site's ETags; admin pages are never kept. Skipped where nginx is not installed
(.ci/run installs Debian's)."""

import os
import shutil
import subprocess
import time

import pytest

from tests.servers import (
    ROOT,
    fetch,
    free_port,
    manage,
    rename_in_fixtures,
    run_server,
    site_database,
    wait_until_serving,
)

__all__ = ["site_database"]  # a fixture, used by name

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")

SPACE = "3w-cafe-inno-ave"
PAGE = f"/spaces/{SPACE}/"


def nginx_config(tmp_path, listen, upstream):
    """The deployed configuration, with this test's ports and folders, inside a minimal main config."""
    site = (ROOT / "ops/nginx/makerspaces.conf").read_text()
    site = site.replace("/var/cache/nginx/makerspaces", str(tmp_path / "nginx-cache"))
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen};")
    assert f"127.0.0.1:{listen}" in site and f"127.0.0.1:{upstream}" in site
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    # As root, nginx's workers would run as nobody, who cannot read this test's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{user}
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    {site}
}}
"""
    path = tmp_path / "nginx.conf"
    path.write_text(main)
    return path


@pytest.fixture(scope="module")
def site_behind_nginx(site_database, tmp_path_factory):
    env, tmp_path = site_database, tmp_path_factory.mktemp("nginx")
    app_port, proxy_port = free_port(), free_port()
    app = run_server(app_port, env)
    config = nginx_config(tmp_path, proxy_port, app_port)
    proxy = subprocess.Popen([NGINX, "-c", str(config), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        wait_until_serving(app_port, app)
        wait_until_serving(proxy_port, proxy)
        yield env, proxy_port
    finally:
        for process in (proxy, app):
            process.terminate()
            process.wait(timeout=30)


def test_nginx_keeps_a_public_page_briefly_then_revalidates_it(site_behind_nginx, tmp_path):
    env, port = site_behind_nginx
    status, html, headers = fetch(port, PAGE)
    assert status == 200 and headers["X-Cache-Status"] in {"MISS", "EXPIRED"}
    assert fetch(port, PAGE)[2]["X-Cache-Status"] == "HIT"

    renamed = "Renamed Behind The Proxy"
    manage(env, "reload_fixtures", "--fixture-dir", str(rename_in_fixtures(tmp_path, SPACE, renamed)))
    written = time.monotonic()
    # Within s-maxage the kept copy may still be served; after it, nginx asks the site again.
    while renamed not in fetch(port, PAGE)[1]:
        assert time.monotonic() - written < 6, "nginx served the old page past s-maxage and one revalidation"
        time.sleep(0.25)
    # Unchanged since, the page is revalidated with a 304 rather than sent again.
    time.sleep(2.5)
    statuses = {fetch(port, PAGE)[2]["X-Cache-Status"] for _ in range(3)}
    assert statuses & {"REVALIDATED", "UPDATING", "STALE", "HIT"}


def test_nginx_never_keeps_admin_pages(site_behind_nginx):
    _env, port = site_behind_nginx
    for _ in range(3):
        status, _html, headers = fetch(port, "/admin/login/")
        assert status == 200
        assert headers["X-Cache-Status"] != "HIT"
