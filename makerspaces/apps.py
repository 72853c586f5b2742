from django.apps import AppConfig


class MakerspacesConfig(AppConfig):
    name = "makerspaces"
    verbose_name = "Maker space directory"

    def ready(self):
        from . import cache, search

        cache.connect_signals()
        search.connect_signals()
