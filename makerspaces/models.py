"""The directory's data model.

Every record that carries a fact cites the Source (news article) that states
it. Where browsing needs a fact that no article states (the city a district
lies in), the record marks it as inferred.

Fixtures refer to rows by natural key only: every model here has a unique
slug or a unique combination of natural keys.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.http import urlencode

from .querysets import (
    MetricQuerySet,
    OperatorQuerySet,
    RegionQuerySet,
    SlugManager,
    SourceQuerySet,
    SpaceQuerySet,
    StatisticQuerySet,
)


def choice_values(choices):
    return [value for value, _label in choices.choices]


def check_in(field, choices, *, allow_blank=False, name):
    values = choice_values(choices)
    condition = Q(**{f"{field}__in": values})
    if allow_blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)


class Basis(models.TextChoices):
    STATED = "stated", "stated in the source"
    INFERRED = "inferred", "inferred (not stated in the source)"


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    QUARTER = "quarter", "quarter"
    YEAR = "year", "year"
    APPROXIMATE = "approximate", "approximate"


class RegionKind(models.TextChoices):
    COUNTRY = "country", "country"
    PROVINCE = "province", "province"
    CITY = "city", "city"
    DISTRICT = "district", "district"
    AREA = "area", "area or park"


class OperatorKind(models.TextChoices):
    COMPANY = "company", "company"
    ASSOCIATION = "association", "association"
    GOVERNMENT = "government", "government body"
    JOINT_VENTURE = "joint_venture", "joint venture"
    COMMUNITY = "community", "community"
    OTHER = "other", "other"


class SpaceKind(models.TextChoices):
    MAKER_SPACE = "maker_space", "maker space"
    INCUBATOR = "incubator", "incubator"
    CO_WORKING = "co_working", "co-working space"
    HACKERSPACE = "hackerspace", "hackerspace"
    ACCELERATOR = "accelerator", "accelerator"
    PLATFORM = "platform", "service platform"
    PARK = "park", "park or base"


class SpaceStatus(models.TextChoices):
    PLANNED = "planned", "planned"
    OPEN = "open", "open"
    CLOSED = "closed", "closed"
    UNKNOWN = "unknown", "unknown"


class OperatorRole(models.TextChoices):
    OPERATOR = "operator", "operator"
    CO_OPERATOR = "co_operator", "joint operator"
    FOUNDER = "founder", "founder"
    CO_LAUNCHER = "co_launcher", "co-launcher"
    SPONSOR = "sponsor", "sponsor"
    BRAND = "brand", "brand"
    SUPERVISOR = "supervisor", "supervising body"
    PARTNER = "partner", "partner"


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", "national"
    PROVINCIAL = "provincial", "provincial"
    MUNICIPAL = "municipal", "municipal"
    DISTRICT = "district", "district"


class Unit(models.TextChoices):
    COUNT = "count", "count"
    CNY = "CNY", "CNY"
    USD = "USD", "USD"
    SQUARE_METRE = "m2", "m²"
    PERCENT = "percent", "%"
    RATIO = "ratio", "ratio"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    ABOUT = "about", "about"
    AT_LEAST = "at_least", "at least"
    OVER = "over", "over"
    NEARLY = "nearly", "nearly"
    UP_TO = "up_to", "up to"
    RANGE = "range", "between"


def check_exactly_one(instance, field_names, rule):
    """Raise a ValidationError unless exactly one of the foreign keys is set.

    Reads the related objects, not only their ids: in an inline on an add form
    the parent is set but not saved yet, so its id is still None. Two choices
    are reported on each chosen field, so a form shows the message where the
    editor has to act.
    """
    chosen = {name: getattr(instance, name) for name in field_names}
    chosen = {name: value for name, value in chosen.items() if value is not None}
    if not chosen:
        raise ValidationError(f"{rule}; choose one.", code="none_chosen")
    if len(chosen) > 1:
        named = " and ".join(
            f"the {instance._meta.get_field(name).verbose_name} “{value}”" for name, value in chosen.items()
        )
        message = f"{rule}, but {named} are both chosen: keep one and clear the other."
        raise ValidationError({name: ValidationError(message, code="several_chosen") for name in chosen})


def directory_url(**filters):
    """The directory of spaces with the given filters, for links from other pages."""
    url = reverse("makerspaces:space-list")
    return f"{url}?{urlencode(filters)}" if filters else url


def format_date(value, precision):
    """Show a date no more precisely than it is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.QUARTER:
        return f"Q{(value.month - 1) // 3 + 1} {value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    if precision == DatePrecision.APPROXIMATE:
        return f"about {value.year}"
    return f"{value.day} {value.strftime('%B %Y')}"


