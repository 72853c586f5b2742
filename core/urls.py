from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.views import bench_floor
from makerspaces.api.endpoints import api
from makerspaces.urls import download_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("downloads/", include(download_patterns)),
    path("", include("makerspaces.urls")),
]

if settings.BENCH_FLOOR:
    urlpatterns.insert(0, path("bench/floor/", bench_floor, name="bench-floor"))

admin.site.site_header = "Maker space directory: editors"
admin.site.site_title = "Maker space directory"
