"""The API's endpoints: lists in pages found by cursor, records by slug, errors in JSON.

The list of spaces takes the directory's own filters (``SpaceFilterSet``): the same parameters select
the same spaces, in the same order, as the directory page.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.responses import Status
from ninja.throttling import AnonRateThrottle
from pydantic import Field

from .. import cache
from ..directory.filters import RELEVANCE, SpaceFilterSet
from ..directory.page import words_found
from ..models import (
    Metric,
    Operator,
    OperatorSource,
    Region,
    RegionSource,
    Source,
    Space,
    Statistic,
)
from . import schemas
from .cursors import CursorError, Key, paginate

NAMESPACE = "api"
PAGE_SIZE, MAX_PAGE_SIZE = 25, 100

# The order of each sort of the directory, as keys a cursor can start after.
SPACE_SORTS = {
    "name": [Key("name_en"), Key("id")],
    "opened": [Key("opened_on", nullable=True, is_date=True), Key("name_en"), Key("id")],
    "-opened": [Key("opened_on", descending=True, nullable=True, is_date=True), Key("name_en"), Key("id")],
    RELEVANCE: [Key("rank", descending=True), Key("name_en"), Key("id")],
}
BY_SLUG = [Key("slug")]


class RateLimit(AnonRateThrottle):
    """Requests per client address, at the rate of ``settings.API_RATE_LIMIT`` ("600/m"), read at each
    request so that a deployment (or a test) can change it."""

    def __init__(self):
        self.rate = None

    def allow_request(self, request):
        if settings.API_RATE_LIMIT in ("", "off"):
            return True  # no limit: for measuring (make bench), or behind a proxy that limits
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="China maker space directory",
    version="1",
    description=(
        "Read-only access to the directory's maker spaces, regions, operators, sources and figures. "
        "Every fact carries its evidence (stated by its article, or inferred and why) and its citation "
        "(the article and its paragraph). Lists are read page by page with the `next` and `previous` cursors."
    ),
    urls_namespace=NAMESPACE,
    throttle=[RateLimit()],
)


class PageParameters(Schema):
    cursor: str = Field("", max_length=2000, description="A `next` or `previous` cursor from an earlier page.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records per page.")


def page_of(request, name, queryset, keys, query, parameters, extra=None):
    """A page of records and the addresses of the pages beside it."""
    try:
        page = paginate(queryset, keys, query, parameters.cursor, parameters.limit)
    except CursorError as error:
        raise HttpError(400, str(error)) from None

    def address(cursor):
        if cursor is None:
            return None
        arguments = {**(extra or {}), "cursor": cursor, "limit": parameters.limit}
        return request.build_absolute_uri(reverse(f"{NAMESPACE}:{name}", query=arguments))

    return {
        # Records as they are: the response schema reads them (with the request in its context).
        "items": page.rows,
        "next": address(page.next),
        "previous": address(page.previous),
    }


def listing(schema):
    class Listing(Schema):
        items: list[schema]
        next: str | None = Field(description="The next page, or null at the end.")
        previous: str | None = Field(description="The page before, or null at the start.")

    Listing.__name__ = f"{schema.__name__}Page"
    return Listing


ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}
public = decorate_view(cache.public_page)


# Spaces ---------------------------------------------------------------------------------------------


def cited(model):
    """A record's citations with their articles, in one query."""
    return Prefetch("citations", queryset=model.objects.select_related("source").order_by("source__slug"))


@api.get("/spaces", response={200: listing(schemas.Space), **ERRORS}, url_name="spaces", tags=["spaces"])
@public
def list_spaces(request, page: Query[PageParameters]):
    """Spaces, filtered and sorted as the directory is: `q`, `province`, `city`, `district`, `operator`,
    `kind`, `status`, `designation`, `service`, `opened_min`, `opened_max` and `sort` (`relevance`,
    `name`, `opened`, `-opened`) mean what they mean on the directory page."""
    filterset = SpaceFilterSet(data=request.GET, queryset=Space.objects.all(), words_found=words_found)
    if not filterset.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        return Status(400, {"detail": "Some filters are not valid; see errors.", "errors": errors})
    sort = filterset.current_sort()
    if sort not in SPACE_SORTS:  # nearest first: the directory and its downloads offer it, pages of the API not yet
        return Status(400, {"detail": "near= and sort=distance are not offered by the API; use the GeoJSON download."})
    extra = {name: value for name, value in request.GET.items() if name in filterset.filters}
    return page_of(
        request,
        "spaces",
        filterset.qs.with_citations(),
        SPACE_SORTS[sort],
        (*filterset.key(), f"sort={sort}"),
        page,
        extra,
    )


