"""Metrics and statistics: dated figures about one region, space, operator or group of spaces, each citing
the paragraph of the article that states it."""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _

from ..choices import Basis, DatePrecision, Qualifier, RegionKind, Unit, check_in
from ..formatting import format_date, format_figure, in_chinese
from .base import (
    Bilingual,
    SlugManager,
    basis_constraints,
    basis_field,
    check_exactly_one,
    clean_basis,
    paragraph_constraint,
    paragraph_field,
    reason_field,
)
from .organisations import Operator
from .places import Region
from .sources import Source, check_paragraphs_exist
from .spaces import Space


class MetricQuerySet(models.QuerySet):
    def in_menu_order(self):
        return self.order_by("name", "pk")


class Metric(models.Model):
    """What a Statistic measures (number of maker spaces, funds introduced, ...)."""

    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    description = models.TextField(blank=True, verbose_name=_("description"))
    description_zh = models.TextField(_("description in Chinese"), blank=True)
    measure_word_zh = models.CharField(
        _("Chinese measure word"),
        max_length=8,
        blank=True,
        help_text=_("Written after a count in Chinese: 人 for people, 家 for organisations, 个 for most things."),
    )
    synthetic = models.BooleanField(default=False, editable=False, help_text=_("Added by the demo data generator."))
    # Derived, never edited or exported: kept current in each writing transaction (makerspaces/counting.py).
    statistic_count = models.PositiveIntegerField(default=0, editable=False, serialize=False)

    objects = SlugManager.from_queryset(MetricQuerySet)()

    name_text = Bilingual("name", "name_zh")
    description_text = Bilingual("description", "description_zh")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return str(self.name_text)

    def natural_key(self):
        return (self.slug,)


class SpaceGroup(models.Model):
    """Spaces that an article gives a figure for together ("the projects served by the two"), so that the
    figure belongs to neither alone."""

    slug = models.SlugField(max_length=160, unique=True, verbose_name=_("slug"))
    name_en = models.CharField(
        _("English name"), max_length=300, help_text=_("The spaces as a reader would name them together.")
    )
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    spaces = models.ManyToManyField(Space, related_name="groups", verbose_name=_("spaces"))

    objects = SlugManager()

    name = Bilingual("name_en", "name_zh")

    class Meta:
        ordering = ["name_en"]

    def __str__(self):
        return str(self.name)

    def natural_key(self):
        return (self.slug,)


class StatisticQuerySet(models.QuerySet):
    SUBJECTS = ("region", "space", "operator", "group")

    def comparing(self, metric, subject=""):
        """Figures of one metric, about one kind of subject (region, space, operator or group) or any."""
        return self.matching(metric=metric, subject=subject)

    def matching(self, metric=None, subject="", **subjects_and_source):
        """Figures of a metric, about a kind of subject, about one region, space or operator, from one
        source: each condition only when given."""
        queryset = self.filter(metric=metric) if metric else self
        if subject:
            queryset = queryset.filter(**{f"{subject}__isnull": False})
        chosen = {name: value for name, value in subjects_and_source.items() if value is not None}
        return queryset.filter(**chosen)

    def with_related(self):
        # A group's spaces are read only for the figures about groups: none, on most pages.
        return self.select_related("metric", "source", "region", "space", "operator", "group").prefetch_related(
            Prefetch("group__spaces", queryset=Space.objects.order_by("name_en", "pk"))
        )

    def about_space(self, space):
        """Figures about the space, and those about groups of spaces it belongs to."""
        # The groups first, by their ids: a condition on the space OR a subquery of groups spans two
        # columns, which made PostgreSQL read every figure (100 ms at 100,000 spaces) instead of two indexes.
        groups = list(SpaceGroup.spaces.through.objects.filter(space=space).values_list("spacegroup", flat=True))
        return self.filter(Q(space=space) | Q(group__in=groups)) if groups else self.filter(space=space)

    def by_value(self):
        return self.order_by("-value", "pk")

    def chronological(self):
        return self.order_by("metric__name", "unit", "as_of", "pk")

    def headlines(self, limit=6):
        """Observed figures about the largest regions first (country, province, city), newest first."""
        rank = Case(
            When(region__kind=RegionKind.COUNTRY, then=Value(0)),
            When(region__kind=RegionKind.PROVINCE, then=Value(1)),
            When(region__kind=RegionKind.CITY, then=Value(2)),
            When(region__kind=RegionKind.DISTRICT, then=Value(3)),
            default=Value(4),
        )
        return (
            self.filter(region__isnull=False, is_plan=False)
            # A figure about a region has no space or operator: joining those tables would only cost.
            .select_related("metric", "source", "region")
            .annotate(region_rank=rank)
            .order_by("region_rank", "-as_of", "metric__name", "pk")[:limit]
        )


