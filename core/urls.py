from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.health import health_detail
from core.views import bench_floor
from makerspaces import discovery
from makerspaces.api.endpoints import api
from makerspaces.cache import public_page
from makerspaces.urls import download_patterns

# The database unavailable is a 503 with Retry-After, any other fault our 500 page.
handler500 = "core.outage.server_error"

urlpatterns = [
    path("healthz/detail", health_detail, name="health-detail"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("downloads/", include(download_patterns)),
    # For machines: the sitemap (an index of sections, each in pages of up to 50,000 addresses), robots.txt, the feed.
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": discovery.SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": discovery.SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", discovery.robots_txt, name="robots"),
    path("feeds/spaces.atom", public_page(discovery.SpaceChanges()), name="space-feed"),
    # The pages: English at the plain address, Simplified Chinese under /zh-hans/ (docs/i18n.md).
    *i18n_patterns(
        path("", include("suggestions.urls")),
        path("", include("makerspaces.urls")),
        prefix_default_language=False,
    ),
]

if settings.BENCH_FLOOR:
    urlpatterns.insert(0, path("bench/floor/", bench_floor, name="bench-floor"))

admin.site.site_header = _("Maker space directory: editors")
admin.site.site_title = _("Maker space directory")
