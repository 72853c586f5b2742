from django.apps import AppConfig


class MakerspacesConfig(AppConfig):
    name = "makerspaces"
    verbose_name = "Maker space directory"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
