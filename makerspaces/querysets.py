"""QuerySets of the directory's models: the questions pages ask, in one place.

Models import this module, so model classes are reached through ``self.model``
or imported inside methods.
"""

from collections import Counter

from django.db import connections, models
from django.db.models import Case, Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When

from .search import SEARCH_CONFIG, ranking_query, search_words

# Cached counts of spaces per region live until the next write, or this many seconds.
REGION_COUNT_SECONDS = 600


class SlugManager(models.Manager):
    """Looks rows up by their slug, the natural key fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CountRows(Func):
    """COUNT(*) that Django does not treat as an aggregate.

    Inside a correlated subquery it counts every matching row without adding a
    GROUP BY, so the subquery returns exactly one row (0 when nothing matches).
    Only for rows that cannot repeat: it counts rows, not distinct objects.
    """

    template = "COUNT(*)"
    output_field = IntegerField()


def count_subquery(queryset):
    return Subquery(queryset.order_by().annotate(matching=CountRows()).values("matching"))


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


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """The region and every region below it."""
        return self.filter(Q(pk=region.pk) | Q(path__startswith=f"{region.path}/"))

    def counting_spaces(self, within=None):
        """The regions as a list, each with ``space_count``: spaces in it or below it (only those in ``within``).

        One query for the regions; the spaces grouped by region
        (``SpaceQuerySet.counts_by_region``) are counted once per data version
        and cached, since every visit to the home page or the region tree
        would otherwise count every space.
        """
        from .cache import cached
        from .models import Space

        spaces = Space.objects.in_region(within) if within else Space.objects.all()
        # Every space counted by region is also what the unfiltered directory's region facets show:
        # the same key shares one count between them.
        key = ("region-counts", f"within:{within.pk}") if within else ("region-counts",)
        counts = cached(key, spaces.counts_by_region, REGION_COUNT_SECONDS)
        regions = list(self)
        for region in regions:
            region.space_count = counts.get(region.slug, 0)
        return regions

    def of_kinds(self, *kinds):
        return self.filter(kind__in=kinds)


class SpaceQuerySet(models.QuerySet):
    # Each sort ends with the primary key so that pages never overlap or skip rows.
    SORTS = {
        "name": ("name_en", "pk"),
        "opened": (F("opened_on").asc(nulls_last=True), "name_en", "pk"),
        "-opened": (F("opened_on").desc(nulls_last=True), "name_en", "pk"),
    }

    def in_region(self, region):
        """Spaces in the region or in any region below it (a city includes its districts)."""
        from .models import Region

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
            from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

            if similar:
                rank = TrigramWordSimilarity(Value(" ".join(words)), "search_document")
            elif query := ranking_query(words):
                rank = SearchRank(F("search_vector"), SearchQuery(query, search_type="raw", config=SEARCH_CONFIG))
            else:
                return self.sorted_by("name")
        else:
            rank = sum(
                (
                    Case(When(Q(name_en__icontains=word) | Q(name_zh__icontains=word), then=1), default=0)
                    for word in words
                ),
                Value(0),
            )
        return self.annotate(rank=rank).order_by("-rank", "name_en", "pk")

    # Multi-valued conditions use EXISTS so that a space never appears twice.
    def run_by(self, operator):
        """Spaces in which the operator has any role."""
        from .models import SpaceOperator

        return self.filter(Exists(SpaceOperator.objects.filter(space=OuterRef("pk"), operator=operator)))

    def designated(self, level):
        from .models import Designation

        return self.filter(Exists(Designation.objects.filter(space=OuterRef("pk"), level=level)))

    def offering(self, service):
        through = self.model.services.through
        return self.filter(Exists(through.objects.filter(space=OuterRef("pk"), service=service)))

    def opened_from(self, year):
        return self.filter(opened_on__year__gte=year)

    def opened_until(self, year):
        return self.filter(opened_on__year__lte=year)

    def sorted_by(self, key):
        return self.order_by(*self.SORTS[key])

    def counts_by_region(self):
        """``{region slug: number of these spaces in that region or below it}``, from one grouped query.

        A space lies in exactly one region, so grouping by region gives disjoint
        counts; adding each to every slug of its region's path counts a city's
        districts for the city, a province's cities for the province, and so on.
        The grouped rows number the regions that have spaces, not the spaces.
        """
        from .models import Region

        counts = Counter()
        for path, n in labelled(grouped(self, "region"), Region, "path"):
            for slug in path.split("/"):
                counts[slug] += n
        return counts

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
        from .models import Designation

        # A space may hold several designations of one level.
        groups = grouped(self._rows_about(Designation), "level", Count("space", distinct=True))
        return {row["group_key"]: row["n"] for row in groups}

    def counts_by_service(self):
        """``{service slug: (service name, number of these spaces offering it)}``."""
        from .models import Service

        # A space offers a service once (the M2M table's pairs are unique): no DISTINCT.
        rows = self._rows_about(self.model.services.through)
        return {slug: (name, n) for slug, name, n in labelled(grouped(rows, "service"), Service, "slug", "name")}

    def counts_by_operator(self):
        """``{operator slug: (operator name, number of these spaces in which it has any role)}``."""
        from .models import Operator, SpaceOperator

        # An operator may hold two roles in one space, which counts once.
        groups = grouped(self._rows_about(SpaceOperator), "operator", Count("space", distinct=True))
        return {slug: (name, n) for slug, name, n in labelled(groups, Operator, "slug", "name_en")}

    def with_place(self):
        return self.select_related("region", "region__parent")

    def with_related(self):
        """What the directory shows of each space: place and operators."""
        from .models import SpaceOperator

        return self.with_place().prefetch_related(
            Prefetch(
                "operator_roles",
                queryset=SpaceOperator.objects.select_related("operator").order_by("role", "operator__name_en"),
            )
        )

    def with_details(self):
        """Everything a space's own page shows, in a fixed number of queries."""
        from .models import Designation, PersonRole, SpaceOperator, Statistic

        return self.select_related("region", "region__parent").prefetch_related(
            Prefetch(
                "operator_roles",
                queryset=SpaceOperator.objects.select_related("operator", "source").order_by(
                    "role", "operator__name_en"
                ),
            ),
            Prefetch("people", queryset=PersonRole.objects.select_related("person", "source")),
            Prefetch("designations", queryset=Designation.objects.select_related("awarded_by", "source")),
            Prefetch("statistics", queryset=Statistic.objects.with_related()),
            "services",
        )

    def sharing_operator_with(self, space):
        """Other spaces in which any of the space's operators has a role."""
        from .models import SpaceOperator

        operators = SpaceOperator.objects.filter(space=space).values("operator")
        # The spaces of those operators first (a subquery), rather than a check on every space:
        # sorted by name and cut to a few, a check per space scans the whole table when few match.
        shared = SpaceOperator.objects.filter(operator__in=operators).values("space")
        return self.filter(pk__in=shared).exclude(pk=space.pk)

    def neighbours_of(self, space):
        """Other spaces in the same region (the same district, for most spaces)."""
        return self.filter(region=space.region_id).exclude(pk=space.pk)

    def real(self):
        return self.filter(synthetic=False)


