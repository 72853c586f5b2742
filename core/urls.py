from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("makerspaces.urls")),
]

admin.site.site_header = "Maker space directory: editors"
admin.site.site_title = "Maker space directory"
