"""Operators (companies, associations, government bodies, ...) and the people who hold positions in them."""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import OperatorKind, check_in
from .base import (
    Bilingual,
    Named,
    NamedQuerySet,
    SlugManager,
    basis_constraints,
    basis_field,
    check_exactly_one,
    clean_basis,
    directory_url,
    paragraph_constraint,
    paragraph_field,
    reason_field,
    related_model,
)
from .places import Region
from .sources import Source, check_paragraphs_exist


class OperatorQuerySet(NamedQuerySet):
    def with_details(self, roles_limit=None):
        """Everything an operator's own page shows, in a fixed number of queries; at most ``roles_limit``
        of its roles in spaces, as ``listed_space_roles`` (an operator of hundreds of spaces lists them
        in the directory)."""
        roles = related_model(self.model, "space_roles")
        designations = related_model(self.model, "designations_awarded")
        statistics = related_model(self.model, "statistics")
        return self.select_related("region").prefetch_related(
            Prefetch(
                "space_roles",
                queryset=roles.objects.select_related("space", "space__region", "source").order_by(
                    "space__name_en", "role", "pk"
                )[:roles_limit],
                # A sliced prefetch needs a list of its own.
                to_attr="listed_space_roles",
            ),
            Prefetch("people", queryset=PersonRole.objects.select_related("person", "source")),
            Prefetch("statistics", queryset=statistics.objects.with_related()),
            Prefetch("members", queryset=self.model.objects.order_by("name_en")),
            Prefetch("ventures", queryset=self.model.objects.order_by("name_en")),
            Prefetch("designations_awarded", queryset=designations.objects.select_related("space", "source")),
        )


class Operator(Named):
    Kind = OperatorKind

    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    kind_basis = basis_field(_("what kind of organisation it is"))
    kind_reason = reason_field(_("the kind"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        help_text=_("Where it is based."),
        verbose_name=_("region"),
    )
    website = models.URLField(blank=True, verbose_name=_("website"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    description_zh = models.TextField(_("description in Chinese"), blank=True)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="ventures",
        help_text=_("For a joint venture: the organisations that formed it."),
        verbose_name=_("members"),
    )
    synthetic = models.BooleanField(default=False, editable=False, help_text=_("Generated demo data."))
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="operators",
        through="OperatorSource",
        through_fields=("operator", "source"),
        verbose_name=_("sources"),
    )
    # Derived, never edited or exported: kept current in each writing transaction (makerspaces/counting.py).
    space_count = models.PositiveIntegerField(
        default=0, editable=False, serialize=False, help_text=_("Spaces in which the operator has any role.")
    )

    objects = SlugManager.from_queryset(OperatorQuerySet)()

    description_text = Bilingual("description", "description_zh")

    # Relations whose rows cite a source: the operator's page lists those sources.
    FACT_RELATIONS = ("space_roles", "people", "statistics")
    INFERABLE = (*Named.INFERABLE, (_("the kind"), "kind_basis", "kind_reason"))

    class Meta(Named.Meta):
        constraints = [
            *Named.Meta.constraints,
            check_in("kind", OperatorKind, name="operator_kind_valid"),
            *basis_constraints("operator_kind", "kind_basis", "kind_reason"),
        ]
        indexes = [
            models.Index(fields=["name_en", "id"], name="operator_name_idx"),
            models.Index(fields=["name_sort", "id"], name="operator_name_sort_idx"),
            # The directory's operator facet with no other filter: the operators with most spaces first.
            models.Index(fields=["-space_count", "name_en", "id"], name="operator_facet_rank_idx"),
        ]

    def clean(self):
        super().clean()
        clean_basis(self, "kind_basis", "kind_reason", _("the kind"))

    def get_absolute_url(self):
        return reverse("makerspaces:operator-detail", args=[self.slug])

    def get_directory_url(self):
        return directory_url(operator=self.slug)


class Person(Named):
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="people",
        through="PersonSource",
        through_fields=("person", "source"),
        verbose_name=_("sources"),
    )

    class Meta(Named.Meta):
        verbose_name_plural = _("people")


class PersonRoleManager(models.Manager):
    def get_by_natural_key(self, person_slug, title):
        return self.get(person__slug=person_slug, title=title)


class PersonRole(models.Model):
    """A person's position at an operator or a space, as a source names it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person"))
    title = models.CharField(
        max_length=200, help_text=_("For example: chief executive, founder, deputy head."), verbose_name=_("position")
    )
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, null=True, blank=True, related_name="people", verbose_name=_("operator")
    )
    space = models.ForeignKey(
        "makerspaces.Space",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("space"),
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="person_roles", verbose_name=_("source"))
    paragraph = paragraph_field()

    objects = PersonRoleManager()

    title_text = Bilingual("title", "title_zh")

    class Meta:
        ordering = ["person__name_en", "title"]
        constraints = [
            models.UniqueConstraint(fields=["person", "title"], name="person_role_unique"),
            models.CheckConstraint(
                condition=(Q(operator__isnull=False) & Q(space__isnull=True))
                | (Q(operator__isnull=True) & Q(space__isnull=False)),
                name="person_role_exactly_one_organisation",
            ),
            paragraph_constraint("person_role_paragraph_positive"),
        ]

    def __str__(self):
        return gettext("%(person)s, %(title)s of %(organisation)s") % {
            "person": self.person,
            "title": self.title,
            "organisation": self.organisation,
        }

    def clean(self):
        super().clean()
        check_exactly_one(self, ("operator", "space"), _("A role belongs to exactly one operator or one space"))
        if self.source_id:
            check_paragraphs_exist(self.source, [self.paragraph], "paragraph")

    @property
    def organisation(self):
        return self.operator if self.operator_id else self.space

    def natural_key(self):
        return (self.person.slug, self.title)

    natural_key.dependencies = ["makerspaces.person"]
