"""The services spaces offer their members (mentoring, training, ...), each with its kept count of spaces."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Bilingual, SlugManager, directory_url


class Service(models.Model):
    """Something a space offers its members (mentoring, training, ...)."""

    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=120, verbose_name=_("name"))
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    synthetic = models.BooleanField(default=False, editable=False, help_text=_("Added by the demo data generator."))
    # Derived, never edited or exported: kept current in each writing transaction (makerspaces/counting.py).
    space_count = models.PositiveIntegerField(
        default=0, editable=False, serialize=False, help_text=_("Spaces offering the service.")
    )

    objects = SlugManager()

    name_text = Bilingual("name", "name_zh")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return str(self.name_text)

    def natural_key(self):
        return (self.slug,)

    def get_directory_url(self):
        return directory_url(service=self.slug)
