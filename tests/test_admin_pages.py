"""Every admin page of the directory answers for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

DIRECTORY_MODELS = [model for model in admin.site._registry if model._meta.app_label == "makerspaces"]


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_and_add_pages(superuser_client, sample, model):
    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    assert superuser_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda m: m._meta.model_name)
def test_change_page(superuser_client, sample, model):
    obj = model.objects.first()
    if obj is None:
        pytest.skip(f"the sample has no {model._meta.verbose_name}")
    assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_every_directory_model_is_registered():
    from django.apps import apps

    registered = {model._meta.model_name for model in DIRECTORY_MODELS}
    assert registered == {model._meta.model_name for model in apps.get_app_config("makerspaces").get_models()}
