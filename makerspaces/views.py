"""Public pages of the directory. Views only pick querysets and templates; the rules live in querysets."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from . import cache, charts, freshness, structured_data
from .directory.filters import SpaceFilterSet
from .directory.nearby import nearest_to
from .directory.page import DirectoryPage, words_found
from .forms import StatisticFilterForm
from .maps.national import national_map
from .maps.regional import locator_map, region_map
from .models import Metric, Operator, Region, RegionKind, Source, Space, Statistic
from .paragraphs import facts_by_paragraph

# Related spaces listed on a space's page, per list.
RELATED_LIMIT = 12
# Spaces listed on a region's page before the link to the directory.
REGION_SPACES_LIMIT = 10
# Roles in spaces listed on an operator's page before the link to the directory.
OPERATOR_ROLES_LIMIT = 50
# Records of each kind listed on a source's page.
SOURCE_LIST_LIMIT = 50


class CachedPageMixin:
    """Serves a page rendered earlier for the same address while the data is unchanged.

    The public pages show the same thing to everyone, so a page is rendered once per
    address and data version; any write makes every stored page stale at once. The
    response carries validators from the same version (``cache.public_page``).
    """

    @classmethod
    def as_view(cls, **initkwargs):
        return cache.public_page(super().as_view(**initkwargs))

    def get(self, request, *args, **kwargs):
        key = cache.page_key(request.get_full_path())
        stored = cache.stored_page(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            response.add_post_render_callback(
                lambda rendered: cache.store_page(key, rendered.content, rendered["Content-Type"])
            )
        return response


class ForgivingPaginationMixin:
    """A page number past the end shows the last page; an unreadable one shows page 1. Both say so.

    Pages stop at ``max_pages``: reading far into a long list by page number
    makes the database skip every earlier row, and nobody browses that deep;
    a notice asks to narrow the filters instead.
    """

    page_notice = ""
    max_pages = 200

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        paginator.max_pages = self.max_pages
        requested = self.request.GET.get(self.page_kwarg, "")
        try:
            number = int(requested) if requested else 1
        except ValueError:
            number = 1
            self.page_notice = gettext("“%(requested)s” is not a page number, so this is page 1.") % {
                "requested": requested[:20]
            }
        else:
            if number < 1:
                number = 1
                self.page_notice = gettext("Pages start at 1, so this is page 1.")
            elif number > paginator.num_pages:
                self.page_notice = gettext("There is no page %(number)s; this is the last page, %(last)s.") % {
                    "number": number,
                    "last": paginator.num_pages,
                }
                number = paginator.num_pages
            elif number > self.max_pages:
                self.page_notice = gettext(
                    "Pages stop at %(max)s; this is page %(max)s. Narrow the list with the filters to see the rest."
                ) % {"max": self.max_pages}
                number = self.max_pages
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notice"] = self.page_notice
        if context.get("page_obj") is not None:  # not its truth: that reads its rows
            context["page_range"] = [
                number
                for number in context["paginator"].get_elided_page_range(
                    context["page_obj"].number, on_each_side=2, on_ends=1
                )
                if not isinstance(number, int) or number <= self.max_pages
            ]
        return context


class HomeView(CachedPageMixin, TemplateView):
    template_name = "makerspaces/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cities=Region.objects.of_kinds(RegionKind.CITY).with_spaces().order_by("-space_count", "name_en"),
            # Both read whole tables (statistics ranked, citations counted): computed once per data version.
            headlines=cache.home_headlines(lambda: list(Statistic.objects.headlines())),
            sources=Source.objects.all(),
            china_map=national_map(),
            **kwargs,
        )


class SpaceListView(CachedPageMixin, ForgivingPaginationMixin, FilterView):
    """The directory: filters with counts beside each option, sorting and pages."""

    filterset_class = SpaceFilterSet
    queryset = Space.objects.all()
    paginate_by = 25
    template_name = "makerspaces/space_list.html"

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, even without parameters, so the default sort applies.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET, "words_found": words_found}

    @cached_property
    def directory(self):
        return DirectoryPage(self.filterset)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.directory.valid:
            # The count is kept with the facets' counts, not taken on every request.
            paginator.count = self.directory.count()
        return paginator

    def get_context_data(self, **kwargs):
        kwargs["object_list"] = self.object_list.with_related()
        context = super().get_context_data(directory=self.directory, **kwargs)
        page = context["page_obj"]
        if self.directory.valid and page is not None:
            page.object_list = context["object_list"] = self.directory.spaces(page)
        return context

    def render_to_response(self, context, **response_kwargs):
        if not self.directory.valid:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class SpaceDetailView(CachedPageMixin, DetailView):
    queryset = Space.objects.with_details()

    def get_context_data(self, **kwargs):
        space = self.object
        place = [*space.region.ancestors(), space.region]
        sources = list(Source.objects.citing(space))
        return super().get_context_data(
            place=place,
            statistics=Statistic.objects.about_space(space).with_related(),
            cited_sources=sources,
            confirmation=freshness.last_confirmed(space, sources),
            structured_data=structured_data.space_data(space, place, space.operator_roles.all(), sources, self.request),
            # Each list searches among every space: kept until the next write.
            sharing_operator=cache.related_spaces(
                "sharing-operator",
                space,
                lambda: list(Space.objects.sharing_operator_with(space).with_place().sorted_by("name")[:RELATED_LIMIT]),
            ),
            neighbours=cache.related_spaces(
                "neighbours",
                space,
                lambda: list(Space.objects.neighbours_of(space).with_place().sorted_by("name")[:RELATED_LIMIT]),
            ),
            nearest=cache.related_spaces("nearest", space, lambda: list(nearest_to(space)) if space.has_point else []),
            nearby_url=reverse("makerspaces:space-list", query={"near": space.slug}),
            locator=locator_map(space),
            **kwargs,
        )


class RegionListView(CachedPageMixin, TemplateView):
    template_name = "makerspaces/region_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tree=Region.tree(Region.objects.order_by("path")), **kwargs)


class RegionDetailView(CachedPageMixin, DetailView):
    queryset = Region.objects.select_related("parent", "parent_source")

    def get_context_data(self, **kwargs):
        region = self.object
        spaces = Space.objects.in_region(region)
        statistics = list(Statistic.objects.filter(region=region).with_related().chronological())
        children_statistics = Statistic.objects.filter(region__parent=region).with_related().chronological()
        ancestors = region.ancestors()
        sources = list(Source.objects.citing(region))
        return super().get_context_data(
            ancestors=ancestors,
            structured_data=structured_data.region_data(region, ancestors, sources, self.request),
            children=region.children.by_name(),
            spaces=spaces.with_place().sorted_by("name")[:REGION_SPACES_LIMIT],
            statistics=statistics,
            charts=charts.time_series_charts(statistics, "over-time")
            + charts.comparison_charts(children_statistics, "compared"),
            cited_sources=sources,
            region_map=region_map(region, ancestors),
            **kwargs,
        )


class OperatorListView(CachedPageMixin, ForgivingPaginationMixin, ListView):
    model = Operator

    def get_queryset(self):
        return Operator.objects.by_name()

    paginate_by = 50


class OperatorDetailView(CachedPageMixin, DetailView):
    queryset = Operator.objects.with_details(roles_limit=OPERATOR_ROLES_LIMIT)

    def get_context_data(self, **kwargs):
        sources = list(Source.objects.citing(self.object))
        return super().get_context_data(
            cited_sources=sources,
            roles_limit=OPERATOR_ROLES_LIMIT,
            structured_data=structured_data.operator_data(self.object, sources, self.request),
            **kwargs,
        )


class SourceListView(CachedPageMixin, ListView):
    template_name = "makerspaces/source_list.html"

    def get_queryset(self):
        return Source.objects.all()


class SourceDetailView(CachedPageMixin, DetailView):
    """A source and everything the directory took from it, so the extraction can be checked."""

    queryset = Source.objects.all()

    def get_context_data(self, **kwargs):
        source = self.object
        lists = {
            "spaces": source.spaces.with_place().sorted_by("name"),
            "operators": source.operators.by_name(),
            "regions": source.regions.select_related("parent").order_by("path"),
            "statistics": source.statistics.with_related().order_by("metric__name", "as_of", "pk"),
            "space_operator_roles": source.space_operator_roles.select_related("space", "operator").order_by(
                "space__name_en", "role", "operator__name_en", "pk"
            ),
            "person_roles": source.person_roles.select_related("person", "operator", "space").order_by("pk"),
            "designations": source.designations.select_related("space", "awarded_by").order_by("pk"),
            "people": source.people.order_by("name_en", "pk"),
        }
        # An article may be the source of thousands of records (the demo data's source is of every
        # generated one): each list shows its first rows, one more is read to know whether it goes on.
        shown = cache.source_lists(
            source, lambda: {name: list(rows[: SOURCE_LIST_LIMIT + 1]) for name, rows in lists.items()}
        )
        cut = {name: len(rows) > SOURCE_LIST_LIMIT for name, rows in shown.items()}
        return super().get_context_data(
            **{name: rows[:SOURCE_LIST_LIMIT] for name, rows in shown.items()},
            paragraphs=cache.source_paragraphs(source, lambda: facts_by_paragraph(source)),
            structured_data=structured_data.source_data(source, self.request),
            cut=cut,
            list_limit=SOURCE_LIST_LIMIT,
            **kwargs,
        )


class StatisticListView(CachedPageMixin, ForgivingPaginationMixin, ListView):
    """One metric compared across regions, spaces or operators, largest value first."""

    template_name = "makerspaces/statistic_list.html"
    paginate_by = 50

    # Read when the page is rendered, not before: a page served from the cache looks nothing up.
    @cached_property
    def form(self):
        return StatisticFilterForm(self.request.GET or None)

    @cached_property
    def valid(self):
        return self.form.is_valid()

    def get_queryset(self):
        if not self.valid:
            return Statistic.objects.none()
        return Statistic.objects.comparing(**self.form.cleaned_data).with_related().by_value()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        metric = self.form.cleaned_data["metric"] if self.valid else None
        page_rows = list(context["object_list"])
        context.update(
            form=self.form,
            metric=metric,
            metrics=Metric.objects.in_menu_order(),
            statistics=page_rows,
            charts=[
                charts.bar_chart(
                    group[: charts.MAX_BARS],
                    lambda s: f"{s.subject}, {s.as_of_display}",
                    title=f"{metric.name_text}{charts.unit_suffix(group)}",
                    description=ngettext(
                        "%(count)s largest figure on this page.",
                        "%(count)s largest figures on this page.",
                        min(len(group), charts.MAX_BARS),
                    )
                    % {"count": min(len(group), charts.MAX_BARS)},
                    chart_id=f"metric-{unit}",
                )
                for (_metric, unit), group in charts.by_metric_and_unit(page_rows).items()
            ]
            if metric
            else [],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.form.is_bound and not self.valid:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)
