from django.apps import AppConfig


class MakerspacesConfig(AppConfig):
    name = "makerspaces"
    verbose_name = "Maker space directory"