@api.get("/spaces/{slug}", response={200: schemas.Space, **ERRORS}, url_name="space", tags=["spaces"])
@public
def get_space(request, slug: str):
    return found(Space.objects.with_citations(), slug, "space")


def found(queryset, slug, what):
    try:
        return get_object_or_404(queryset, slug=slug[:200])
    except Http404:
        raise HttpError(404, f"There is no {what} “{slug[:200]}” in the directory.") from None


# Regions, operators, sources, metrics -------------------------------------------------------------------


def regions_shown(queryset):
    return queryset.select_related("parent", "parent_source").prefetch_related(cited(RegionSource))


@api.get("/regions", response={200: listing(schemas.Region), **ERRORS}, url_name="regions", tags=["regions"])
@public
def list_regions(request, page: Query[PageParameters]):
    return page_of(request, "regions", regions_shown(Region.objects.all()), BY_SLUG, (), page)


@api.get("/regions/{slug}", response={200: schemas.Region, **ERRORS}, url_name="region", tags=["regions"])
@public
def get_region(request, slug: str):
    return found(regions_shown(Region.objects.all()), slug, "region")


def operators_shown(queryset):
    return queryset.select_related("region").prefetch_related("members", cited(OperatorSource))


@api.get("/operators", response={200: listing(schemas.Operator), **ERRORS}, url_name="operators", tags=["operators"])
@public
def list_operators(request, page: Query[PageParameters]):
    rows = operators_shown(Operator.objects.all())
    return page_of(request, "operators", rows, BY_SLUG, (), page)


@api.get("/operators/{slug}", response={200: schemas.Operator, **ERRORS}, url_name="operator", tags=["operators"])
@public
def get_operator(request, slug: str):
    return found(operators_shown(Operator.objects.all()), slug, "operator")


@api.get("/sources", response={200: listing(schemas.Source), **ERRORS}, url_name="sources", tags=["sources"])
@public
def list_sources(request, page: Query[PageParameters]):
    return page_of(request, "sources", Source.objects.all(), BY_SLUG, (), page)


@api.get("/sources/{slug}", response={200: schemas.Source, **ERRORS}, url_name="source", tags=["sources"])
@public
def get_source(request, slug: str):
    return found(Source.objects.all(), slug, "source")


@api.get("/metrics", response={200: list[schemas.Metric], **ERRORS}, url_name="metrics", tags=["statistics"])
@public
def list_metrics(request):
    """Every metric (there are tens, not thousands): what the figures measure."""
    return list(Metric.objects.in_menu_order())


# Statistics ---------------------------------------------------------------------------------------------


class StatisticFilters(Schema):
    metric: str = Field("", max_length=120, description="Only figures of this metric (its slug).")
    subject: str = Field(
        "", pattern="^(|region|space|operator|group)$", description="Only figures about this kind of subject."
    )
    source: str = Field("", max_length=120, description="Only figures from this source (its slug).")


@api.get(
    "/statistics", response={200: listing(schemas.Statistic), **ERRORS}, url_name="statistics", tags=["statistics"]
)
@public
def list_statistics(request, filters: Query[StatisticFilters], page: Query[PageParameters]):
    """Figures, by slug: each with its value, unit and qualifier, the date it is as of, and its citation."""
    rows = Statistic.objects.with_related()
    if filters.metric:
        rows = rows.filter(metric=found(Metric.objects.all(), filters.metric, "metric"))
    if filters.source:
        rows = rows.filter(source=found(Source.objects.all(), filters.source, "source"))
    if filters.subject:
        rows = rows.filter(**{f"{filters.subject}__isnull": False})
    extra = {name: value for name, value in filters.dict().items() if value}
    query = tuple(f"{name}={value}" for name, value in sorted(extra.items()))
    return page_of(request, "statistics", rows, BY_SLUG, query, page, extra)


# Errors -------------------------------------------------------------------------------------------------


@api.exception_handler(ValidationError)
def invalid_parameters(request, error):
    """A parameter of the wrong type or out of range: 400 with the parameter named, not ninja's 422."""
    errors = {}
    for problem in error.errors:
        name = str(problem.get("loc", ["", "parameter"])[-1])
        errors.setdefault(name, []).append(problem.get("msg", "not valid"))
    return api.create_response(
        request, {"detail": "Some parameters are not valid; see errors.", "errors": errors}, status=400
    )
