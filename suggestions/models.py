"""A reader's suggestion: a correction to a space, operator, region or figure, or a space to add."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from makerspaces.choices import check_in
from makerspaces.models import Operator, Region, Source, Space, Statistic

# What may be corrected, by the query parameter that names it: ?space=<slug>, ...
SUBJECTS = {"space": Space, "operator": Operator, "region": Region, "statistic": Statistic}

# Every stored text has a limit, in the database as in the form.
VALUE_LENGTH = 1000
NOTE_LENGTH = 2000
URL_LENGTH = 500
REASON_LENGTH = 1000


class SuggestionKind(models.TextChoices):
    CLOSED = "closed", _("It has closed")
    MOVED = "moved", _("It has moved")
    RENAMED = "renamed", _("It has a new name")
    WRONG_FIGURE = "wrong_figure", _("A figure is wrong")
    OTHER = "other", _("Something else")
    NEW_SPACE = "new_space", _("A space missing from the directory")


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SuggestionStatus.RECEIVED)

    def newest_first(self):
        return self.order_by("-last_reported_at", "-pk")

    def most_reported_first(self):
        return self.order_by("-reports", "-last_reported_at", "-pk")

    def with_subjects(self):
        return self.select_related("space", "operator", "region", "statistic__metric", "decided_by")

    def same_as(self, fingerprint):
        """A pending suggestion saying the same thing: a repeat is folded into it."""
        return self.pending().filter(fingerprint=fingerprint).order_by("pk").first()


class Suggestion(models.Model):
    Kind = SuggestionKind
    Status = SuggestionStatus

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    kind = models.CharField(_("what is wrong"), max_length=16, choices=SuggestionKind)
    # At most one subject; none for a new space. A deleted record leaves its name in record_label.
    space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("space")
    )
    operator = models.ForeignKey(
        Operator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("operator")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("region")
    )
    statistic = models.ForeignKey(
        Statistic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("statistic")
    )
    record_label = models.CharField(_("record"), max_length=300, blank=True)
    correct_value = models.CharField(_("the correct value"), max_length=VALUE_LENGTH)
    source_url = models.URLField(_("source link"), max_length=URL_LENGTH, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_LENGTH, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Repeats of a pending suggestion (same kind, record and value) add to it rather than to the queue.
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    reports = models.PositiveIntegerField(_("reports"), default=1, editable=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    last_reported_at = models.DateTimeField(_("last reported"), default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus, default=SuggestionStatus.RECEIVED)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decision_reason = models.CharField(_("editor's reason"), max_length=REASON_LENGTH, blank=True)
    # The Source made from source_url when the suggestion was accepted.
    cited_as = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("cited as")
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-last_reported_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-last_reported_at"], name="suggestion_queue_idx"),
            models.Index(fields=["status", "-reports"], name="suggestion_reported_idx"),
        ]
        constraints = [
            check_in("kind", SuggestionKind, name="suggestion_kind_valid"),
            check_in("status", SuggestionStatus, name="suggestion_status_valid"),
            models.CheckConstraint(condition=Q(reports__gte=1), name="suggestion_reports_positive"),
            # A new space has no subject; a correction has at most one (its record may since be deleted).
            models.CheckConstraint(
                condition=~Q(kind="new_space")
                | Q(space__isnull=True, operator__isnull=True, region__isnull=True, statistic__isnull=True),
                name="suggestion_new_space_has_no_subject",
            ),
            models.CheckConstraint(
                condition=Q(space__isnull=True, operator__isnull=True, region__isnull=True)
                | Q(space__isnull=True, operator__isnull=True, statistic__isnull=True)
                | Q(space__isnull=True, region__isnull=True, statistic__isnull=True)
                | Q(operator__isnull=True, region__isnull=True, statistic__isnull=True),
                name="suggestion_one_subject_at_most",
            ),
            # A decision says who and when; a refusal says why.
            models.CheckConstraint(
                condition=Q(status="received") | Q(decided_at__isnull=False), name="suggestion_decision_dated"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""), name="suggestion_decline_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_kind_display()}{f' ({self.record_label})' if self.record_label else ''}"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("suggestions:status", args=[self.reference])

    @property
    def subject(self):
        return self.space or self.operator or self.region or self.statistic

    @property
    def subject_name(self):
        """Which kind of record the suggestion is about ("space", ...), or "" for a new space."""
        for name in SUBJECTS:
            if getattr(self, f"{name}_id"):
                return name
        return ""

    @property
    def pending(self):
        return self.status == self.Status.RECEIVED


# Letters and digits that cannot be misread for one another when a reader types a reference.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference():
    """An unguessable reference such as "K7QM-3XPT": the status page is found only by whoever holds it."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def fingerprint(kind, subject, correct_value):
    """What makes two suggestions the same: kind, record and value, whatever the case and spacing."""
    key = subject._meta.label_lower + f":{subject.pk}" if subject is not None else "new"
    value = " ".join(correct_value.casefold().split())
    return hashlib.sha256(f"{kind}|{key}|{value}".encode()).hexdigest()


class SpaceToCheck(Space):
    """The spaces as the editors' list of what needs checking sees them (suggestions/admin.py); never saved through."""

    class Meta:
        proxy = True
        verbose_name = _("space needing checking")
        verbose_name_plural = _("spaces needing checking")