SUBJECT_FIELDS = ("region", "space", "operator", "group")


def exactly_one_of(fields):
    """A condition that holds when exactly one of the foreign keys is set."""
    return reduce(
        or_,
        (Q(**{f"{name}__isnull": name != chosen for name in fields}) for chosen in fields),
    )


class Statistic(models.Model):
    """One dated observation of a metric about one region, space or operator."""

    Unit = Unit

    Qualifier = Qualifier

    Basis = Basis

    slug = models.SlugField(max_length=160, unique=True, verbose_name=_("slug"))
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="statistics", verbose_name=_("metric"))
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics", verbose_name=_("region")
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics", verbose_name=_("space")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics", verbose_name=_("operator")
    )
    group = models.ForeignKey(
        SpaceGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="statistics",
        verbose_name=_("group of spaces"),
        help_text=_("For a figure an article gives for several spaces together."),
    )
    value = models.DecimalField(
        max_digits=20, decimal_places=4, validators=[MinValueValidator(0)], verbose_name=_("value")
    )
    value_max = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Upper end, when the source gives a range."),
        verbose_name=_("value max"),
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, verbose_name=_("unit"))
    qualifier = models.CharField(
        max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT, verbose_name=_("qualifier")
    )
    as_of = models.DateField(verbose_name=_("as of"))
    as_of_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY, verbose_name=_("as of precision")
    )
    as_of_basis = basis_field(
        _("the date the figure is as of (inferred when, for example, the article's date stands in)")
    )
    as_of_reason = reason_field(_("the date"))
    is_plan = models.BooleanField(
        default=False, help_text=_("A target or plan, not an observation."), verbose_name=_("is plan")
    )
    note = models.CharField(
        max_length=300, blank=True, help_text=_("Context, in our own words."), verbose_name=_("note")
    )
    note_zh = models.CharField(_("note in Chinese"), max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statistics", verbose_name=_("source"))
    paragraph = paragraph_field()
    synthetic = models.BooleanField(default=False, editable=False, help_text=_("Generated demo data."))

    INFERABLE = ((_("the date"), "as_of_basis", "as_of_reason"),)

    objects = SlugManager.from_queryset(StatisticQuerySet)()

    note_text = Bilingual("note", "note_zh")

    class Meta:
        ordering = ["metric__name", "-as_of", "slug"]
        constraints = [
            models.CheckConstraint(condition=exactly_one_of(SUBJECT_FIELDS), name="statistic_exactly_one_subject"),
            models.CheckConstraint(condition=Q(value__gte=0), name="statistic_value_non_negative"),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=models.F("value")),
                name="statistic_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(qualifier="range"), name="statistic_range_has_qualifier"
            ),
            check_in("unit", Unit, name="statistic_unit_valid"),
            check_in("qualifier", Qualifier, name="statistic_qualifier_valid"),
            check_in("as_of_precision", DatePrecision, name="statistic_as_of_precision_valid"),
            *basis_constraints("statistic_as_of", "as_of_basis", "as_of_reason"),
            paragraph_constraint("statistic_paragraph_positive"),
        ]
        indexes = [models.Index(fields=["metric", "-value"])]

    def __str__(self):
        return f"{self.metric}: {self.value_display} ({self.subject})"

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        check_exactly_one(
            self,
            SUBJECT_FIELDS,
            _("A statistic describes exactly one subject: a region, a space, an operator or a group of spaces"),
        )
        clean_basis(self, "as_of_basis", "as_of_reason", _("the date"))
        if self.source_id:
            check_paragraphs_exist(self.source, [self.paragraph], "paragraph")
        if self.value_max is not None and self.qualifier != self.Qualifier.RANGE:
            raise ValidationError({"qualifier": _("A value with an upper end needs the qualifier 'between'.")})
        if self.value_max is not None and self.value is not None and self.value_max < self.value:
            raise ValidationError({"value_max": _("The upper end must not be below the value.")})

    @property
    def subject(self):
        return self.region or self.space or self.operator or self.group

    @property
    def subject_kind(self):
        """Which of SUBJECT_FIELDS the figure is about: "region", "space", "operator" or "group"."""
        return next(name for name in SUBJECT_FIELDS if getattr(self, f"{name}_id"))

    @property
    def as_of_display(self):
        return format_date(self.as_of, self.as_of_precision)

    @property
    def value_display(self):
        """The value with its qualifier and unit, as a reader would say it."""
        # What a count counts, in Chinese only ("约300人"): read only then, from the metric the row is read with.
        measure_word = self.metric.measure_word_zh if self.metric_id and in_chinese() else ""
        return format_figure(self.value, self.unit, self.qualifier, self.value_max, measure_word)
