"""QuerySets of the directory's models: the questions pages ask, in one place."""

from django.db import models
from django.db.models import Count, Q


class SlugManager(models.Manager):
    """Looks rows up by their slug, the natural key fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """The region and every region below it."""
        return self.filter(Q(pk=region.pk) | Q(path__startswith=f"{region.path}/"))


class SpaceQuerySet(models.QuerySet):
    def in_region(self, region):
        """Spaces in the region or in any region below it (a city includes its districts)."""
        return self.filter(Q(region=region) | Q(region__path__startswith=f"{region.path}/"))

    def with_related(self):
        return self.select_related("region", "region__parent")

    def real(self):
        return self.filter(synthetic=False)


class OperatorQuerySet(models.QuerySet):
    def with_space_counts(self):
        return self.annotate(space_count=Count("spaces", distinct=True))


class SourceQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            space_count=Count("spaces", distinct=True),
            statistic_count=Count("statistics", distinct=True),
        )


class StatisticQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("metric", "source", "region", "space", "operator")
