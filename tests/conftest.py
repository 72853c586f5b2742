"""Shared fixtures: a small region tree and factories for directory records."""

import datetime
import io
import itertools
import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from makerspaces.models import (
    CITATION_MODELS,
    Designation,
    Metric,
    Operator,
    Person,
    PersonRole,
    Region,
    Service,
    Source,
    Space,
    SpaceGroup,
    SpaceOperator,
    Statistic,
    paragraph_digest,
)

_counter = itertools.count(1)

# Property tests (tests/test_hostile_input.py) are bounded so the suite stays fast: 100 examples per
# page. Examples reuse the test's database rows (function-scoped fixtures), which is fine for read-only
# requests. CI runs the same examples every time (derandomize); locally each run explores new ones.
hypothesis_settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("dev"), derandomize=True, database=None
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """MD5 for every password the tests set or check: hashing strength is not what they test, and the
    default PBKDF2 costs a noticeable fraction of a second each time.

    Session-wide, so it also covers users made by session-scoped fixtures and the live server's thread
    (the browser tests log in through it); tests that use the ``settings`` fixture stack on top of it.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _back_to_the_default_language(**kwargs):
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def default_language():
    """Each test, and the test's code after each request, runs in the default language: a server's thread
    takes each request's language from its address, but the test client answers in the test's own thread,
    where a page answered in Chinese would leave Chinese active (and ``reverse`` giving Chinese addresses)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    request_finished.connect(_back_to_the_default_language, dispatch_uid="tests-default-language")
    yield
    request_finished.disconnect(dispatch_uid="tests-default-language")
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache: the database is rolled back between tests, cached values are not.

    Always local memory, even with REDIS_URL set: clear() would empty a whole Redis database.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_source(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"source-{n}")
        fields.setdefault("title", f"Article {n}")
        fields.setdefault("publisher", "Test News")
        fields.setdefault("published_on", datetime.date(2017, 9, 26))
        return Source.objects.create(**fields)

    return make


@pytest.fixture
def source(make_source):
    return make_source(slug="test-article", title="Test article")


@pytest.fixture
def regions(db):
    """China > Guangdong > Shenzhen > Nanshan, and Beijing beside Guangdong."""
    china = Region.objects.create(slug="china", name_en="China", name_zh="中国", kind="country")
    guangdong = Region.objects.create(slug="guangdong", name_en="Guangdong", kind="province", parent=china)
    shenzhen = Region.objects.create(slug="shenzhen", name_en="Shenzhen", name_zh="深圳", kind="city", parent=guangdong)
    nanshan = Region.objects.create(
        slug="nanshan",
        name_en="Nanshan District",
        kind="district",
        parent=shenzhen,
        parent_basis="inferred",
        parent_reason="Test: the city a district lies in",
    )
    beijing = Region.objects.create(slug="beijing", name_en="Beijing", kind="city", parent=china)
    return {"china": china, "guangdong": guangdong, "shenzhen": shenzhen, "nanshan": nanshan, "beijing": beijing}


@pytest.fixture
def make_space(db):
    def make(region, **fields):
        n = next(_counter)
        fields.setdefault("slug", f"space-{n}")
        fields.setdefault("name_en", f"Space {n}")
        return Space.objects.create(region=region, **fields)

    return make


@pytest.fixture
def make_operator(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"operator-{n}")
        fields.setdefault("name_en", f"Operator {n}")
        fields.setdefault("kind", "company")
        return Operator.objects.create(**fields)

    return make


@pytest.fixture
def metric(db):
    return Metric.objects.create(slug="maker-spaces", name="Number of maker spaces")


@pytest.fixture
def make_statistic(metric, source):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"statistic-{n}")
        fields.setdefault("metric", metric)
        fields.setdefault("value", 38)
        fields.setdefault("unit", "count")
        fields.setdefault("as_of", datetime.date(2016, 7, 21))
        fields.setdefault("source", source)
        return Statistic.objects.create(**fields)

    return make


@pytest.fixture
def sample(regions, source, make_space, make_operator, make_statistic):
    """One space with an operator, a person, a designation, a service and a statistic on each kind of subject."""
    space = make_space(regions["nanshan"], slug="x-space", name_en="X-Space", name_zh="X空间")
    space.sources.add(source)
    space.services.add(Service.objects.create(slug="mentoring", name="Mentoring"))
    operator = make_operator(slug="foresea-cube", name_en="Foresea Cube")
    SpaceOperator.objects.create(space=space, operator=operator, role="co_operator", source=source)
    Designation.objects.create(slug="x-space-municipal", space=space, level="municipal", title="Test", source=source)
    person = Person.objects.create(slug="zhu-lingling", name_en="Zhu Lingling")
    PersonRole.objects.create(person=person, title="CEO", operator=operator, source=source)
    make_statistic(region=regions["nanshan"])
    make_statistic(space=space, unit="m2", value=1200)
    make_statistic(operator=operator, unit="CNY", value=1000000)
    SpaceGroup.objects.create(slug="x-space-and-others", name_en="X-Space and others").spaces.add(space)
    return {"space": space, "operator": operator, **regions}


