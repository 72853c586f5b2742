"""Spaces, the services they offer, the operators' parts in them and the designations they hold."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField, TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connections, models
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Basis,
    DatePrecision,
    SpaceKind,
    SpaceStatus,
    Unit,
    check_in,
)
from ..formatting import format_date, format_figure, in_chinese
from ..text import SEARCH_CONFIG, ranking_query, search_words
from .base import (
    Bilingual,
    Named,
    SlugManager,
    basis_constraints,
    basis_field,
    clean_basis,
    in_reader_language,
    reason_field,
    related_model,
)
from .organisations import Operator, PersonRole
from .places import Region, counts_by_region, grouped, labelled
from .points import Located, LocatedQuerySet
from .roles import Designation, SpaceOperator
from .services import Service
from .sources import Source


class SpaceQuerySet(LocatedQuerySet):
    # Each sort ends with the primary key so that pages never overlap or skip rows.
    SORTS = {
        "name": ("name_en", "pk"),
        "opened": (F("opened_on").asc(nulls_last=True), "name_en", "pk"),
        "-opened": (F("opened_on").desc(nulls_last=True), "name_en", "pk"),
    }

    def in_region(self, region):
        """Spaces in the region or in any region below it (a city includes its districts)."""
        # The regions first, then their spaces by the region index: a condition on the region's id
        # OR its path spans two tables, which made PostgreSQL read every space to join it.
        return self.filter(region__in=Region.objects.within(region).values("pk"))

    def search(self, text, similar=False):
        """Spaces whose names, aliases, description or operators' names contain every word of ``text``.

        With ``similar`` (PostgreSQL only), a word also matches words like it, for typing mistakes.
        """
        queryset = self
        for word in search_words(text):
            condition = Q(search_document__contains=word)
            if similar:
                condition |= Q(search_document__trigram_word_similar=word)
            queryset = queryset.filter(condition)
        return queryset

    def ranked_by(self, text, similar=False):
        """Best matches of a search first, then by name.

        PostgreSQL ranks by the full-text vector (names weigh most, then aliases),
        or by word similarity when the search looks for similar words; SQLite puts
        spaces with the words in their names first.
        """
        words = search_words(text)
        if connections[self.db].vendor == "postgresql":
            if similar:
                rank = TrigramWordSimilarity(Value(" ".join(words)), "search_document")
            elif query := ranking_query(words):
                rank = SearchRank(F("search_vector"), SearchQuery(query, search_type="raw", config=SEARCH_CONFIG))
            else:
                return self.sorted_by("name")
            # PostgreSQL ranks in single precision; as a double the value reads back exactly, so that an
            # API cursor can start after a row by its rank (a float4 read as text loses its last bits).
            rank = Cast(rank, FloatField())
        else:
            rank = sum(
                (
                    Case(When(Q(name_en__icontains=word) | Q(name_zh__icontains=word), then=1), default=0)
                    for word in words
                ),
                Value(0),
            )
        return self.annotate(rank=rank).order_by("-rank", "name_sort" if in_chinese() else "name_en", "pk")

    # Multi-valued conditions use EXISTS so that a space never appears twice.
    def run_by(self, operator):
        """Spaces in which the operator has any role."""
        return self.filter(Exists(SpaceOperator.objects.filter(space=OuterRef("pk"), operator=operator)))

    def designated(self, level):
        return self.filter(Exists(Designation.objects.filter(space=OuterRef("pk"), level=level)))

    def offering(self, service):
        through = self.model.services.through
        return self.filter(Exists(through.objects.filter(space=OuterRef("pk"), service=service)))

    def cited_by(self, source):
        """Spaces the article speaks of (its citations of them)."""
        return self.filter(pk__in=self.model.sources.through.objects.filter(source=source).values("space"))

    def opened_from(self, year):
        return self.filter(opened_on__year__gte=year)

    def opened_until(self, year):
        return self.filter(opened_on__year__lte=year)

    def sorted_by(self, key):
        """In the sort ``key`` of SORTS; in Chinese, names in pinyin order (``name_sort``) instead of by letter."""
        fields = self.SORTS[key]
        if in_chinese():
            fields = tuple("name_sort" if field == "name_en" else field for field in fields)
        return self.order_by(*fields)

    def with_last_confirmed(self):
        """Each space with ``last_confirmed``: its newest source's date or its last accepted correction."""
        newest_source = models.Max("sources__published_on")
        # Greatest of two dates either of which may be missing (SQLite's GREATEST gives NULL then).
        return self.annotate(
            last_confirmed=Greatest(Coalesce("confirmed_on", newest_source), Coalesce(newest_source, "confirmed_on"))
        )

    def not_confirmed_since(self, day):
        """Spaces nothing has confirmed since ``day`` (or ever)."""
        return self.with_last_confirmed().filter(Q(last_confirmed__lt=day) | Q(last_confirmed__isnull=True))

    # Counts for the directory's facets ----------------------------------------

    def counts_by_region(self):
        """``{region slug: number of these spaces in that region or below it}``."""
        return counts_by_region(self)

    def counts_by(self, *fields):
        """``{values of fields: number of these spaces}`` for fields of the space itself, from one grouped query."""
        rows = self.order_by().values(*fields).annotate(n=Count("*"))
        return {tuple(row[name] for name in fields): row["n"] for row in rows}

    def _rows_about(self, model):
        """Rows of ``model`` (which has a ``space`` key) about these spaces; all its rows when these are all spaces."""
        rows = model.objects.all()
        if self.query.has_filters():
            rows = rows.filter(space__in=self.order_by().values("pk"))
        return rows

    def counts_by_designation(self):
        """``{level: number of these spaces holding a designation of that level}``."""
        # A space may hold several designations of one level.
        groups = grouped(self._rows_about(Designation), "level", Count("space", distinct=True))
        return {row["group_key"]: row["n"] for row in groups}

    def counts_by_service(self):
        """``{service slug: (service name, number of these spaces offering it)}``."""
        # A space offers a service once (the M2M table's pairs are unique): no DISTINCT.
        rows = self._rows_about(self.model.services.through)
        labels = labelled(grouped(rows, "service"), Service, "slug", "name", "name_zh")
        return {slug: (in_reader_language(name, name_zh), n) for slug, name, name_zh, n in labels}

    def counts_by_operator(self):
        """``{operator slug: (operator name, number of these spaces in which it has any role)}``."""
        # An operator may hold two roles in one space, which counts once.
        groups = grouped(self._rows_about(SpaceOperator), "operator", Count("space", distinct=True))
        labels = labelled(groups, Operator, "slug", "name_en", "name_zh")
        return {slug: (in_reader_language(name_en, name_zh), n) for slug, name_en, name_zh, n in labels}

    # What pages show of each space ---------------------------------------------

    def with_place(self):
        return self.select_related("region", "region__parent")

    def with_related(self):
        """What the directory shows of each space: place and operators."""
        return self.with_place().prefetch_related(
            Prefetch(
                "operator_roles",
                queryset=SpaceOperator.objects.select_related("operator").order_by("role", "operator__name_en"),
            )
        )

    def with_details(self):
        """Everything a space's own page shows, in a fixed number of queries, but its figures: those include
        the figures about groups it is in (``Statistic.objects.about_space``)."""
        return self.select_related("region", "region__parent", "point_source").prefetch_related(
            Prefetch(
                "operator_roles",
                queryset=SpaceOperator.objects.select_related("operator", "source").order_by(
                    "role", "operator__name_en"
                ),
            ),
            Prefetch("people", queryset=PersonRole.objects.select_related("person", "source")),
            Prefetch("designations", queryset=Designation.objects.select_related("awarded_by", "source")),
            "services",
        )

    def with_citations(self):
        """What the API and the downloads give of each space: place, services, citations with their articles,
        and roles with their operators and sources, in a fixed number of queries."""
        citations = related_model(self.model, "citations")
        return self.with_place().prefetch_related(
            "services",
            Prefetch("citations", queryset=citations.objects.select_related("source").order_by("source__slug")),
            Prefetch("operator_roles", queryset=SpaceOperator.objects.select_related("operator", "source")),
        )

    def sharing_operator_with(self, space):
        """Other spaces in which any of the space's operators has a role."""
        operators = SpaceOperator.objects.filter(space=space).values("operator")
        # The spaces of those operators first (a subquery), rather than a check on every space:
        # sorted by name and cut to a few, a check per space scans the whole table when few match.
        shared = SpaceOperator.objects.filter(operator__in=operators).values("space")
        return self.filter(pk__in=shared).exclude(pk=space.pk)

    def neighbours_of(self, space):
        """Other spaces in the same region (the same district, for most spaces)."""
        return self.filter(region=space.region_id).exclude(pk=space.pk)


