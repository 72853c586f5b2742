"""What the directory's models share: slugs as natural keys, bilingual names, one-of-several checks."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse


class SlugManager(models.Manager):
    """Looks rows up by their slug, the natural key fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


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
        raise ValidationError(f"{rule}; choose one.", code="none_chosen")
    if len(chosen) > 1:
        named = " and ".join(
            f"the {instance._meta.get_field(name).verbose_name} “{value}”" for name, value in chosen.items()
        )
        message = f"{rule}, but {named} are both chosen: keep one and clear the other."
        raise ValidationError({name: ValidationError(message, code="several_chosen") for name in chosen})
