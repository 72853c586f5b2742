"""Create the Editors group with every permission on the directory's models."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_editors_group(apps, schema_editor):
    from core.editors import DIRECTORY_APP, sync_editors_group

    # Permissions are normally created after all migrations (post_migrate);
    # create the directory's now so the group can be given them.
    create_permissions(global_apps.get_app_config(DIRECTORY_APP), apps=apps, verbosity=0)
    sync_editors_group(apps, schema_editor.connection.alias)


def delete_editors_group(apps, schema_editor):
    from core.editors import EDITORS_GROUP

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("makerspaces", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
