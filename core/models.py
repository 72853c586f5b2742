from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(LogEntry):
    """The admin's log of edits, shown to editors as the directory's change history.

    A proxy: the rows are Django's own LogEntry records; this model only gives
    them an admin page and a view permission of their own.
    """

    class Meta:
        proxy = True
        verbose_name = _("change")
        verbose_name_plural = _("recent changes")
        ordering = ["-action_time"]


class DataVersion(models.Model):
    """The directory's data version: one row that every write moves on, in the writing transaction.

    Cached values and HTTP validators (ETag, Last-Modified) are keyed by it, so
    they go stale the moment a write commits, in every process that reads this
    database. ``makerspaces.cache`` reads and moves it; nothing else should.
    """

    # Starts from the clock (nanoseconds) when the table is made, then counts writes: a new or
    # restored database never repeats a version that values still cached elsewhere were keyed by.
    version = models.BigIntegerField(verbose_name=_("version"))
    changed_at = models.DateTimeField(verbose_name=_("changed at"))

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="data_version_single_row")]

    def __str__(self):
        return f"data version {self.version} of {self.changed_at:%Y-%m-%d %H:%M:%S}"
