"""Sources: the news articles every fact is taken from."""

from django.db import models
from django.db.models import Func, IntegerField, Q
from django.urls import reverse

from ..choices import Basis, DatePrecision, check_in
from ..formatting import format_date
from .base import SlugManager

# The one Source that all generated demo data cites; it carries no synthetic flag of its own.
SYNTHETIC_SOURCE_SLUG = "synthetic-demo-data"


class CountRows(Func):
    """COUNT(*) that Django does not treat as an aggregate.

    Inside a correlated subquery it counts every matching row without adding a
    GROUP BY, so the subquery returns exactly one row (0 when nothing matches).
    Only for rows that cannot repeat: it counts rows, not distinct objects.
    """

    template = "COUNT(*)"
    output_field = IntegerField()


class SourceQuerySet(models.QuerySet):
    def citing(self, subject):
        """Sources of a space, operator or region: its own sources and those of the facts recorded about it."""
        relations = getattr(subject, "FACT_RELATIONS", None)
        if relations is None:
            raise TypeError(f"No sources are recorded for {type(subject).__name__}.")
        # The subject's own sources through its M2M table: a join from sources would read
        # every row of that table for a source cited by many records.
        own = type(subject).sources.through.objects.filter(**{subject._meta.model_name: subject})
        condition = Q(pk__in=own.values("source"))
        for relation in relations:
            condition |= Q(pk__in=getattr(subject, relation).values("source"))
        return self.filter(condition)


class Source(models.Model):
    """A news article the directory takes its facts from."""

    Basis = Basis

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True, help_text="Writer or reporter.")
    editor = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY)
    published_basis = models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.STATED,
        help_text="Whether the article prints its date or the date is implied by its text.",
    )
    language = models.CharField(max_length=10, default="en")
    url = models.URLField(blank=True)
    summary = models.TextField(blank=True, help_text="What the article is about, in our own words.")
    # Derived, never edited or exported: kept current in each writing transaction (makerspaces/counting.py).
    space_count = models.PositiveIntegerField(default=0, editable=False, serialize=False)
    statistic_count = models.PositiveIntegerField(default=0, editable=False, serialize=False)

    objects = SlugManager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = ["published_on", "slug"]
        indexes = [models.Index(fields=["published_on", "slug"], name="source_published_idx")]
        constraints = [
            check_in("published_precision", DatePrecision, name="source_published_precision_valid"),
            check_in("published_basis", Basis, name="source_published_basis_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("makerspaces:source-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def published_display(self):
        return format_date(self.published_on, self.published_precision)
