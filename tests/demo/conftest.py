"""The demo app's tests: skipped when settings leave the app out (DJANGO_DEMO_APP=0)."""

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def demo_app_installed():
    if not apps.is_installed("demo"):
        pytest.skip("the demo app is not installed (DJANGO_DEMO_APP=0)")
