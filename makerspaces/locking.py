"""Optimistic locking of the admin's forms: a save made from a form opened before someone else's save is refused.

A record with an ``edit_version`` column carries that number in a hidden field of its form. On save the
form reads the stored number under a row lock (the admin saves in one transaction, so the lock holds until
the save commits) and refuses the save when it moved on since the form was opened, saying who saved
meanwhile and how the stored values now differ from the form's. A save that passes moves the number on.
"""

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from . import history


class OptimisticLockFormMixin(forms.Form):
    """For a ModelForm of a model with ``edit_version``; the admin's fieldsets list ``seen_version``."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen_version", self.instance.edit_version or 0)

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned_data
        stored = (
            type(instance)
            ._default_manager.select_for_update()
            .filter(pk=instance.pk)
            .values_list("edit_version", flat=True)
        )
        stored = next(iter(stored), None)
        seen = cleaned_data.get("seen_version")
        if stored is not None and seen is not None and seen != stored:
            raise ValidationError(self.conflict_message(), code="edited_meanwhile")
        instance.edit_version = (stored or 0) + 1
        return cleaned_data

    def conflict_message(self):
        last = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(self.instance), object_id=str(self.instance.pk)
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        who = (
            gettext("%(user)s saved it at %(time)s") % {"user": last.user, "time": f"{last.action_time:%Y-%m-%d %H:%M}"}
            if last
            else gettext("it was saved by someone else")
        )
        # The form was filled against the old record: its changes from the stored one are what differs now.
        differences = "; ".join(history.describe_changes(self)) or gettext("no field of this form")
        return gettext(
            "This record changed after you opened it: %(who)s. Stored now → yours: %(differences)s. "
            "Your changes were not saved: reload the page, check the stored values and make your changes again."
        ) % {"who": who, "differences": differences}
