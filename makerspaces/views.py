"""Public pages. First cut: lists and detail pages; the filtered directory grows here."""

from django.views.generic import DetailView, ListView, TemplateView

from .models import Operator, Region, Source, Space


class HomeView(TemplateView):
    template_name = "makerspaces/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = Source.objects.order_by("published_on")
        return context


class SpaceListView(ListView):
    queryset = Space.objects.with_related().order_by("name_en", "pk")
    paginate_by = 25


class SpaceDetailView(DetailView):
    queryset = Space.objects.with_related()


class RegionListView(ListView):
    queryset = Region.objects.order_by("path")


class RegionDetailView(DetailView):
    queryset = Region.objects.select_related("parent")


class OperatorListView(ListView):
    queryset = Operator.objects.order_by("name_en")


class OperatorDetailView(DetailView):
    queryset = Operator.objects.all()


class SourceListView(ListView):
    queryset = Source.objects.all()


class SourceDetailView(DetailView):
    queryset = Source.objects.all()
