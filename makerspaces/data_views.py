"""The data to take away: a page's rows downloaded as CSV, JSON or GeoJSON, the data page and its package."""

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from . import cache
from .data import geojson, package
from .data.downloads import KINDS, csv_lines, json_lines
from .directory.filters import SpaceFilterSet
from .directory.page import words_found
from .forms import StatisticDownloadForm
from .models import SYNTHETIC_SOURCE_SLUG, Source, Space, Statistic
from .views import CachedPageMixin


class DownloadView(View):
    """What a page shows, to take away: ``/downloads/spaces.csv`` with the directory's parameters, or
    ``/downloads/statistics.json`` with a metric, subject, region, space, operator or source; streamed."""

    FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "geojson": geojson.CONTENT_TYPE}

    @classmethod
    def as_view(cls, **initkwargs):
        return cache.public_page(super().as_view(**initkwargs))

    def get(self, request, kind, format):
        if kind not in KINDS or format not in self.FORMATS or (format == "geojson" and kind != "spaces"):
            return HttpResponseBadRequest(
                gettext(
                    "Downloads are spaces or statistics, as csv or json, and spaces as geojson: "
                    "/downloads/spaces.csv, for example."
                ),
                content_type="text/plain; charset=utf-8",
            )
        rows = self.spaces() if kind == "spaces" else self.statistics()
        if isinstance(rows, HttpResponse):
            return rows
        columns, schema, prepared = KINDS[kind]
        if format == "geojson":
            lines = geojson.geojson_lines(rows, request)
        else:
            rows = prepared(rows)
            lines = csv_lines(rows, columns) if format == "csv" else json_lines(rows, schema, request)
        response = StreamingHttpResponse(lines, content_type=self.FORMATS[format])
        response["Content-Disposition"] = f'attachment; filename="{kind}-{timezone.localdate():%Y-%m-%d}.{format}"'
        return response

    def spaces(self):
        filterset = SpaceFilterSet(data=self.request.GET, queryset=Space.objects.all(), words_found=words_found)
        if not filterset.is_valid():
            return self.refused(filterset.errors)
        return filterset.qs

    def statistics(self):
        form = StatisticDownloadForm(self.request.GET)
        if not form.is_valid():
            return self.refused(form.errors)
        return Statistic.objects.matching(**form.cleaned_data).by_value()

    @staticmethod
    def refused(errors):
        lines = [f"{name}: {message}" for name, messages in errors.items() for message in messages]
        return HttpResponseBadRequest(
            gettext("Nothing was downloaded; these parameters are not valid:") + "\n" + "\n".join(lines),
            content_type="text/plain; charset=utf-8",
        )


class DataView(CachedPageMixin, TemplateView):
    """How to take the data: the API, the downloads, the data package, its licence and how to cite it."""

    template_name = "makerspaces/data.html"

    def get_context_data(self, **kwargs):
        version, created, files = package.cached_package()
        return super().get_context_data(
            version=version,
            created=created,
            citation=package.citation(version, created),
            license=package.LICENSE,
            tables=sorted(name.removesuffix(".csv") for name in files if name.endswith(".csv")),
            sources=Source.objects.exclude(slug=SYNTHETIC_SOURCE_SLUG),
            **kwargs,
        )


def data_package_file(request):
    """The current data package as one zip file."""
    version, _created, files = package.cached_package()
    response = HttpResponse(package.package_zip(files), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.NAME}-{version}.zip"'
    return response
