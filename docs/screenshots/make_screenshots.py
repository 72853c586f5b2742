"""Screenshots of the site for the README: ``make screenshots`` writes docs/screenshots/*.png.

Builds a throwaway SQLite database with the article data and an editor account, serves the site from
this process on a free port of 127.0.0.1, photographs the pages in headless Chromium (the system's,
see tests/e2e/chromium.py) and stops the server. Nothing outside a temporary directory is touched
except the PNG files.
"""

import io
import os
import re
import secrets
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from tests.e2e.chromium import launch, why_no_browser  # noqa: E402

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# A shot shows at most this much of a long page (CSS px): enough to see the page, small enough to commit.
MAX_HEIGHT = {"desktop": 1300, "phone": 1500}

# (file, path, viewport): the pages the README shows.
PAGES = [
    ("home.png", "/", "desktop"),
    ("directory.png", "/spaces/?city=shanghai&kind=co_working", "desktop"),
    ("space.png", "/spaces/x-space/", "desktop"),
    ("region.png", "/regions/jingan/", "desktop"),
    ("statistics.png", "/statistics/?metric=floor-area", "desktop"),
    ("directory-phone.png", "/spaces/?city=shanghai", "phone"),
    ("directory-zh.png", "/zh-hans/spaces/?city=shanghai", "desktop"),
]


def prepare_database(workdir):
    """Settings for a fresh SQLite file, then the tables, the article data and an editor. Returns the login."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="core.settings",
        SQLITE_PATH=str(workdir / "site.sqlite3"),
        DJANGO_BACKUP_DIR=str(workdir / "backups"),
        SCREENSHOT_EDITOR_PASSWORD=secrets.token_urlsafe(16),
    )
    import django
    from django.core.management import call_command

    django.setup()
    quiet = {"stdout": io.StringIO()}
    call_command("migrate", verbosity=0, interactive=False)
    call_command("reload_fixtures", **quiet)
    call_command("create_editor", "editor", "--password-from-env", "SCREENSHOT_EDITOR_PASSWORD", **quiet)
    return "editor", os.environ["SCREENSHOT_EDITOR_PASSWORD"]


def start_server():
    """The site (with its static files) on a free port of 127.0.0.1, in a thread; returns (server, base URL)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def shoot(page, path, kind):
    """Load the page and save its top, at most MAX_HEIGHT[kind] tall."""
    page.goto(path)
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[kind])
    width = page.viewport_size["width"]
    return page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})


def main():
    reason = why_no_browser()
    if reason:
        sys.exit(f"Cannot take screenshots: {reason}.")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        workdir = Path(tmp)
        username, password = prepare_database(workdir)
        server, base_url = start_server()
        try:
            with sync_playwright() as playwright:
                profile = launch(playwright, workdir / "chromium-profile")
                for kind, options in (
                    ("desktop", {"viewport": DESKTOP}),
                    ("phone", {"viewport": PHONE, "is_mobile": True, "has_touch": True}),
                ):
                    context = profile.browser.new_context(base_url=base_url, locale="en-GB", **options)
                    page = context.new_page()
                    for name, path, page_kind in PAGES:
                        if page_kind == kind:
                            save(name, shoot(page, path, kind))
                    if kind == "desktop":
                        page.goto("/")
                        save("home-map.png", page.locator("figure.map").screenshot())
                        shoot_admin(page, username, password)
                    context.close()
                profile.close()
        finally:
            server.shutdown()
            server.server_close()


def shoot_admin(page, username, password):
    """An editor's view: the spaces of a city, and the inlines of a space's form."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/makerspaces/space/?city=shanghai")
    # Fold the admin's menu so that the list shows every column at this width.
    page.click("#toggle-nav-sidebar")
    save("admin-list.png", shoot(page, page.url, "desktop"))
    page.goto("/admin/makerspaces/space/?q=x-space")
    page.get_by_role("link", name="X-SPACE", exact=True).click()
    page.wait_for_url(re.compile(r"/change/"))
    # The part of the form below the space's own fields: its operators, people, designations and figures.
    top = page.locator("#operator_roles-group").bounding_box()["y"] - 16
    statistics = page.locator("#statistics-group").bounding_box()
    height = min(statistics["y"] + statistics["height"] + 16 - top, MAX_HEIGHT["desktop"])
    clip = {"x": 0, "y": top, "width": DESKTOP["width"], "height": height}
    save("admin-inlines.png", page.screenshot(full_page=True, clip=clip))


def save(name, png):
    (OUT / name).write_bytes(png)
    print(f"{OUT.relative_to(ROOT) / name}: {len(png) // 1024} KiB")


if __name__ == "__main__":
    main()
