"""What search engines and feed readers read: the sitemap, robots.txt and the Atom feed of spaces added and
changed. (Each page's own description for machines, its JSON-LD, is ``structured_data``.)"""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import SYNTHETIC_SOURCE_SLUG, Operator, Region, Source, Space

FEED_LENGTH = 50
# The pages a sitemap lists, beside each record's own page. The directory's filtered addresses are left
# out: they point to the unfiltered directory as their canonical page.
LIST_PAGES = ["home", "space-list", "region-list", "operator-list", "statistic-list", "source-list", "data"]


class BothLanguages(Sitemap):
    """Each page in English and in Chinese, each address listing the other as its alternate."""

    i18n = True
    alternates = True
    x_default = True


class ListPages(BothLanguages):
    priority = 0.8

    def items(self):
        return LIST_PAGES

    def location(self, name):
        return reverse(f"makerspaces:{name}")


class Records(BothLanguages):
    """The page of every record of a model, read a sitemap page (up to 50,000 rows) at a time, by slug."""

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.only("slug").order_by("slug")


class Sources(Records):
    def items(self):
        return super().items().exclude(slug=SYNTHETIC_SOURCE_SLUG)


SITEMAPS = {
    "pages": ListPages(),
    "spaces": Records(Space),
    "regions": Records(Region),
    "operators": Records(Operator),
    "sources": Sources(Source),
}


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Files to download and the API are for people and programs that ask for them, not for an index.
        "Disallow: /downloads/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class SpaceChanges(Feed):
    """The spaces added or changed most recently, newest first."""

    feed_type = Atom1Feed
    title = _("China maker space directory: spaces added and changed")
    subtitle = _("The maker spaces most recently added to the directory or changed in it.")

    def link(self):
        return reverse("makerspaces:space-list")

    def items(self):
        return Space.objects.select_related("region").order_by("-changed_at", "-id")[:FEED_LENGTH]

    def item_title(self, space):
        return space.name_en

    def item_description(self, space):
        place = gettext("%(kind)s in %(region)s.") % {
            "kind": capfirst(space.get_kind_display()),
            "region": space.region.name_en,
        }
        return f"{place} {space.description}".strip()

    def item_pubdate(self, space):
        return space.added_at

    def item_updateddate(self, space):
        return space.changed_at
