"""The change history page: a proxy of the admin's LogEntry that editors may view."""

import django.contrib.admin.models
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def let_editors_view_changes(apps, schema_editor):
    from core.editors import sync_editors_group

    create_permissions(global_apps.get_app_config("core"), apps=apps, verbosity=0)
    sync_editors_group(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("core", "0001_editors_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChangeRecord",
            fields=[],
            options={
                "verbose_name": "change",
                "verbose_name_plural": "recent changes",
                "ordering": ["-action_time"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("admin.logentry",),
            managers=[
                ("objects", django.contrib.admin.models.LogEntryManager()),
            ],
        ),
        migrations.RunPython(let_editors_view_changes, migrations.RunPython.noop),
    ]
