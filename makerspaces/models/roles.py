"""The parts operators play in spaces, and the designations spaces hold: facts about a space, each citing
the paragraph of the article that states it.

``spaces`` imports this module for its queries; the key to the space is therefore named by its label.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import YEAR_MAX, YEAR_MIN, Basis, DesignationLevel, OperatorRole, check_in
from .base import (
    Bilingual,
    SlugManager,
    basis_constraints,
    basis_field,
    clean_basis,
    paragraph_constraint,
    paragraph_field,
    reason_field,
)
from .organisations import Operator
from .sources import Source, check_paragraphs_exist


class SpaceOperatorManager(models.Manager):
    def get_by_natural_key(self, space_slug, operator_slug, role):
        return self.get(space__slug=space_slug, operator__slug=operator_slug, role=role)


class SpaceOperator(models.Model):
    """An operator's part in a space: runs it, co-launched it, sponsors it, ..."""

    Role = OperatorRole

    Basis = Basis

    space = models.ForeignKey(
        "makerspaces.Space", on_delete=models.CASCADE, related_name="operator_roles", verbose_name=_("space")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="space_roles", verbose_name=_("operator")
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OPERATOR, verbose_name=_("role"))
    basis = basis_field(_("the role"))
    reason = reason_field(_("the role"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="space_operator_roles", verbose_name=_("source")
    )
    paragraph = paragraph_field()

    objects = SpaceOperatorManager()

    INFERABLE = ((_("the role"), "basis", "reason"),)

    class Meta:
        ordering = ["space__name_en", "role", "operator__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["space", "operator", "role"], name="space_operator_role_unique"),
            check_in("role", OperatorRole, name="space_operator_role_valid"),
            *basis_constraints("space_operator", "basis", "reason"),
            paragraph_constraint("space_operator_paragraph_positive"),
        ]
        # The directory's operator facet counts each operator's spaces from this index alone.
        indexes = [models.Index(fields=["operator", "space"], name="spaceoperator_operator_idx")]

    def __str__(self):
        return gettext("%(operator)s — %(role)s of %(space)s") % {
            "operator": self.operator,
            "role": self.get_role_display(),
            "space": self.space,
        }

    def clean(self):
        super().clean()
        clean_basis(self, "basis", "reason", _("the role"))
        if self.source_id:
            check_paragraphs_exist(self.source, [self.paragraph], "paragraph")

    def natural_key(self):
        return (self.space.slug, self.operator.slug, self.role)

    natural_key.dependencies = ["makerspaces.space", "makerspaces.operator"]


class Designation(models.Model):
    """A recognition a space received (national maker space, municipal programme, ...)."""

    Level = DesignationLevel

    slug = models.SlugField(max_length=160, unique=True, verbose_name=_("slug"))
    space = models.ForeignKey(
        "makerspaces.Space", on_delete=models.CASCADE, related_name="designations", verbose_name=_("space")
    )
    level = models.CharField(max_length=12, choices=Level.choices, verbose_name=_("level"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    title_zh = models.CharField(_("title in Chinese"), max_length=300, blank=True)
    awarded_by = models.ForeignKey(
        Operator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations_awarded",
        verbose_name=_("awarded by"),
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year"))
    year_basis = basis_field(_("the year"))
    year_reason = reason_field(_("the year"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="designations", verbose_name=_("source"))
    paragraph = paragraph_field()

    INFERABLE = ((_("the year"), "year_basis", "year_reason"),)

    objects = SlugManager()

    title_text = Bilingual("title", "title_zh")

    class Meta:
        ordering = ["space__name_en", "level", "title"]
        constraints = [
            check_in("level", DesignationLevel, name="designation_level_valid"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="designation_year_plausible",
            ),
            *basis_constraints("designation_year", "year_basis", "year_reason"),
            paragraph_constraint("designation_paragraph_positive"),
        ]
        # The directory's designation filter looks for a level within each space.
        indexes = [models.Index(fields=["space", "level"], name="designation_space_level_idx")]

    def __str__(self):
        return f"{self.title} ({self.get_level_display()})"

    def clean(self):
        super().clean()
        if self.year_basis == Basis.INFERRED and self.year is None:
            raise ValidationError({"year_basis": _("There is no year to mark as inferred.")})
        clean_basis(self, "year_basis", "year_reason", _("the year"))
        if self.source_id:
            check_paragraphs_exist(self.source, [self.paragraph], "paragraph")

    def natural_key(self):
        return (self.slug,)
