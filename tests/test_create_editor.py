"""The create_editor command: a staff account in Editors, never a superuser."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from core.editors import EDITORS_GROUP

PASSWORD = "a-sound-editor-password-77"


def test_creates_a_staff_editor_with_the_password_from_the_environment(db, monkeypatch, django_user_model):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "mei", "--email", "mei@example.org", "--password-from-env", "EDITOR_PASSWORD")
    user = django_user_model.objects.get(username="mei")
    assert (user.is_staff, user.is_superuser, user.email) == (True, False, "mei@example.org")
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert authenticate(username="mei", password=PASSWORD) == user
    assert user.has_perm("makerspaces.change_space") and not user.has_perm("auth.view_user")


def test_prompts_for_the_password_twice(db, monkeypatch, django_user_model):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    call_command("create_editor", "lin")
    assert django_user_model.objects.get(username="lin").check_password(PASSWORD)


def test_refuses_two_different_passwords(db, monkeypatch, django_user_model):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    with pytest.raises(CommandError, match="differ"):
        call_command("create_editor", "lin")
    assert not django_user_model.objects.filter(username="lin").exists()


@pytest.mark.parametrize("password, message", [("", "empty or not set"), ("short", "Password refused")])
def test_refuses_a_missing_or_weak_password(db, monkeypatch, django_user_model, password, message):
    monkeypatch.setenv("EDITOR_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", "wu", "--password-from-env", "EDITOR_PASSWORD")
    assert not django_user_model.objects.filter(username="wu").exists()


def test_refuses_an_existing_username(db, monkeypatch, django_user_model):
    django_user_model.objects.create_user("taken")
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_editor", "taken", "--password-from-env", "EDITOR_PASSWORD")


def test_without_a_terminal_it_asks_for_the_environment_variable(db, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password-from-env"):
        call_command("create_editor", "zhao")