class OperatorQuerySet(models.QuerySet):
    def with_space_counts(self):
        return self.annotate(space_count=Count("spaces", distinct=True))

    def with_details(self):
        """Everything an operator's own page shows, in a fixed number of queries."""
        from .models import Designation, PersonRole, SpaceOperator, Statistic

        return self.select_related("region").prefetch_related(
            Prefetch(
                "space_roles",
                queryset=SpaceOperator.objects.select_related("space", "space__region", "source").order_by(
                    "space__name_en", "role"
                ),
            ),
            Prefetch("people", queryset=PersonRole.objects.select_related("person", "source")),
            Prefetch("statistics", queryset=Statistic.objects.with_related()),
            Prefetch("members", queryset=self.model.objects.order_by("name_en")),
            Prefetch("ventures", queryset=self.model.objects.order_by("name_en")),
            Prefetch("designations_awarded", queryset=Designation.objects.select_related("space", "source")),
        )


class SourceQuerySet(models.QuerySet):
    def with_counts(self):
        # Subqueries rather than joins: joining two to-many relations multiplies rows.
        from .models import Space, Statistic

        # Counted in the M2M table, whose (space, source) pairs are unique, without joining spaces;
        # and without DISTINCT, which sorts every counted row: no join repeats a row here.
        return self.annotate(
            space_count=count_subquery(Space.sources.through.objects.filter(source=OuterRef("pk"))),
            statistic_count=count_subquery(Statistic.objects.filter(source=OuterRef("pk"))),
        )

    def citing(self, subject):
        """Sources of a space, operator or region: its own sources and those of the facts recorded about it."""
        from .models import Designation, Operator, PersonRole, Region, Space, SpaceOperator, Statistic

        def own(model):
            # The subject's own sources through its M2M table: a join from sources would read
            # every row of that table for a source cited by many records.
            return Q(pk__in=model.sources.through.objects.filter(**{model._meta.model_name: subject}).values("source"))

        if isinstance(subject, Space):
            condition = (
                own(Space)
                | Q(pk__in=SpaceOperator.objects.filter(space=subject).values("source"))
                | Q(pk__in=PersonRole.objects.filter(space=subject).values("source"))
                | Q(pk__in=Designation.objects.filter(space=subject).values("source"))
                | Q(pk__in=Statistic.objects.filter(space=subject).values("source"))
            )
        elif isinstance(subject, Operator):
            condition = (
                own(Operator)
                | Q(pk__in=SpaceOperator.objects.filter(operator=subject).values("source"))
                | Q(pk__in=PersonRole.objects.filter(operator=subject).values("source"))
                | Q(pk__in=Statistic.objects.filter(operator=subject).values("source"))
            )
        elif isinstance(subject, Region):
            condition = own(Region) | Q(pk__in=Statistic.objects.filter(region=subject).values("source"))
        else:
            raise TypeError(f"No sources are recorded for {type(subject).__name__}.")
        return self.filter(condition)


class MetricQuerySet(models.QuerySet):
    def with_statistic_counts(self):
        return self.annotate(statistic_count=Count("statistics")).order_by("name", "pk")


class StatisticQuerySet(models.QuerySet):
    SUBJECTS = ("region", "space", "operator")

    def comparing(self, metric, subject=""):
        """Figures of one metric, about one kind of subject (region, space or operator) or any."""
        queryset = self.filter(metric=metric)
        if subject:
            queryset = queryset.filter(**{f"{subject}__isnull": False})
        return queryset

    def with_related(self):
        return self.select_related("metric", "source", "region", "space", "operator")

    def by_value(self):
        return self.order_by("-value", "pk")

    def chronological(self):
        return self.order_by("metric__name", "unit", "as_of", "pk")

    def headlines(self, limit=6):
        """Observed figures about the largest regions first (country, province, city), newest first."""
        from .models import RegionKind

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
