"""Headless Chromium for the browser tests and the README's screenshots: the system's browser, never a download."""

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# A quiet, reproducible browser: no sandbox (containers, root), no GPU, and nothing fetched in the background.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def why_no_browser():
    """None when Playwright and Chromium are there, else what is missing and how to get it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements.txt)"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set E2E_CHROMIUM to its path)"
    return None


def launch(playwright, profile_dir):
    """Start Chromium with a fresh profile in ``profile_dir``; returns the persistent context.

    Playwright refuses --user-data-dir in args: a persistent context is how it takes a profile.
    Its ``browser`` opens further contexts, each with its own cookies and storage.
    """
    return playwright.chromium.launch_persistent_context(
        profile_dir, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
