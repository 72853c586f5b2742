"""What the directory's models share: slugs as natural keys, bilingual names, one-of-several checks,
and the evidence for a fact: whether its article states it or the directory inferred it, and why."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import Basis, check_in
from ..formatting import in_chinese

# How long the reason for an inferred fact may be: a short sentence, shown in a tooltip.
REASON_MAX_LENGTH = 300


def basis_field(what, **kwargs):
    """Whether the cited article states ``what`` ("the opening date") or the directory inferred it."""
    kwargs.setdefault("verbose_name", _("stated or inferred"))
    return models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.STATED,
        help_text=format_lazy(_("Whether the article states {what}, or it is inferred."), what=what),
        **kwargs,
    )


def reason_field(what):
    """Why ``what`` is inferred: required with an inferred basis, empty with a stated one."""
    return models.CharField(
        format_lazy(_("why {what} is inferred"), what=what),
        max_length=REASON_MAX_LENGTH,
        blank=True,
        help_text=_("Required when it is inferred: the evidence, in a short sentence of our own."),
    )


def basis_constraints(prefix, basis, reason):
    """The database's half of the rule for ``basis`` and ``reason``: a valid basis, and a reason exactly
    when it is inferred. ``prefix`` names the constraints (``space_opened``)."""
    return [
        check_in(basis, Basis, name=f"{prefix}_basis_valid"),
        models.CheckConstraint(
            condition=(Q(**{basis: Basis.STATED}) & Q(**{reason: ""}))
            | (Q(**{basis: Basis.INFERRED}) & ~Q(**{reason: ""})),
            name=f"{prefix}_reason_when_inferred",
        ),
    ]


def clean_basis(instance, basis, reason, what):
    """The model's half of the same rule, with a message an editor can act on."""
    if getattr(instance, basis) == Basis.INFERRED and not getattr(instance, reason).strip():
        raise ValidationError({reason: gettext("Say why %(what)s is inferred.") % {"what": what}})
    if getattr(instance, basis) == Basis.STATED and getattr(instance, reason).strip():
        raise ValidationError(
            {reason: gettext("A stated fact needs no reason: clear it, or mark %(what)s inferred.") % {"what": what}}
        )


def inferred_facts(instance):
    """``[(what, reason)]`` for each of the instance's facts marked inferred, from its model's ``INFERABLE``
    (``(what, basis field, reason field)`` triples): what its article's page lists beside it."""
    return [
        (what, getattr(instance, reason))
        for what, basis, reason in getattr(instance, "INFERABLE", ())
        if getattr(instance, basis) == Basis.INFERRED
    ]


def paragraph_field(**kwargs):
    """The paragraph of the cited article that states a fact: ¶ 1 is the first of its body."""
    kwargs.setdefault("verbose_name", _("paragraph"))
    return models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The paragraph of the article that states it (¶ 1 is the first of its body)."),
        **kwargs,
    )


def paragraph_constraint(name, field="paragraph"):
    return models.CheckConstraint(condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1}), name=name)


class Shown(str):
    """A text as a page shows it: ``lang`` is the language it is in ("en" or "zh-Hans"), and ``fallback`` is
    true when it is not in the reader's language, because the record has no text in that one yet."""

    def __new__(cls, text, lang, fallback=False):
        shown = super().__new__(cls, text)
        shown.lang, shown.fallback = lang, fallback
        return shown


def in_reader_language(english, chinese):
    """The Chinese text for a reader of Chinese when there is one, the English otherwise."""
    return chinese if chinese and in_chinese() else english


class Bilingual:
    """A record's text in the reader's language, falling back to the other: ``description_text =
    Bilingual("description", "description_zh")`` gives a ``Shown``."""

    def __init__(self, english, chinese):
        self.english, self.chinese = english, chinese

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        english, chinese = getattr(instance, self.english), getattr(instance, self.chinese)
        if in_chinese():
            return Shown(chinese, "zh-Hans") if chinese else Shown(english, "en", fallback=bool(english))
        return Shown(english, "en") if english else Shown(chinese, "zh-Hans", fallback=bool(chinese))


def name_sort_field():
    """The key lists sort names by in Chinese (pinyin; derived from the names, never edited or exported)."""
    return models.CharField(max_length=600, default="", editable=False, serialize=False)


class NamedQuerySet(models.QuerySet):
    def by_name(self):
        """In the order of their names: by letter in English, by pinyin in Chinese (``name_sort``)."""
        return self.order_by("name_sort" if in_chinese() else "name_en", "pk")


class SlugManager(models.Manager):
    """Looks rows up by their slug, the natural key fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Named(models.Model):
    """English and Chinese names with a unique ASCII slug as natural key."""

    slug = models.SlugField(
        max_length=120, unique=True, help_text=_("Unique ASCII identifier used in URLs."), verbose_name=_("slug")
    )
    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    # The articles are in English: a Chinese name is nearly always outside knowledge, kept for readers of Chinese.
    name_zh_basis = basis_field(_("the Chinese name"))
    name_zh_reason = reason_field(_("the Chinese name"))
    name_sort = name_sort_field()

    name = Bilingual("name_en", "name_zh")

    objects = SlugManager()

    INFERABLE = ((_("the Chinese name"), "name_zh_basis", "name_zh_reason"),)

    class Meta:
        abstract = True
        ordering = ["name_en"]
        # Subclasses that declare constraints of their own list these first.
        constraints = basis_constraints("%(class)s_name_zh", "name_zh_basis", "name_zh_reason")

    def __str__(self):
        return str(self.name)

    def natural_key(self):
        return (self.slug,)

    @property
    def order_key(self):
        """What lists order this record by: its pinyin in Chinese (``name_sort``), its English name otherwise."""
        return self.name_sort if in_chinese() else self.name_en.casefold()

    def clean(self):
        super().clean()
        if not self.name_zh and self.name_zh_basis == Basis.INFERRED:
            raise ValidationError({"name_zh_basis": _("There is no Chinese name to mark as inferred.")})
        clean_basis(self, "name_zh_basis", "name_zh_reason", _("the Chinese name"))


def related_model(model, relation):
    """The model at the other end of ``model.relation``: how a QuerySet reaches a model of another module
    without importing it (those modules import this one's, and imports must not go in a circle)."""
    return model._meta.get_field(relation).related_model


def directory_url(**filters):
    """The directory of spaces with the given filters, for links from other pages."""
    return reverse("makerspaces:space-list", query=filters or None)


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
        raise ValidationError(gettext("%(rule)s; choose one.") % {"rule": rule}, code="none_chosen")
    if len(chosen) > 1:
        named = gettext(" and ").join(
            gettext("the %(field)s “%(value)s”")
            % {"field": instance._meta.get_field(name).verbose_name, "value": value}
            for name, value in chosen.items()
        )
        message = gettext("%(rule)s, but %(named)s are both chosen: keep one and clear the other.") % {
            "rule": rule,
            "named": named,
        }
        raise ValidationError({name: ValidationError(message, code="several_chosen") for name in chosen})
