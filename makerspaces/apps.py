from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MakerspacesConfig(AppConfig):
    name = "makerspaces"
    verbose_name = _("Maker space directory")

    def ready(self):
        from . import cache, counting, search, sorting

        # Counts first: the data version moves on after every count a write changes is written,
        # so a page cached under the new version never holds an old count.
        counting.connect_signals()
        cache.connect_signals()
        search.connect_signals()
        sorting.connect_signals()
