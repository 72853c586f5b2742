from django.contrib.admin.models import LogEntry


class ChangeRecord(LogEntry):
    """The admin's log of edits, shown to editors as the directory's change history.

    A proxy: the rows are Django's own LogEntry records; this model only gives
    them an admin page and a view permission of their own.
    """

    class Meta:
        proxy = True
        verbose_name = "change"
        verbose_name_plural = "recent changes"
        ordering = ["-action_time"]