class Named(models.Model):
    """English and Chinese names with a unique ASCII slug as natural key."""

    slug = models.SlugField(max_length=120, unique=True, help_text="Unique ASCII identifier used in URLs.")
    name_en = models.CharField("English name", max_length=200)
    name_zh = models.CharField("Chinese name", max_length=200, blank=True)

    objects = SlugManager()

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en

    def natural_key(self):
        return (self.slug,)

    @property
    def name(self):
        return self.name_en


class Source(models.Model):
    """A news article the directory takes its facts from."""

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

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("makerspaces:source-detail", args=[self.slug])

    @property
    def published_display(self):
        return format_date(self.published_on, self.published_precision)


class Region(Named):
    Kind = RegionKind

    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    parent_basis = models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.STATED,
        help_text="Whether a source states that this region lies in its parent.",
    )
    # Slugs of the region and its ancestors, root first ("china/guangdong/shenzhen").
    # Kept by save() so that "spaces in a city" is one indexed prefix match.
    path = models.CharField(max_length=600, editable=False, db_index=True, default="")
    synthetic = models.BooleanField(default=False, editable=False, help_text="Generated demo data.")
    sources = models.ManyToManyField(Source, blank=True, related_name="regions")

    objects = SlugManager.from_queryset(RegionQuerySet)()

    class Meta(Named.Meta):
        constraints = [
            check_in("kind", RegionKind, name="region_kind_valid"),
            check_in("parent_basis", Basis, name="region_parent_basis_valid"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="region_not_own_parent"),
        ]
        # The directory's facets list the regions of one kind by name.
        indexes = [models.Index(fields=["kind", "name_en"], name="region_kind_name_idx")]

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A region cannot lie inside itself."})
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

    def get_directory_url(self):
        """The directory filtered to this region's spaces (a country: the whole directory)."""
        parameter = self.DIRECTORY_FILTERS.get(self.kind)
        return directory_url(**{parameter: self.slug}) if parameter else directory_url()

    @staticmethod
    def tree(regions):
        """Nest regions given parents first (ordered by path) as RegionNode(region, children) roots."""
        nodes, roots = {}, []
        for region in regions:
            node = nodes[region.pk] = RegionNode(region, [])
            parent = nodes.get(region.parent_id)
            (parent.children if parent else roots).append(node)
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


class Operator(Named):
    Kind = OperatorKind

    kind = models.CharField(max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        help_text="Where it is based.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="ventures",
        help_text="For a joint venture: the organisations that formed it.",
    )
    synthetic = models.BooleanField(default=False, editable=False, help_text="Generated demo data.")
    sources = models.ManyToManyField(Source, blank=True, related_name="operators")

    objects = SlugManager.from_queryset(OperatorQuerySet)()

    class Meta(Named.Meta):
        constraints = [check_in("kind", OperatorKind, name="operator_kind_valid")]
        indexes = [models.Index(fields=["name_en", "id"], name="operator_name_idx")]

    def get_absolute_url(self):
        return reverse("makerspaces:operator-detail", args=[self.slug])

    def get_directory_url(self):
        return directory_url(operator=self.slug)


