"""The domain runs without the demo app: DJANGO_DEMO_APP=0 leaves it out, and makerspaces never imports it."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run by manage.py shell: a fresh SQLite database, migrated, and the public pages fetched.
WITHOUT_DEMO = """
import sys
from django.apps import apps
from django.core.management import call_command, get_commands
from django.test import Client
from django.test.utils import setup_test_environment

assert not apps.is_installed("demo"), "demo is installed"
assert "generate_demo_data" not in get_commands(), "generate_demo_data is a command"
call_command("migrate", verbosity=0)
setup_test_environment()
client = Client()
for path in ("/", "/spaces/"):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
loaded = sorted(name for name in sys.modules if name == "demo" or name.startswith("demo."))
assert not loaded, f"imported without the app: {loaded}"
print("pages served")
"""

PRINT_APPS = (
    "import django, json; from django.conf import settings; django.setup(); print(json.dumps(settings.INSTALLED_APPS))"
)


def environment(tmp_path, **env):
    """This process's environment without the settings' variables, SQLite in tmp_path, and env."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "SQLITE_PATH"))
    }
    clean.update(DJANGO_SETTINGS_MODULE="core.settings", SQLITE_PATH=str(tmp_path / "db.sqlite3"), **env)
    return clean


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def installed_apps(tmp_path, **env):
    result = run(["-c", PRINT_APPS], environment(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_app_is_installed_after_the_domain_unless_switched_off(tmp_path):
    apps = installed_apps(tmp_path)
    assert apps.index("demo") == apps.index("makerspaces") + 1
    assert "demo" in installed_apps(tmp_path, DJANGO_DEMO_APP="1")
    assert "demo" not in installed_apps(tmp_path, DJANGO_DEMO_APP="0")


def test_site_checks_migrates_and_serves_pages_without_the_demo_app(tmp_path):
    env = environment(tmp_path, DJANGO_DEMO_APP="0")
    check = run(["manage.py", "check"], env)
    assert check.returncode == 0, check.stdout + check.stderr
    shell = run(["manage.py", "shell", "-c", WITHOUT_DEMO], env)
    assert shell.returncode == 0, shell.stdout + shell.stderr
    assert "pages served" in shell.stdout
    assert (tmp_path / "db.sqlite3").exists()


def imported_modules(path):
    """The absolute module names path imports (relative imports stay inside its own package)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_domain_never_imports_the_demo_app():
    importers = {
        str(path.relative_to(ROOT)): name
        for path in sorted((ROOT / "makerspaces").rglob("*.py"))
        for name in imported_modules(path)
        if name == "demo" or name.startswith("demo.")
    }
    assert importers == {}
