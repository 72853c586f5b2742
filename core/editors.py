"""The Editors group: staff who keep the directory's data current in the admin.

Its permissions are defined here, not by hand in the admin: every model of the
directory (view, add, change, delete), reading the change history, and nothing
on users, groups or permissions. A data migration creates the group and the
post_migrate hook in CoreConfig re-applies the definition after every migrate,
so models added to the directory later are covered without another migration.
"""

from django.apps import apps as global_apps

EDITORS_GROUP = "Editors"
DIRECTORY_APP = "makerspaces"
MODEL_ACTIONS = ("view", "add", "change", "delete")
# The change history (core.ChangeRecord) is readable, never writable.
READ_ONLY_MODELS = {("core", "changerecord")}
# Readers' suggestions: editors read, decide on (change) and delete them; only readers add them.
SUGGESTIONS_APP = "suggestions"
SUGGESTION_ACTIONS = ("view", "change", "delete")


def editor_permissions(apps=global_apps, using="default"):
    """The permissions an editor holds, as a queryset of auth.Permission."""
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).select_related("content_type")
    chosen = []
    for permission in permissions.filter(content_type__app_label__in=[DIRECTORY_APP, SUGGESTIONS_APP, "core"]):
        action, _, model_name = permission.codename.partition("_")
        key = (permission.content_type.app_label, permission.content_type.model)
        if key[0] == DIRECTORY_APP and action in MODEL_ACTIONS and model_name == key[1]:
            chosen.append(permission.pk)
        elif key[0] == SUGGESTIONS_APP and action in SUGGESTION_ACTIONS and model_name == key[1]:
            chosen.append(permission.pk)
        elif key in READ_ONLY_MODELS and action == "view":
            chosen.append(permission.pk)
    return Permission.objects.using(using).filter(pk__in=chosen)


def sync_editors_group(apps=global_apps, using="default"):
    """Create the Editors group if needed and give it exactly the editor permissions."""
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions(apps, using))
    return group
