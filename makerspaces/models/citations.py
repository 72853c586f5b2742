"""Citations: which article speaks of a space, an operator, a region or a person, and in which paragraphs.

Each is the table of its subject's ``sources``; the facts recorded about the subject (roles, figures,
designations, positions) cite their own paragraph.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Operator, Person
from .places import Region
from .sources import Citation
from .spaces import Space


class CitationManager(models.Manager):
    """Looks a citation up by the slugs of its subject and its source, the natural key fixtures use."""

    def get_by_natural_key(self, subject_slug, source_slug):
        subject = self.model.SUBJECT
        return self.get(**{f"{subject}__slug": subject_slug, "source__slug": source_slug})


class SubjectCitation(Citation):
    # The name of the foreign key to what is cited; set by each concrete model.
    SUBJECT = ""

    objects = CitationManager()

    class Meta(Citation.Meta):
        abstract = True

    def natural_key(self):
        return (getattr(self, self.SUBJECT).slug, self.source.slug)


def citation_meta(subject, subject_order):
    """The Meta of a subject's citations: the table and its unique pair are those of the many-to-many table
    they replaced (migration 0007), ordered by the subject, then the article's date."""
    return type(
        "Meta",
        (SubjectCitation.Meta,),
        {
            "db_table": f"makerspaces_{subject}_sources",
            "unique_together": [(subject, "source")],
            "ordering": [subject_order, "source__published_on", "source__slug"],
            "verbose_name": _("citation"),
        },
    )


def subject_key(model):
    return models.ForeignKey(model, on_delete=models.CASCADE, related_name="citations")


class SpaceSource(SubjectCitation):
    SUBJECT = "space"
    space = subject_key(Space)
    Meta = citation_meta("space", "space__name_en")


class OperatorSource(SubjectCitation):
    SUBJECT = "operator"
    operator = subject_key(Operator)
    Meta = citation_meta("operator", "operator__name_en")


class RegionSource(SubjectCitation):
    SUBJECT = "region"
    region = subject_key(Region)
    Meta = citation_meta("region", "region__path")


class PersonSource(SubjectCitation):
    SUBJECT = "person"
    person = subject_key(Person)
    Meta = citation_meta("person", "person__name_en")


CITATION_MODELS = (SpaceSource, OperatorSource, RegionSource, PersonSource)
