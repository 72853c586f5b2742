"""Every change to a curated record can be seen as a diff and reverted, and a deleted record restored."""

import pytest
from django.urls import reverse
from reversion.models import Version

from makerspaces import cache
from makerspaces.models import Region, Space, SpaceOperator
from tests.admin_post import admin_url, form_errors, page_form_data


def history_url(obj):
    return admin_url(type(obj), "history", obj.pk)


def edit(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = page_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)


def test_an_edit_is_shown_as_a_diff_and_reverted(editor_client, sample):
    space, region_before = sample["space"], sample["nanshan"]
    edit(editor_client, space, address="Old Road 1")
    edit(editor_client, space, address="New Road 2", region=str(sample["beijing"].pk), city="")
    page = editor_client.get(history_url(space)).content.decode()
    assert "Old Road 1" in page and "New Road 2" in page and "editor" in page
    assert Region.objects.get(pk=region_before.pk).space_count == 0

    first = Version.objects.get_for_object(space).order_by("pk").first()
    url = reverse("admin:makerspaces_space_revision", args=[space.pk, first.pk])
    form = page_form_data(editor_client.get(url))
    version = cache.data_version()
    response = editor_client.post(url, form)
    assert response.status_code == 302, form_errors(response)
    space.refresh_from_db()
    assert (space.address, space.region_id) == ("Old Road 1", region_before.pk)
    # The kept counts and the data version follow the revert.
    assert Region.objects.get(pk=region_before.pk).space_count == 1
    assert Region.objects.get(pk=sample["beijing"].pk).space_count == 0
    assert cache.data_version() != version
    assert "Old Road 1" in editor_client.get(space.get_absolute_url()).content.decode()


def test_a_deleted_space_is_restored_with_its_operators(editor_client, sample):
    space = sample["space"]
    edit(editor_client, space, audience="Students")
    response = editor_client.post(admin_url(Space, "delete", space.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Space.objects.filter(pk=space.pk).exists()

    recover_list = editor_client.get(reverse("admin:makerspaces_space_recoverlist"))
    assert recover_list.status_code == 200 and "X-Space" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Space).first()
    url = reverse("admin:makerspaces_space_recover", args=[deleted.pk])
    response = editor_client.post(url, page_form_data(editor_client.get(url)))
    assert response.status_code == 302, form_errors(response)
    restored = Space.objects.get(pk=space.pk)
    assert restored.audience == "Students"
    assert SpaceOperator.objects.filter(space=restored).count() == 1
    assert Region.objects.get(pk=sample["nanshan"].pk).space_count == 1


@pytest.mark.django_db
def test_reloading_the_fixtures_is_recorded_in_the_history(real_data):
    space = Space.objects.order_by("pk").first()
    comments = {version.revision.comment for version in Version.objects.get_for_object(space)}
    assert "reload_fixtures" in comments