class Service(models.Model):
    """Something a space offers its members (mentoring, training, ...)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    synthetic = models.BooleanField(default=False, editable=False, help_text="Added by the demo data generator.")

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_directory_url(self):
        return directory_url(service=self.slug)


class Space(Named):
    Kind = SpaceKind

    Status = SpaceStatus

    aliases = models.TextField(blank=True, help_text="Other names and abbreviations, one per line.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MAKER_SPACE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="spaces", help_text="The most precise region known."
    )
    region_basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.STATED)
    address = models.CharField("address or park", max_length=300, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    opened_precision = models.CharField(max_length=12, choices=DatePrecision.choices, blank=True)
    floor_area_m2 = models.DecimalField(
        "floor area (m²)", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=300, blank=True, help_text="Who the space is for.")
    services = models.ManyToManyField(Service, blank=True, related_name="spaces")
    operators = models.ManyToManyField(Operator, through="SpaceOperator", related_name="spaces", blank=True)
    synthetic = models.BooleanField(default=False, editable=False, help_text="Generated demo data.")
    sources = models.ManyToManyField(Source, blank=True, related_name="spaces")
    # Derived, never edited or exported (makerspaces/search.py keeps them current).
    search_document = models.TextField(blank=True, default="", editable=False, serialize=False)
    # PostgreSQL only: set by a trigger from the columns above (migration 0003); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = SlugManager.from_queryset(SpaceQuerySet)()

    class Meta(Named.Meta):
        constraints = [
            check_in("kind", SpaceKind, name="space_kind_valid"),
            check_in("status", SpaceStatus, name="space_status_valid"),
            check_in("region_basis", Basis, name="space_region_basis_valid"),
            check_in("opened_precision", DatePrecision, allow_blank=True, name="space_opened_precision_valid"),
            models.CheckConstraint(
                condition=Q(floor_area_m2__isnull=True) | Q(floor_area_m2__gte=0), name="space_floor_area_non_negative"
            ),
            models.CheckConstraint(
                condition=(Q(opened_on__isnull=True) & Q(opened_precision=""))
                | (Q(opened_on__isnull=False) & ~Q(opened_precision="")),
                name="space_opened_precision_with_date",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name_en"]),
            models.Index(fields=["status", "name_en"]),
            models.Index(fields=["opened_on", "name_en"]),
            # The directory's sort by name. Its "newest first" sort puts undated spaces last;
            # the index for that (DESC NULLS LAST) exists on PostgreSQL only, made by
            # migration 0002, because SQLite cannot index NULLS LAST.
            models.Index(fields=["name_en", "id"], name="space_name_idx"),
            # The directory's kind and status facets and its count: one grouped read of this small index.
            models.Index(fields=["kind", "status"], name="space_kind_status_idx"),
        ]

    def clean(self):
        super().clean()
        if self.opened_on and not self.opened_precision:
            raise ValidationError({"opened_precision": "Say how precisely the opening date is known."})
        if self.opened_precision and not self.opened_on:
            raise ValidationError({"opened_on": "A precision needs a date."})

    def get_absolute_url(self):
        return reverse("makerspaces:space-detail", args=[self.slug])

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def opened_display(self):
        return format_date(self.opened_on, self.opened_precision)


class SpaceOperatorManager(models.Manager):
    def get_by_natural_key(self, space_slug, operator_slug, role):
        return self.get(space__slug=space_slug, operator__slug=operator_slug, role=role)


class SpaceOperator(models.Model):
    """An operator's part in a space: runs it, co-launched it, sponsors it, ..."""

    Role = OperatorRole

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="operator_roles")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="space_roles")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OPERATOR)
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.STATED)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="space_operator_roles")

    objects = SpaceOperatorManager()

    class Meta:
        ordering = ["space__name_en", "role", "operator__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["space", "operator", "role"], name="space_operator_role_unique"),
            check_in("role", OperatorRole, name="space_operator_role_valid"),
            check_in("basis", Basis, name="space_operator_basis_valid"),
        ]
        # The directory's operator facet counts each operator's spaces from this index alone.
        indexes = [models.Index(fields=["operator", "space"], name="spaceoperator_operator_idx")]

    def __str__(self):
        return f"{self.operator} — {self.get_role_display()} of {self.space}"

    def natural_key(self):
        return (self.space.slug, self.operator.slug, self.role)

    natural_key.dependencies = ["makerspaces.space", "makerspaces.operator"]


class DesignationManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Designation(models.Model):
    """A recognition a space received (national maker space, municipal programme, ...)."""

    Level = DesignationLevel

    slug = models.SlugField(max_length=160, unique=True)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="designations")
    level = models.CharField(max_length=12, choices=Level.choices)
    title = models.CharField(max_length=300)
    awarded_by = models.ForeignKey(
        Operator, on_delete=models.PROTECT, null=True, blank=True, related_name="designations_awarded"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="designations")

    objects = DesignationManager()

    class Meta:
        ordering = ["space__name_en", "level", "title"]
        constraints = [
            check_in("level", DesignationLevel, name="designation_level_valid"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2200), name="designation_year_plausible"
            ),
        ]
        # The directory's designation filter looks for a level within each space.
        indexes = [models.Index(fields=["space", "level"], name="designation_space_level_idx")]

    def __str__(self):
        return f"{self.title} ({self.get_level_display()})"

    def natural_key(self):
        return (self.slug,)


class Person(Named):
    sources = models.ManyToManyField(Source, blank=True, related_name="people")

    class Meta(Named.Meta):
        verbose_name_plural = "people"


