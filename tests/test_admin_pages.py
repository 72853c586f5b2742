"""Every admin page of the directory answers for a superuser."""

import pytest

from tests.admin_post import DIRECTORY_MODELS, admin_url


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_and_add_pages(admin_client, sample, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.model_name)
def test_change_page(admin_client, sample, model):
    obj = model.objects.first()
    if obj is None:
        pytest.skip(f"the sample has no {model._meta.verbose_name}")
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_every_directory_model_is_registered():
    from django.apps import apps

    registered = {model._meta.model_name for model in DIRECTORY_MODELS}
    from makerspaces.models import CITATION_MODELS, COUNT_MODELS

    # The kept counts are derived from the rows (makerspaces/counting.py): nobody edits them.
    # Citations are edited with what they cite, in an inline on its page.
    models = set(apps.get_app_config("makerspaces").get_models()) - set(COUNT_MODELS) - set(CITATION_MODELS)
    assert registered == {model._meta.model_name for model in models}
