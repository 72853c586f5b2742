from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    """Readers' corrections and suggested spaces, and the editors' queue of them.

    An app of its own so that a reader's suggestion, which changes no published fact, never moves the
    directory's data version (makerspaces/cache.py invalidates on writes to makerspaces' models only).
    """

    name = "suggestions"
    verbose_name = _("Readers' suggestions")