EDITOR_PASSWORD = "an-editor-test-password-42"


@pytest.fixture
def editor(db, django_user_model):
    """A staff account in the Editors group (created by core's data migration), not a superuser."""
    from django.contrib.auth.models import Group

    from core.editors import EDITORS_GROUP

    user = django_user_model.objects.create_user("editor", "editor@example.org", EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def make_service(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"service-{n}")
        fields.setdefault("name", f"Service {n}")
        return Service.objects.create(**fields)

    return make


@pytest.fixture
def make_metric(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("slug", f"metric-{n}")
        fields.setdefault("name", f"Metric {n}")
        return Metric.objects.create(**fields)

    return make


@pytest.fixture
def make_designation(source):
    def make(space, **fields):
        n = next(_counter)
        fields.setdefault("slug", f"designation-{n}")
        fields.setdefault("level", "municipal")
        fields.setdefault("title", f"Designation {n}")
        fields.setdefault("source", source)
        return Designation.objects.create(space=space, **fields)

    return make


@pytest.fixture
def make_person_role(source):
    def make(organisation, **fields):
        n = next(_counter)
        person = fields.pop("person", None) or Person.objects.create(slug=f"person-{n}", name_en=f"Person {n}")
        fields.setdefault("title", "Director")
        fields.setdefault("source", source)
        key = "space" if isinstance(organisation, Space) else "operator"
        return PersonRole.objects.create(person=person, **{key: organisation}, **fields)

    return make


@pytest.fixture
def make_role(source):
    """An operator's role in a space."""

    def make(space, operator, **fields):
        fields.setdefault("role", "operator")
        fields.setdefault("source", source)
        return SpaceOperator.objects.create(space=space, operator=operator, **fields)

    return make


def cite_paragraphs(source):
    """Number the source's paragraphs (three) and tie every record citing it to one, as curated data is."""
    source.paragraph_digests = "\n".join(paragraph_digest(f"Paragraph {n}") for n in (1, 2, 3))
    source.save()
    for model in CITATION_MODELS:
        model.objects.filter(source=source).update(paragraphs="1, 2")
    for rows in (source.space_operator_roles, source.person_roles, source.designations, source.statistics):
        rows.update(paragraph=3)
    Region.objects.filter(parent__isnull=False).update(parent_source=source, parent_paragraph=1)


@pytest.fixture
def build_directory(
    regions,
    source,
    metric,
    make_space,
    make_operator,
    make_service,
    make_statistic,
    make_designation,
    make_person_role,
    make_role,
):
    """``build_directory(n)``: n spaces, each with the same kinds of facts, so every page has something to show.

    Each space lies in Nanshan (inside Shenzhen), is run by the shared operator and by one of its own, offers a
    shared service, holds a designation, a person and a statistic; Nanshan and Shenzhen's districts get one
    statistic per space (dated a year apart) so that region pages draw their charts.
    """

    def build(n):
        shared_operator = make_operator(slug="shared-operator", name_en="Shared Operator", kind="joint_venture")
        member = make_operator(slug="member-company", name_en="Member Company")
        shared_operator.members.add(member)
        service = make_service(slug="mentoring", name="Mentoring")
        futian = Region.objects.create(
            slug="futian", name_en="Futian District", kind="district", parent=regions["shenzhen"]
        )
        spaces = []
        for i in range(n):
            space = make_space(
                regions["nanshan"],
                name_en=f"Space {i:03d}",
                opened_on=datetime.date(2010 + i % 10, 1, 1),
                opened_precision="year",
            )
            space.sources.add(source)
            space.services.add(service)
            make_role(space, shared_operator)
            make_role(space, make_operator(), role="sponsor")
            make_designation(space)
            make_person_role(space)
            make_statistic(space=space, value=i + 1)
            make_statistic(region=regions["nanshan"], value=i + 10, as_of=datetime.date(2000 + i, 1, 1))
            make_statistic(region=futian, value=i + 5, as_of=datetime.date(2000 + i, 1, 1))
            spaces.append(space)
        make_statistic(operator=shared_operator, value=n)
        make_person_role(shared_operator)
        cite_paragraphs(source)
        return {"spaces": spaces, "operator": shared_operator, "service": service, "futian": futian, **regions}

    return build


@pytest.fixture
def real_data(db, settings, tmp_path):
    """The curated article data from fixtures/, loaded as `reload_fixtures` loads it."""
    if not any(settings.FIXTURE_DIR.glob("*.json")):
        pytest.skip("the curated fixtures are not in this checkout")
    settings.BACKUP_DIR = tmp_path
    call_command("reload_fixtures", stdout=io.StringIO())
    assert Space.objects.exists()
