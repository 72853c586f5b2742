from django.urls import path

from . import data_views, views
from .cache import public_page as cache_public_page

app_name = "makerspaces"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("spaces/", views.SpaceListView.as_view(), name="space-list"),
    path("spaces/<slug:slug>/", views.SpaceDetailView.as_view(), name="space-detail"),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("operators/", views.OperatorListView.as_view(), name="operator-list"),
    path("operators/<slug:slug>/", views.OperatorDetailView.as_view(), name="operator-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("statistics/", views.StatisticListView.as_view(), name="statistic-list"),
    path("data/", data_views.DataView.as_view(), name="data"),
]

# Files, not pages: a namespace of their own, so that the page tests (core.routes) leave them out.
download_patterns = (
    [
        path("datapackage.zip", cache_public_page(data_views.data_package_file), name="datapackage"),
        path("<str:kind>.<str:format>", data_views.DownloadView.as_view(), name="file"),
    ],
    "downloads",
)