class PersonRoleManager(models.Manager):
    def get_by_natural_key(self, person_slug, title):
        return self.get(person__slug=person_slug, title=title)


class PersonRole(models.Model):
    """A person's position at an operator or a space, as a source names it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200, help_text="For example: chief executive, founder, deputy head.")
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, null=True, blank=True, related_name="people")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True, related_name="people")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="person_roles")

    objects = PersonRoleManager()

    class Meta:
        ordering = ["person__name_en", "title"]
        constraints = [
            models.UniqueConstraint(fields=["person", "title"], name="person_role_unique"),
            models.CheckConstraint(
                condition=(Q(operator__isnull=False) & Q(space__isnull=True))
                | (Q(operator__isnull=True) & Q(space__isnull=False)),
                name="person_role_exactly_one_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.title} of {self.organisation}"

    def clean(self):
        super().clean()
        check_exactly_one(self, ("operator", "space"), "A role belongs to exactly one operator or one space")

    @property
    def organisation(self):
        return self.operator if self.operator_id else self.space

    def natural_key(self):
        return (self.person.slug, self.title)

    natural_key.dependencies = ["makerspaces.person"]


class Metric(models.Model):
    """What a Statistic measures (number of maker spaces, funds introduced, ...)."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False, editable=False, help_text="Added by the demo data generator.")

    objects = SlugManager.from_queryset(MetricQuerySet)()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Statistic(models.Model):
    """One dated observation of a metric about one region, space or operator."""

    Unit = Unit

    Qualifier = Qualifier

    slug = models.SlugField(max_length=160, unique=True)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="statistics")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics")
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics")
    value = models.DecimalField(max_digits=20, decimal_places=4, validators=[MinValueValidator(0)])
    value_max = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Upper end, when the source gives a range.",
    )
    unit = models.CharField(max_length=10, choices=Unit.choices)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    as_of = models.DateField()
    as_of_precision = models.CharField(max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY)
    as_of_basis = models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.STATED,
        help_text="Inferred when the source gives no date and the article's date stands in.",
    )
    is_plan = models.BooleanField(default=False, help_text="A target or plan, not an observation.")
    note = models.CharField(max_length=300, blank=True, help_text="Context, in our own words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statistics")
    synthetic = models.BooleanField(default=False, editable=False, help_text="Generated demo data.")

    objects = SlugManager.from_queryset(StatisticQuerySet)()

    class Meta:
        ordering = ["metric__name", "-as_of", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(space__isnull=True) & Q(operator__isnull=True))
                | (Q(region__isnull=True) & Q(space__isnull=False) & Q(operator__isnull=True))
                | (Q(region__isnull=True) & Q(space__isnull=True) & Q(operator__isnull=False)),
                name="statistic_exactly_one_subject",
            ),
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
            check_in("as_of_basis", Basis, name="statistic_as_of_basis_valid"),
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
            ("region", "space", "operator"),
            "A statistic describes exactly one subject: a region, a space or an operator",
        )
        if self.value_max is not None and self.qualifier != self.Qualifier.RANGE:
            raise ValidationError({"qualifier": "A value with an upper end needs the qualifier 'between'."})
        if self.value_max is not None and self.value is not None and self.value_max < self.value:
            raise ValidationError({"value_max": "The upper end must not be below the value."})

    @property
    def subject(self):
        return self.region or self.space or self.operator

    @property
    def as_of_display(self):
        return format_date(self.as_of, self.as_of_precision)

    @property
    def value_display(self):
        """The value with its qualifier and unit, as a reader would say it."""
        number = format_number(self.value)
        if self.value_max is not None:
            number = f"{number}–{format_number(self.value_max)}"
        if self.unit == self.Unit.PERCENT:
            text = f"{number}%"
        elif self.unit == self.Unit.SQUARE_METRE:
            text = f"{number} m²"
        elif self.unit in (self.Unit.CNY, self.Unit.USD):
            text = f"{number} {self.unit}"
        elif self.unit == self.Unit.RATIO:
            text = f"{number} : 1"
        else:
            text = number
        if self.qualifier == self.Qualifier.EXACT:
            return text
        if self.qualifier == self.Qualifier.RANGE:
            return text
        return f"{self.get_qualifier_display()} {text}"


def format_number(value):
    """1234567.0000 -> '1,234,567'; 13.7860 -> '13.786'."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"
