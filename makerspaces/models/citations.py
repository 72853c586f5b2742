"""Citations: which article speaks of a space, an operator, a region or a person, and in which paragraphs.

Each is the table of its subject's ``sources``; the facts recorded about the subject (roles, figures,
designations, positions) cite their own paragraph.
"""

from django.db import models

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


class SpaceSource(SubjectCitation):
    SUBJECT = "space"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="citations")

    class Meta(SubjectCitation.Meta):
        # The table and its unique pair are those of the many-to-many table it replaced.
        db_table = "makerspaces_space_sources"
        unique_together = [("space", "source")]
        ordering = ["space__name_en", "source__published_on", "source__slug"]
        verbose_name = "citation"


class OperatorSource(SubjectCitation):
    SUBJECT = "operator"

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="citations")

    class Meta(SubjectCitation.Meta):
        db_table = "makerspaces_operator_sources"
        unique_together = [("operator", "source")]
        ordering = ["operator__name_en", "source__published_on", "source__slug"]
        verbose_name = "citation"


class RegionSource(SubjectCitation):
    SUBJECT = "region"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="citations")

    class Meta(SubjectCitation.Meta):
        db_table = "makerspaces_region_sources"
        unique_together = [("region", "source")]
        ordering = ["region__path", "source__published_on", "source__slug"]
        verbose_name = "citation"


class PersonSource(SubjectCitation):
    SUBJECT = "person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="citations")

    class Meta(SubjectCitation.Meta):
        db_table = "makerspaces_person_sources"
        unique_together = [("person", "source")]
        ordering = ["person__name_en", "source__published_on", "source__slug"]
        verbose_name = "citation"


CITATION_MODELS = (SpaceSource, OperatorSource, RegionSource, PersonSource)
