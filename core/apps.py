from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        post_migrate.connect(sync_editors_after_migrate, sender=self)


def sync_editors_after_migrate(sender, using, apps=global_apps, **kwargs):
    # Runs after auth has created the permissions of every new model, so the
    # Editors group follows the directory's models without a new migration.
    # "flush" (and so every transactional test) sends the signal without apps.
    from .editors import sync_editors_group

    # Only where this app's migrations are applied: not after "migrate core zero".
    try:
        apps.get_model("auth", "Group")
        apps.get_model("core", "ChangeRecord")
    except LookupError:
        return
    sync_editors_group(apps, using)
