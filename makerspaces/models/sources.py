"""Sources: the news articles every fact is taken from, their numbered paragraphs, and citations of them."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..choices import Basis, DatePrecision, check_in
from ..formatting import format_date, format_paragraphs
from .base import Bilingual, SlugManager, basis_constraints, basis_field, clean_basis, reason_field

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


def paragraph_digest(text):
    """The digest that stands for a paragraph in ``Source.paragraph_digests``: the first 12 hex digits of the
    SHA-256 of its text with runs of white space made one space. It identifies the paragraph in a copy of the
    article without keeping its words."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def parse_paragraphs(text):
    """``"1, 3, 4"`` -> ``[1, 3, 4]``; ValueError unless the numbers are whole, from 1 up, ascending, once each."""
    numbers = [int(part) for part in text.replace(",", " ").split()]
    if any(number < 1 for number in numbers) or numbers != sorted(set(numbers)):
        raise ValueError(text)
    return numbers


def validate_paragraph_list(value):
    try:
        parse_paragraphs(value)
    except ValueError:
        raise ValidationError(
            _("List paragraph numbers from 1 up, in order, each once, separated by commas: for example 1, 3, 4."),
            code="invalid_paragraphs",
        ) from None


def check_paragraphs_exist(source, numbers, field):
    """A ValidationError on ``field`` when a paragraph is past the end of the article's numbered body."""
    count = source.paragraph_count if source is not None else 0
    beyond = [number for number in numbers if number and count and number > count]
    if beyond:
        raise ValidationError(
            {
                field: ngettext(
                    "“%(source)s” has %(count)s numbered paragraph: there is no ¶ %(number)s.",
                    "“%(source)s” has %(count)s numbered paragraphs: there is no ¶ %(number)s.",
                    count,
                )
                % {"source": source, "count": count, "number": beyond[0]}
            },
            code="no_paragraph",
        )
    if any(numbers) and source is not None and not count:
        raise ValidationError(
            {field: gettext("The paragraphs of “%(source)s” are not numbered yet.") % {"source": source}},
            code="not_numbered",
        )


class SourceQuerySet(models.QuerySet):
    def citing(self, subject):
        """Sources of a space, operator or region: its own sources and those of the facts recorded about it,
        each with ``cited_paragraphs``, the paragraphs of its citation of the subject ("" for none)."""
        relations = getattr(subject, "FACT_RELATIONS", None)
        if relations is None:
            raise TypeError(f"No sources are recorded for {type(subject).__name__}.")
        # The subject's own sources through its M2M table: a join from sources would read
        # every row of that table for a source cited by many records.
        own = type(subject).sources.through.objects.filter(**{subject._meta.model_name: subject})
        condition = Q(pk__in=own.values("source"))
        for relation in relations:
            condition |= Q(pk__in=getattr(subject, relation).values("source"))
        paragraphs = own.filter(source=OuterRef("pk")).values("paragraphs")[:1]
        return self.filter(condition).annotate(cited_paragraphs=Subquery(paragraphs))


class Source(models.Model):
    """A news article the directory takes its facts from."""

    Basis = Basis

    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    publisher = models.CharField(max_length=200, blank=True, verbose_name=_("publisher"))
    author = models.CharField(max_length=200, blank=True, help_text=_("Writer or reporter."), verbose_name=_("author"))
    editor = models.CharField(max_length=200, blank=True, verbose_name=_("editor"))
    published_on = models.DateField(null=True, blank=True, verbose_name=_("published on"))
    published_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY, verbose_name=_("published precision")
    )
    published_basis = basis_field(_("its date (printed), or its text implies it"))
    published_reason = reason_field(_("the date"))
    language = models.CharField(max_length=10, default="en", verbose_name=_("language"))
    url = models.URLField(blank=True, verbose_name=_("url"))
    summary = models.TextField(
        blank=True, help_text=_("What the article is about, in our own words."), verbose_name=_("summary")
    )
    summary_zh = models.TextField(_("summary in Chinese"), blank=True)
    # The numbering every citation's paragraph refers to, kept in one place: a test checks it against the articles.
    paragraph_digests = models.TextField(
        blank=True,
        help_text=_(
            "One line per paragraph of the article's body, in order (¶ 1 first: the first paragraph after the "
            "title, date and byline; headings, captions and site furniture are not counted), each the "
            "paragraph's digest (see docs/data.md)."
        ),
        verbose_name=_("paragraph digests"),
    )
    # Derived, never edited or exported: kept current in each writing transaction (makerspaces/counting.py).
    space_count = models.PositiveIntegerField(default=0, editable=False, serialize=False)
    statistic_count = models.PositiveIntegerField(default=0, editable=False, serialize=False)

    INFERABLE = ((_("the date"), "published_basis", "published_reason"),)

    objects = SlugManager.from_queryset(SourceQuerySet)()

    summary_text = Bilingual("summary", "summary_zh")

    class Meta:
        ordering = ["published_on", "slug"]
        indexes = [models.Index(fields=["published_on", "slug"], name="source_published_idx")]
        constraints = [
            check_in("published_precision", DatePrecision, name="source_published_precision_valid"),
            *basis_constraints("source_published", "published_basis", "published_reason"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("makerspaces:source-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        clean_basis(self, "published_basis", "published_reason", _("the date"))
        digests = self.paragraph_digests.split()
        if any(len(digest) != 12 or digest.strip("0123456789abcdef") for digest in digests):
            raise ValidationError({"paragraph_digests": _("Each line holds one 12-digit digest (see docs/data.md).")})

    @property
    def published_display(self):
        return format_date(self.published_on, self.published_precision)

    @property
    def paragraph_count(self):
        """How many paragraphs the article's body has; 0 when they are not numbered."""
        return len(self.paragraph_digests.split())


class Citation(models.Model):
    """Where a source speaks of a space, an operator, a region or a person: the paragraphs that name it or
    state its facts. The concrete models (``models/citations.py``) add the key to what is cited."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))
    paragraphs = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_paragraph_list],
        help_text=_("The paragraphs that speak of it, for example 1, 3, 4 (¶ 1 is the first of the body)."),
        verbose_name=_("paragraphs"),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.source} {self.paragraphs_display}".strip()

    def clean(self):
        super().clean()
        if self.source_id and self.paragraphs:
            # Text that is no list of numbers gives none here; the field's validator reports it.
            check_paragraphs_exist(self.source, self.paragraph_numbers, "paragraphs")

    @property
    def paragraph_numbers(self):
        """The paragraphs as numbers; none for text that is not a list of them (which validation refuses)."""
        try:
            return parse_paragraphs(self.paragraphs)
        except ValueError:
            return []

    @property
    def paragraphs_display(self):
        return format_paragraphs(self.paragraph_numbers)
