"""An editor's work in the admin, through the real pages: log in, add, get refused, check history."""

import datetime
import warnings

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from core.editors import EDITORS_GROUP
from core.models import ChangeRecord
from makerspaces.models import Operator, Region, Service, Space, SpaceOperator, Statistic
from tests.admin_post import add_inline_rows, admin_url, form_errors, page_form_data
from tests.conftest import EDITOR_PASSWORD


def log_in(client, username, password):
    """Through the admin's login form, as a person would."""
    page = client.get(reverse("admin:login"))
    assert page.status_code == 200
    response = client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/", "login refused"


def space_add_data(client, **fields):
    data = page_form_data(client.get(admin_url(Space, "add")))
    data.update({"kind": "maker_space", "status": "open", "region_basis": "stated"})
    data.update(fields)
    return data


def test_editors_group_holds_exactly_the_directory_permissions(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {
        ("makerspaces", f"{action}_{model._meta.model_name}")
        for model in apps.get_app_config("makerspaces").get_models()
        for action in ("view", "add", "change", "delete")
    } | {("core", "view_changerecord")}
    expected |= {
        ("suggestions", f"{action}_{model._meta.model_name}")
        for model in apps.get_app_config("suggestions").get_models()
        for action in ("view", "change", "delete")
    }
    assert granted == expected
    assert not any(app == "auth" for app, _codename in granted)


def test_flush_keeps_the_editors_group(transactional_db):
    # flush (run after every transactional test) sends post_migrate without the "apps" argument.
    call_command("flush", interactive=False, verbosity=0)
    group = Group.objects.get(name=EDITORS_GROUP)
    assert group.permissions.filter(codename="change_space").exists()


def test_editor_adds_a_space_with_an_operator_role_and_a_statistic(client, editor, regions, source, metric):
    operator = Operator.objects.create(slug="foresea-cube", name_en="Foresea Cube", kind="company")
    log_in(client, "editor", EDITOR_PASSWORD)

    data = space_add_data(
        client,
        name_en="Harbour Makers",
        name_zh="海港创客",
        slug="harbour-makers",
        city=str(regions["shenzhen"].pk),
        region=str(regions["nanshan"].pk),
        opened="July 2016",
    )
    add_inline_rows(
        data, "operator_roles", [{"operator": operator.pk, "role": "operator", "basis": "stated", "source": source.pk}]
    )
    add_inline_rows(
        data,
        "statistics",
        [
            {
                "metric": metric.pk,
                "value": "1200",
                "unit": "m2",
                "qualifier": "about",
                "as_of_date": "Q3 2017",
                "source": source.pk,
            }
        ],
    )
    response = client.post(admin_url(Space, "add"), data)
    assert response.status_code == 302, form_errors(response)

    space = Space.objects.get(slug="harbour-makers")
    assert (space.region, space.opened_on, space.opened_precision) == (
        regions["nanshan"],
        datetime.date(2016, 7, 1),
        "month",
    )
    role = SpaceOperator.objects.get(space=space)
    assert (role.operator, role.role, role.source) == (operator, "operator", source)
    statistic = Statistic.objects.get(space=space)
    assert (statistic.as_of, statistic.as_of_precision, statistic.value) == (datetime.date(2017, 7, 1), "quarter", 1200)
    assert statistic.slug == "harbour-makers-maker-spaces-q3-2017"

    assert space in Space.objects.in_region(regions["shenzhen"])
    assert space not in Space.objects.in_region(regions["beijing"])
    directory = client.get("/spaces/", {"city": "shenzhen"})
    assert directory.status_code == 200
    assert "Harbour Makers" in directory.content.decode()


def test_editor_is_refused_users_and_groups(editor_client):
    for url in [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
    ]:
        assert editor_client.get(url).status_code == 403, url
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/" not in index
    assert admin_url(Space, "changelist") in index


def test_a_district_outside_the_chosen_city_is_refused(editor_client, regions):
    data = space_add_data(
        editor_client,
        name_en="Misplaced Lab",
        slug="misplaced-lab",
        city=str(regions["beijing"].pk),
        region=str(regions["nanshan"].pk),
    )
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert any("Nanshan District is not in Beijing" in error and "Shenzhen" in error for error in errors), errors
    assert not Space.objects.filter(slug="misplaced-lab").exists()


def test_a_city_alone_places_the_space_in_the_city(editor_client, regions):
    data = space_add_data(editor_client, name_en="City Lab", slug="city-lab", city=str(regions["beijing"].pk))
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 302, form_errors(response)
    assert Space.objects.get(slug="city-lab").region == regions["beijing"]


def test_the_change_form_shows_the_city_and_the_date_at_its_precision(editor_client, regions, make_space):
    space = make_space(regions["nanshan"], opened_on=datetime.date(2017, 7, 1), opened_precision="quarter")
    form = editor_client.get(admin_url(Space, "change", space.pk)).context["adminform"].form
    assert form["city"].value() == regions["shenzhen"].pk
    assert form["opened"].value() == "Q3 2017"


def test_a_statistic_with_two_subjects_is_refused_with_a_message(editor_client, sample, metric, source):
    data = page_form_data(editor_client.get(admin_url(Statistic, "add")))
    data.update(
        {
            "metric": metric.pk,
            "region": sample["nanshan"].pk,
            "space": sample["space"].pk,
            "value": "5",
            "unit": "count",
            "qualifier": "exact",
            "as_of_date": "2016",
            "as_of_basis": "stated",
            "source": source.pk,
            "slug": "two-subjects",
        }
    )
    response = editor_client.post(admin_url(Statistic, "add"), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert any("Nanshan District" in error and "X-Space" in error for error in errors), errors
    assert not any("Constraint" in error for error in errors), errors
    assert not Statistic.objects.filter(slug="two-subjects").exists()


def test_a_statistic_with_no_subject_is_refused_with_a_message(editor_client, metric, source):
    data = page_form_data(editor_client.get(admin_url(Statistic, "add")))
    data.update(
        {"metric": metric.pk, "value": "5", "unit": "count", "as_of_date": "2016", "source": source.pk, "slug": "none"}
    )
    response = editor_client.post(admin_url(Statistic, "add"), data)
    assert response.status_code == 200
    assert any("exactly one subject" in error for error in form_errors(response))


def test_a_statistic_added_inline_on_a_region_takes_the_region_as_subject(editor_client, regions, metric, source):
    nanshan = regions["nanshan"]
    data = page_form_data(editor_client.get(admin_url(Region, "change", nanshan.pk)))
    add_inline_rows(
        data,
        "statistics",
        [
            {
                "metric": metric.pk,
                "value": "38",
                "unit": "count",
                "qualifier": "exact",
                "as_of_date": "20 July 2016",
                "source": source.pk,
            }
        ],
    )
    response = editor_client.post(admin_url(Region, "change", nanshan.pk), data)
    assert response.status_code == 302, form_errors(response)
    statistic = Statistic.objects.get()
    assert (statistic.region, statistic.space, statistic.operator) == (nanshan, None, None)
    assert (statistic.as_of, statistic.as_of_precision) == (datetime.date(2016, 7, 20), "day")


def test_a_person_added_inline_on_a_new_space_belongs_to_that_space(editor_client, regions, source):
    from makerspaces.models import Person

    person = Person.objects.create(slug="li-ming", name_en="Li Ming")
    data = space_add_data(editor_client, name_en="Quay Lab", slug="quay-lab", region=str(regions["nanshan"].pk))
    add_inline_rows(data, "people", [{"person": person.pk, "title": "founder", "source": source.pk}])
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 302, form_errors(response)
    role = person.roles.get()
    assert (role.space.slug, role.operator) == ("quay-lab", None)


def test_a_taken_slug_is_refused_naming_the_holder_and_a_free_slug(editor_client, sample):
    data = space_add_data(
        editor_client, name_en="Another", slug="x-space", region=str(sample["nanshan"].pk), not_a_duplicate="on"
    )
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert any("“x-space” is already used by the space “X-Space”" in e and "x-space-2" in e for e in errors), errors


@pytest.mark.parametrize("typed", ["sometime", "2016-13", "31 February 2016", "Q5 2016", "1066"])
def test_a_date_that_is_not_one_is_refused_not_a_crash(editor_client, regions, typed):
    data = space_add_data(editor_client, name_en="Dated Lab", slug="dated-lab", region=str(regions["nanshan"].pk))
    data["opened"] = typed
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 200
    assert "opened" in response.context["adminform"].form.errors


def test_duplicate_warning_then_saving_after_ticking_the_box(editor_client, regions):
    existing = Space.objects.create(
        slug="chaihuo", name_en="Chaihuo Makerspace", name_zh="柴火创客空间", region=regions["nanshan"]
    )
    data = space_add_data(
        editor_client, name_en="Chaihuo Maker Space", slug="chaihuo-2", region=str(regions["nanshan"].pk)
    )
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Possible duplicate" in page
    assert f'href="{admin_url(Space, "change", existing.pk)}"' in page
    assert 'name="not_a_duplicate"' in page
    assert not Space.objects.filter(slug="chaihuo-2").exists()

    data["not_a_duplicate"] = "on"
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 302, form_errors(response)
    assert Space.objects.filter(slug="chaihuo-2").exists()


def test_duplicate_warning_on_the_chinese_name_and_for_operators(editor_client, regions):
    Space.objects.create(
        slug="chaihuo", name_en="Chaihuo Makerspace", name_zh="柴火创客空间", region=regions["nanshan"]
    )
    data = space_add_data(
        editor_client, name_en="Firewood", name_zh="柴火创客空间", slug="firewood", region=str(regions["nanshan"].pk)
    )
    assert "Possible duplicate" in editor_client.post(admin_url(Space, "add"), data).content.decode()

    Operator.objects.create(slug="tencent", name_en="Tencent Holdings", kind="company")
    data = page_form_data(editor_client.get(admin_url(Operator, "add")))
    data.update({"name_en": "Tencent Holdings Ltd", "slug": "tencent-ltd", "kind": "company"})
    response = editor_client.post(admin_url(Operator, "add"), data)
    assert "Possible duplicate" in response.content.decode()
    assert not Operator.objects.filter(slug="tencent-ltd").exists()


def test_a_distinct_name_saves_without_warning(editor_client, regions):
    Space.objects.create(slug="chaihuo", name_en="Chaihuo Makerspace", region=regions["nanshan"])
    data = space_add_data(editor_client, name_en="Orbit Lab", slug="orbit-lab", region=str(regions["nanshan"].pk))
    response = editor_client.post(admin_url(Space, "add"), data)
    assert response.status_code == 302, form_errors(response)


def test_history_page_lists_the_editors_change_with_old_and_new_values(editor_client, sample):
    space = sample["space"]
    training = Service.objects.create(slug="training", name="Training")
    data = page_form_data(editor_client.get(admin_url(Space, "change", space.pk)))
    assert data["statistics-0-value"] == "1200"  # not 1200.0000 nor 1.2E+3
    data.update({"name_en": "X-Space Shenzhen", "status": "open", "opened": "2015"})
    data["services"] = [str(pk) for pk in Service.objects.values_list("pk", flat=True)]
    data["region"] = str(sample["shenzhen"].pk)
    response = editor_client.post(admin_url(Space, "change", space.pk), data)
    assert response.status_code == 302, form_errors(response)

    history = editor_client.get(admin_url(Space, "history", space.pk))
    assert history.status_code == 200
    page = history.content.decode()
    assert "editor" in page
    entry = LogEntry.objects.get(object_id=str(space.pk))
    message = entry.get_change_message()
    assert "English name: “X-Space” → “X-Space Shenzhen”" in message
    assert "status: “unknown” → “open”" in message.replace("Status", "status")
    assert "Opened: “—” → “2015”" in message
    assert f"Services: “Mentoring” → “Mentoring, {training.name}”" in message
    assert "Region: “Nanshan District” → “Shenzhen”" in message
    assert "statistic" not in message  # the untouched inline rows are not reported as changed
    assert "X-Space Shenzhen" in page


def test_inline_changes_are_named_in_the_history(editor_client, sample):
    space = sample["space"]
    data = page_form_data(editor_client.get(admin_url(Space, "change", space.pk)))
    role_prefix = "operator_roles-0"
    data[f"{role_prefix}-role"] = "operator"
    response = editor_client.post(admin_url(Space, "change", space.pk), data)
    assert response.status_code == 302, form_errors(response)
    message = LogEntry.objects.get(object_id=str(space.pk)).get_change_message()
    assert "role: “joint operator” → “operator”" in message.replace("Role", "role")


def test_recent_changes_lists_directory_edits_for_editors(editor_client, sample, django_user_model):
    space = sample["space"]
    data = page_form_data(editor_client.get(admin_url(Space, "change", space.pk)))
    data["status"] = "closed"
    editor_client.post(admin_url(Space, "change", space.pk), data)

    response = editor_client.get(admin_url(ChangeRecord, "changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "X-Space" in page and "closed" in page
    assert admin_url(Space, "history", space.pk) in page

    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-1", is_staff=True)
    editor_client.force_login(outsider)
    assert editor_client.get(admin_url(ChangeRecord, "changelist")).status_code == 403


def test_a_position_at_both_an_operator_and_a_space_is_refused_inline(editor_client, sample, source):
    from makerspaces.models import Person

    person = Person.objects.get(slug="zhu-lingling")
    data = page_form_data(editor_client.get(admin_url(Person, "change", person.pk)))
    add_inline_rows(
        data,
        "roles",
        [{"title": "adviser", "operator": sample["operator"].pk, "space": sample["space"].pk, "source": source.pk}],
    )
    response = editor_client.post(admin_url(Person, "change", person.pk), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert any("Foresea Cube" in error and "X-Space" in error for error in errors), errors
    assert not person.roles.filter(title="adviser").exists()


def test_the_space_list_filters_by_city_with_counts(editor_client, sample, make_space):
    make_space(sample["beijing"], name_en="Capital Lab")
    response = editor_client.get(admin_url(Space, "changelist"), {"city": "shenzhen"})
    assert [space.slug for space in response.context["cl"].result_list] == ["x-space"]
    page = response.content.decode()
    assert "Shenzhen (1)" in page and "Beijing (1)" in page


def test_autocomplete_finds_regions_by_chinese_name(editor_client, regions):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "makerspaces", "model_name": "space", "field_name": "region", "term": "深圳"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Shenzhen"]


def test_lists_link_to_the_public_page(editor_client, sample):
    page = editor_client.get(admin_url(Space, "changelist")).content.decode()
    assert f'href="{sample["space"].get_absolute_url()}"' in page


def test_metric_autocomplete_pages_through_every_metric_in_name_order(editor_client, make_metric):
    # More metrics than one page of results (20): the counted metric list must still be ordered,
    # or the pages could repeat some metrics and skip others.
    for n in range(25):
        make_metric(slug=f"metric-{n:02d}", name=f"Metric {(n * 7) % 25:02d}")
    names = []
    for page in (1, 2):
        with warnings.catch_warnings():
            warnings.simplefilter("error", UnorderedObjectListWarning)
            response = editor_client.get(
                reverse("admin:autocomplete"),
                {"app_label": "makerspaces", "model_name": "statistic", "field_name": "metric", "page": page},
            )
        assert response.status_code == 200
        names += [result["text"] for result in response.json()["results"]]
    assert names == [f"Metric {n:02d}" for n in range(25)]
