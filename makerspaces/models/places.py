"""Regions: a tree of country, provinces, cities and districts, each space in one of them."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Count, F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import Basis, RegionKind, check_in
from .base import (
    Named,
    NamedQuerySet,
    SlugManager,
    basis_constraints,
    basis_field,
    clean_basis,
    directory_url,
    paragraph_constraint,
    paragraph_field,
    reason_field,
)
from .sources import Source, check_paragraphs_exist


def grouped(rows, key, count=None):
    """``rows`` grouped by the field ``key`` (as ``group_key``), each group with ``n``: its rows, or ``count``."""
    return rows.order_by().values(group_key=F(key)).annotate(n=count or Count("*"))


def labelled(groups, model, *fields):
    """``[(*fields, n)]``: each group of ``grouped(...)``, keyed by a primary key of ``model``, with fields of that row.

    One query that counts first and then joins the few counted groups to their labels: PostgreSQL
    joins before it groups, so joining the labels in the ORM would hash every counted row with its
    label and group by text, several times slower at 100,000 spaces.
    """
    connection = connections[groups.db]
    sql, params = groups.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(f"labels.{quote(model._meta.get_field(name).column)}" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, counted.n FROM {quote(model._meta.db_table)} labels "
            f"INNER JOIN ({sql}) counted ON counted.group_key = labels.{quote(model._meta.pk.column)}",
            params,
        )
        return cursor.fetchall()


def counts_by_region(spaces):
    """``{region slug: number of the spaces in that region or below it}``, from one grouped query.

    A space lies in exactly one region, so grouping by region gives disjoint
    counts; adding each to every slug of its region's path counts a city's
    districts for the city, a province's cities for the province, and so on.
    The grouped rows number the regions that have spaces, not the spaces.
    """
    counts = Counter()
    for path, n in labelled(grouped(spaces, "region"), Region, "path"):
        for slug in path.split("/"):
            counts[slug] += n
    return counts


class RegionQuerySet(NamedQuerySet):
    def within(self, region):
        """The region and every region below it."""
        return self.filter(Q(pk=region.pk) | Q(path__startswith=f"{region.path}/"))

    def of_kinds(self, *kinds):
        return self.filter(kind__in=kinds)

    def with_spaces(self):
        """Regions with any space in them or below them."""
        return self.filter(space_count__gt=0)


class Region(Named):
    Kind = RegionKind

    Basis = Basis

    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    parent_basis = basis_field(_("that this region lies in its parent"))
    parent_reason = reason_field(_("the parent"))
    # The citation of the parent: which article, and which of its paragraphs, places the region in it.
    parent_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region_parents",
        help_text=_("The article that places the region in its parent (or whose facts the inference rests on)."),
        verbose_name=_("parent source"),
    )
    parent_paragraph = paragraph_field()
    # Slugs of the region and its ancestors, root first ("china/guangdong/shenzhen").
    # Kept by save() so that "spaces in a city" is one indexed prefix match.
    path = models.CharField(max_length=600, editable=False, db_index=True, default="")
    synthetic = models.BooleanField(default=False, editable=False, help_text=_("Generated demo data."))
    # Links the region to its boundary and centre in the map data (makerspaces/maps/data/).
    division_code = models.CharField(
        _("administrative division code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[1-8]\d{5}$", _("Six digits, as in GB/T 2260 (Shanghai is 310000)."))],
        help_text=_("The six-digit code of China's administrative divisions; empty for areas and parks."),
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="regions",
        through="RegionSource",
        through_fields=("region", "source"),
        verbose_name=_("sources"),
    )
    # Derived, never edited or exported: kept current in each writing transaction (makerspaces/counting.py).
    space_count = models.PositiveIntegerField(
        default=0, editable=False, serialize=False, help_text=_("Spaces in the region or below it.")
    )

    objects = SlugManager.from_queryset(RegionQuerySet)()

    # Relations whose rows cite a source: the region's page lists those sources.
    FACT_RELATIONS = ("statistics",)
    INFERABLE = (*Named.INFERABLE, (_("that it lies in its parent"), "parent_basis", "parent_reason"))

    class Meta(Named.Meta):
        constraints = [
            *Named.Meta.constraints,
            check_in("kind", RegionKind, name="region_kind_valid"),
            *basis_constraints("region_parent", "parent_basis", "parent_reason"),
            paragraph_constraint("region_parent_paragraph_positive", "parent_paragraph"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="region_not_own_parent"),
            models.CheckConstraint(
                condition=Q(division_code="") | Q(division_code__gte="100000", division_code__lte="899999"),
                name="region_division_code_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name_en"], name="region_kind_name_idx"),
            # The directory's region facets with no other filter: the regions of a kind with most spaces first.
            models.Index(fields=["kind", "-space_count", "name_en", "id"], name="region_facet_rank_idx"),
        ]

    def clean(self):
        super().clean()
        clean_basis(self, "parent_basis", "parent_reason", _("the parent"))
        if self.parent_paragraph and not self.parent_source_id:
            raise ValidationError({"parent_source": _("A paragraph number needs the article it is in.")})
        if self.parent_source_id:
            check_paragraphs_exist(self.parent_source, [self.parent_paragraph], "parent_paragraph")
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A region cannot lie inside itself.")})
            ancestor = ancestor.parent

    def compute_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)  # the pre_save handler below sets self.path
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        return reverse("makerspaces:region-detail", args=[self.slug])

    # The directory filter that selects a region's spaces, by kind of region.
    DIRECTORY_FILTERS = {
        RegionKind.PROVINCE: "province",
        RegionKind.CITY: "city",
        RegionKind.DISTRICT: "district",
        RegionKind.AREA: "district",
    }

    def directory_filters(self):
        """The directory's parameters that select this region's spaces (none for a country: all of them)."""
        parameter = self.DIRECTORY_FILTERS.get(self.kind)
        return {parameter: self.slug} if parameter else {}

    def get_directory_url(self):
        """The directory filtered to this region's spaces (a country: the whole directory)."""
        return directory_url(**self.directory_filters())

    @staticmethod
    def tree(regions):
        """Nest regions given parents first (ordered by path) as RegionNode(region, children) roots, each
        region's children in the order of their names (by pinyin in Chinese)."""
        nodes, roots = {}, []
        for region in regions:
            node = nodes[region.pk] = RegionNode(region, [])
            parent = nodes.get(region.parent_id)
            (parent.children if parent else roots).append(node)
        for node in nodes.values():
            node.children.sort(key=lambda child: child.region.order_key)
        return roots

    def ancestors(self):
        """Regions above this one, root first, in one query."""
        slugs = self.path.split("/")[:-1]
        by_slug = {region.slug: region for region in Region.objects.filter(slug__in=slugs)}
        return [by_slug[slug] for slug in slugs if slug in by_slug]


@receiver(pre_save, sender=Region)
def set_region_path(sender, instance, **kwargs):
    # A signal rather than save(): loaddata saves raw, skipping save(), and
    # fixtures leave the computed path out. Fixtures list parents first.
    instance.path = instance.compute_path()


@dataclass
class RegionNode:
    region: Region
    children: list
