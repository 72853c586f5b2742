"""The site in two languages: addresses, the switcher, hreflang, bilingual records, Chinese dates and figures,
pinyin search and pinyin order."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.routes import public_routes
from makerspaces.formatting import format_date, format_distance, format_figure
from makerspaces.models import Operator, Region, Space
from makerspaces.sorting import refresh_sort_keys
from makerspaces.text import name_sort_key, pinyin_forms


def chinese(view_name, **kwargs):
    with translation.override("zh-hans"):
        return reverse(view_name, **kwargs)


# Addresses and the switcher ------------------------------------------------------------------------------


def test_english_is_at_the_plain_address_and_chinese_under_its_prefix(client, sample):
    english = client.get(reverse("makerspaces:space-list"))
    zh = client.get(chinese("makerspaces:space-list"))
    assert english.status_code == zh.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="zh-Hans">' in zh.content.decode()
    assert chinese("makerspaces:space-list") == "/zh-hans/spaces/"


def test_the_plain_address_is_english_whatever_the_browser_asks(client, sample):
    response = client.get(reverse("makerspaces:home"), HTTP_ACCEPT_LANGUAGE="zh-hans", cookies=None)
    assert '<html lang="en">' in response.content.decode()
    # The language is in the address, so shared caches need not keep a copy per browser language.
    assert "accept-language" not in response.get("Vary", "").lower()


def test_the_admin_follows_the_browser_and_the_api_stays_english(client, editor_client, sample):
    admin = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert '<html lang="zh-hans"' in admin.content.decode()
    api = client.get("/api/v1/metrics", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert api.status_code == 200
    assert "accept-language" not in api.get("Vary", "").lower()


def test_the_switcher_keeps_the_page_and_its_filters(client, sample):
    url = reverse("makerspaces:space-list", query={"city": "shenzhen", "kind": "maker_space", "page": "1"})
    html = client.get(url).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert 'href="/zh-hans/spaces/?city=shenzhen&amp;kind=maker_space&amp;page=1"' in switcher
    assert 'hreflang="zh-Hans"' in switcher
    back = client.get(chinese("makerspaces:space-list", query={"city": "shenzhen"})).content.decode()
    assert 'href="/spaces/?city=shenzhen" hreflang="en"' in back


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_names_its_alternates_in_both_languages(client, sample, language):
    for route in public_routes():
        with translation.override(language):
            url = route.example_url()
        html = client.get(url).content.decode()
        links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        assert set(links) == {"en", "zh-Hans", "x-default"}, route
        assert links["x-default"] == links["en"]
        assert links["zh-Hans"].replace("/zh-hans/", "/", 1) == links["en"], route


def test_the_sitemap_lists_both_languages(client, sample):
    xml = client.get(reverse("sitemap-section", args=["spaces"])).content.decode()
    space = Space.objects.first()
    assert f"/zh-hans/spaces/{space.slug}/" in xml
    assert 'hreflang="zh-Hans"' in xml or 'hreflang="zh-hans"' in xml


# Bilingual records ----------------------------------------------------------------------------------------


def test_a_record_shows_the_readers_language_and_marks_a_fallback(regions, make_space):
    both = make_space(regions["nanshan"], name_en="Bay Lab", name_zh="湾区实验室", description="Robots.")
    english_only = make_space(regions["nanshan"], name_en="Only English")
    with translation.override("zh-hans"):
        assert both.name == "湾区实验室" and not both.name.fallback and both.name.lang == "zh-Hans"
        assert english_only.name == "Only English" and english_only.name.fallback and english_only.name.lang == "en"
        assert both.description_text == "Robots." and both.description_text.fallback
    assert both.name == "Bay Lab" and not both.name.fallback


# Dates and figures ------------------------------------------------------------------------------------------

DATES = [
    (datetime.date(2016, 7, 1), "month", "July 2016", "2016年7月"),
    (datetime.date(2017, 7, 1), "quarter", "Q3 2017", "2017年第三季度"),
    (datetime.date(2015, 1, 1), "approximate", "about 2015", "约2015年"),
    (datetime.date(2017, 9, 20), "day", "20 September 2017", "2017年9月20日"),
    (datetime.date(2016, 1, 1), "year", "2016", "2016年"),
]


@pytest.mark.parametrize("value,precision,english,zh", DATES)
def test_dates_at_their_precision_in_both_languages(value, precision, english, zh):
    assert format_date(value, precision) == english
    with translation.override("zh-hans"):
        assert format_date(value, precision) == zh


FIGURES = [
    (("18700000000", "CNY"), {}, "18.7 billion CNY", "187亿元"),
    (("614000000", "USD"), {}, "614 million USD", "6.14亿美元"),
    (("13786000000", "CNY"), {}, "13.786 billion CNY", "137.86亿元"),
    (("300", "count"), {"qualifier": "about", "measure_word": "人"}, "about 300", "约300人"),
    (("20", "count"), {"qualifier": "over", "measure_word": "名"}, "over 20", "超过20名"),
    (("52000", "m2"), {}, "52,000 m²", "5.2万平方米"),
    (("40000", "count"), {"qualifier": "range", "value_max": Decimal("50000")}, "40,000–50,000", "4万–5万"),
    (("1234567", "count"), {}, "1,234,567", "1,234,567"),
    (("1", "rank"), {}, "No. 1", "第1名"),
]


@pytest.mark.parametrize("args,kwargs,english,zh", FIGURES)
def test_figures_read_naturally_in_both_languages(args, kwargs, english, zh):
    value, unit = Decimal(args[0]), args[1]
    assert format_figure(value, unit, **kwargs) == english
    with translation.override("zh-hans"):
        assert format_figure(value, unit, **kwargs) == zh


# Pinyin search and order ------------------------------------------------------------------------------------


def test_pinyin_forms_of_chinese_names():
    assert pinyin_forms("深圳市") == ["shenzhenshi", "szs"]
    assert pinyin_forms("X-SPACE创客中心") == ["chuangkezhongxin", "ckzx"]
    assert pinyin_forms("WeWork") == []


@pytest.mark.parametrize("search", ["shenzhen", "jing'an", "jingan", "Jing’an", "gongqingtuan", "szs", "深圳"])
def test_a_search_in_pinyin_or_characters_finds_chinese_names(
    client, regions, make_space, make_operator, make_role, search
):
    league = make_operator(slug="league", name_en="Youth League Shenzhen Committee", name_zh="共青团深圳市委员会")
    commission = make_operator(slug="jingan-commission", name_en="District Commission", name_zh="静安区科学技术委员会")
    found = make_space(regions["nanshan"], slug="found", name_en="Found Space")
    make_role(found, league)
    make_role(found, commission)
    make_space(regions["nanshan"], slug="other", name_en="Other Space")
    for url in (
        reverse("makerspaces:space-list", query={"q": search}),
        chinese("makerspaces:space-list", query={"q": search}),
    ):
        html = client.get(url).content.decode()
        assert "/spaces/found/" in html and "/spaces/other/" not in html, (search, url)


def test_chinese_characters_find_an_english_named_space_by_its_chinese_name(client, regions, make_space):
    make_space(regions["nanshan"], slug="x-space", name_en="X-SPACE", name_zh="X-SPACE创客中心")
    assert set(Space.objects.search("创客中心").values_list("slug", flat=True)) == {"x-space"}
    assert set(Space.objects.search("chuangke").values_list("slug", flat=True)) == {"x-space"}


def test_the_chinese_directory_sorts_by_pinyin(client, regions, make_space):
    # By code point 北 (U+5317) < 安 (U+5B89) < 长 (U+957F); by pinyin an < bei < chang.
    for slug, name_zh in [("chang", "长沙空间"), ("bei", "北京空间"), ("an", "安徽空间")]:
        make_space(regions["nanshan"], slug=slug, name_en=f"Zz {slug}", name_zh=name_zh)
    html = client.get(chinese("makerspaces:space-list")).content.decode()
    order = re.findall(r'href="/zh-hans/spaces/(an|bei|chang)/"', html)
    assert order[:3] == ["an", "bei", "chang"]
    english = client.get(reverse("makerspaces:space-list")).content.decode()
    assert re.findall(r'href="/spaces/(an|bei|chang)/"', english)[:3] == ["an", "bei", "chang"]


def test_sort_keys_follow_saves_and_bulk_loads(regions, make_space):
    space = make_space(regions["nanshan"], name_en="Bay Lab", name_zh="湾区实验室")
    assert Space.objects.get(pk=space.pk).name_sort == name_sort_key("Bay Lab", "湾区实验室") == "wan qu shi yan shi"
    Space.objects.filter(pk=space.pk).update(name_sort="")
    Region.objects.filter(pk=regions["nanshan"].pk).update(name_sort="")
    assert refresh_sort_keys() == 2
    assert Space.objects.get(pk=space.pk).name_sort == "wan qu shi yan shi"
    assert not Operator.objects.filter(name_sort="").exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_region_tree_lists_each_regions_children_by_name(regions, language):
    with translation.override(language):
        roots = Region.tree(Region.objects.order_by("path"))
        stack = list(roots)
        while stack:
            node = stack.pop()
            keys = [child.region.order_key for child in node.children]
            assert keys == sorted(keys)
            stack.extend(node.children)
    assert roots


@pytest.mark.parametrize(
    "km,english,zh", [(0.42, "under 1 km", "不到1公里"), (3.46, "3.5 km", "3.5公里"), (1280.2, "1,280 km", "1,280公里")]
)
def test_distances_in_both_languages(km, english, zh):
    assert format_distance(km) == english
    with translation.override("zh-hans"):
        assert format_distance(km) == zh
