"""The directory's data model, one module per aggregate.

Every record that carries a fact cites the Source (news article) that states
it. Where browsing needs a fact that no article states (the city a district
lies in), the record marks it as inferred.

Fixtures refer to rows by natural key only: every model here has a unique
slug or a unique combination of natural keys.

The modules import one another in one direction only, each from those above it:
``base``, ``sources``, ``places``, ``organisations``, ``roles``, ``spaces``, ``statistics``, ``citations``;
``counts`` imports none of them.
A QuerySet that needs a model further down reaches it through the relation
(``base.related_model``), not by importing it.
"""

from ..choices import (
    Basis,
    DatePrecision,
    DesignationLevel,
    OperatorKind,
    OperatorRole,
    Qualifier,
    RegionKind,
    SpaceKind,
    SpaceStatus,
    Unit,
)
from .base import Named, SlugManager, directory_url
from .citations import CITATION_MODELS, OperatorSource, PersonSource, RegionSource, SpaceSource
from .counts import COUNT_MODELS, DesignationLevelCount, KindStatusCount
from .organisations import Operator, OperatorQuerySet, Person, PersonRole
from .places import Region, RegionNode, RegionQuerySet
from .roles import Designation, SpaceOperator
from .services import Service
from .sources import SYNTHETIC_SOURCE_SLUG, Source, SourceQuerySet, paragraph_digest
from .spaces import Space, SpaceQuerySet
from .statistics import Metric, MetricQuerySet, SpaceGroup, Statistic, StatisticQuerySet

__all__ = [
    "CITATION_MODELS",
    "COUNT_MODELS",
    "OperatorSource",
    "PersonSource",
    "RegionSource",
    "SpaceGroup",
    "SpaceSource",
    "paragraph_digest",
    "SYNTHETIC_SOURCE_SLUG",
    "Basis",
    "DatePrecision",
    "Designation",
    "DesignationLevelCount",
    "DesignationLevel",
    "Metric",
    "MetricQuerySet",
    "Named",
    "Operator",
    "OperatorKind",
    "OperatorQuerySet",
    "OperatorRole",
    "Person",
    "PersonRole",
    "KindStatusCount",
    "Qualifier",
    "Region",
    "RegionKind",
    "RegionNode",
    "RegionQuerySet",
    "Service",
    "SlugManager",
    "Source",
    "SourceQuerySet",
    "Space",
    "SpaceKind",
    "SpaceOperator",
    "SpaceQuerySet",
    "SpaceStatus",
    "Statistic",
    "StatisticQuerySet",
    "Unit",
    "directory_url",
]