class Space(Located, Named):
    Kind = SpaceKind

    Status = SpaceStatus

    Basis = Basis

    aliases = models.TextField(
        blank=True, help_text=_("Other names and abbreviations, one per line."), verbose_name=_("aliases")
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MAKER_SPACE, verbose_name=_("kind"))
    kind_basis = basis_field(_("what kind of space it is"))
    kind_reason = reason_field(_("the kind"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNKNOWN, verbose_name=_("status"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="spaces",
        help_text=_("The most precise region known."),
        verbose_name=_("region"),
    )
    region_basis = basis_field(_("where the space is"))
    region_reason = reason_field(_("the region"))
    address = models.CharField(_("address or park"), max_length=300, blank=True)
    address_zh = models.CharField(_("address or park in Chinese"), max_length=300, blank=True)
    opened_on = models.DateField(null=True, blank=True, verbose_name=_("opened on"))
    opened_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, blank=True, verbose_name=_("opened precision")
    )
    opened_basis = basis_field(_("the opening date"))
    opened_reason = reason_field(_("the opening date"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_precision = models.CharField(
        _("precision of the closing date"), max_length=12, choices=DatePrecision.choices, blank=True
    )
    # The day an editor accepted a reader's correction of the space: with its sources' dates, when it was
    # last confirmed. Curation, not a fact of the articles: never exported.
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True, editable=False, serialize=False)
    # Optimistic locking: every save through the admin or a correction moves it on; a form opened
    # at an older number is refused (makerspaces/locking.py).
    edit_version = models.PositiveIntegerField(default=0, editable=False, serialize=False)
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    description_zh = models.TextField(_("description in Chinese"), blank=True)
    audience = models.CharField(
        max_length=300, blank=True, help_text=_("Who the space is for."), verbose_name=_("audience")
    )
    audience_zh = models.CharField(_("audience in Chinese"), max_length=300, blank=True)
    services = models.ManyToManyField(Service, blank=True, related_name="spaces", verbose_name=_("services"))
    operators = models.ManyToManyField(
        Operator, through="SpaceOperator", related_name="spaces", blank=True, verbose_name=_("operators")
    )
    synthetic = models.BooleanField(default=False, editable=False, help_text=_("Generated demo data."))
    # When the record was added and last changed here (not facts of the space): for the feed of changes.
    # Never exported, so that the fixture files stay as the articles give the data.
    added_at = models.DateTimeField(default=timezone.now, editable=False, serialize=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False, serialize=False)
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="spaces",
        through="SpaceSource",
        through_fields=("space", "source"),
        verbose_name=_("sources"),
    )
    # Derived, never edited or exported (makerspaces/search.py keeps them current).
    search_document = models.TextField(blank=True, default="", editable=False, serialize=False)
    # PostgreSQL only: set by a trigger from the columns above (migration 0003); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = SlugManager.from_queryset(SpaceQuerySet)()

    address_text = Bilingual("address", "address_zh")
    description_text = Bilingual("description", "description_zh")
    audience_text = Bilingual("audience", "audience_zh")

    # Relations whose rows cite a source: the space's page lists those sources.
    FACT_RELATIONS = ("operator_roles", "people", "designations", "statistics")
    INFERABLE = (
        *Named.INFERABLE,
        (_("the kind"), "kind_basis", "kind_reason"),
        (_("the region"), "region_basis", "region_reason"),
        (_("the opening date"), "opened_basis", "opened_reason"),
        *Located.INFERABLE,
    )

    class Meta(Named.Meta):
        constraints = [
            *Named.Meta.constraints,
            check_in("kind", SpaceKind, name="space_kind_valid"),
            *basis_constraints("space_kind", "kind_basis", "kind_reason"),
            check_in("status", SpaceStatus, name="space_status_valid"),
            *basis_constraints("space_region", "region_basis", "region_reason"),
            *basis_constraints("space_opened", "opened_basis", "opened_reason"),
            check_in("opened_precision", DatePrecision, allow_blank=True, name="space_opened_precision_valid"),
            models.CheckConstraint(
                condition=Q(floor_area_m2__isnull=True) | Q(floor_area_m2__gte=0), name="space_floor_area_non_negative"
            ),
            models.CheckConstraint(
                condition=(Q(opened_on__isnull=True) & Q(opened_precision=""))
                | (Q(opened_on__isnull=False) & ~Q(opened_precision="")),
                name="space_opened_precision_with_date",
            ),
            check_in("closed_precision", DatePrecision, allow_blank=True, name="space_closed_precision_valid"),
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(closed_precision=""))
                | (Q(closed_on__isnull=False) & ~Q(closed_precision="")),
                name="space_closed_precision_with_date",
            ),
            # Only a closed space has a closing date.
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status=SpaceStatus.CLOSED), name="space_closed_on_if_closed"
            ),
            *Located.point_constraints(),
        ]
        indexes = [
            models.Index(fields=["kind", "name_en"]),
            models.Index(fields=["status", "name_en"]),
            models.Index(fields=["opened_on", "name_en"]),
            # The directory's sort by name. Its "newest first" sort puts undated spaces last;
            # the index for that (DESC NULLS LAST) exists on PostgreSQL only, made by
            # migration 0002, because SQLite cannot index NULLS LAST.
            models.Index(fields=["name_en", "id"], name="space_name_idx"),
            # The same sort in Chinese, by pinyin.
            models.Index(fields=["name_sort", "id"], name="space_name_sort_idx"),
            # The directory's kind and status facets and its count: one grouped read of this small index.
            models.Index(fields=["kind", "status"], name="space_kind_status_idx"),
            # The feed of spaces added and changed, newest first.
            models.Index(fields=["-changed_at", "id"], name="space_changed_idx"),
            # "Near here": the bounding box around a point, before the exact distance.
            models.Index(fields=["latitude", "longitude"], name="space_point_idx"),
        ]

    def clean(self):
        super().clean()
        if self.opened_on and not self.opened_precision:
            raise ValidationError({"opened_precision": _("Say how precisely the opening date is known.")})
        if self.opened_precision and not self.opened_on:
            raise ValidationError({"opened_on": _("A precision needs a date.")})
        if self.opened_basis == Basis.INFERRED and not self.opened_on:
            raise ValidationError({"opened_basis": _("There is no opening date to mark as inferred.")})
        if self.closed_on and self.status != SpaceStatus.CLOSED:
            raise ValidationError({"status": _("Only a closed space has a closing date: set its status to closed.")})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError(_("The closing date is before the opening date."), code="closed_before_opened")
        clean_basis(self, "kind_basis", "kind_reason", _("the kind"))
        clean_basis(self, "region_basis", "region_reason", _("the region"))
        clean_basis(self, "opened_basis", "opened_reason", _("the opening date"))
        self.clean_point()

    def save(self, *args, **kwargs):
        self.changed_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "changed_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("makerspaces:space-detail", args=[self.slug])

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def opened_display(self):
        return format_date(self.opened_on, self.opened_precision)

    @property
    def closed_display(self):
        return format_date(self.closed_on, self.closed_precision)

    @property
    def floor_area_display(self):
        return "" if self.floor_area_m2 is None else format_figure(self.floor_area_m2, Unit.SQUARE_METRE)
