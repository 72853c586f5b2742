"""What machines read: the sitemap, robots.txt, the feed of changes, each page's JSON-LD and its canonical address."""

import json
import re
import xml.etree.ElementTree as ElementTree

from django.urls import reverse

from makerspaces.models import Operator, Region, Source, Space

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def json_ld(content):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_sitemap_lists_every_public_record_and_list_page(real_data, client):
    index = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    sections = [element.text for element in index.iter(f"{SITEMAP}loc")]
    assert len(sections) == 5
    addresses = set()
    for section in sections:
        urlset = ElementTree.fromstring(client.get(section.removeprefix("http://testserver")).content)
        addresses |= {element.text.removeprefix("http://testserver") for element in urlset.iter(f"{SITEMAP}loc")}
    for model in (Space, Region, Operator, Source):
        assert {row.get_absolute_url() for row in model.objects.all()} <= addresses
    assert reverse("makerspaces:data") in addresses
    assert not any("?" in address for address in addresses), "no filtered directory address"


def test_robots_points_to_the_sitemap_and_keeps_files_and_the_admin_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /downloads/" in text


def test_the_feed_gives_the_spaces_changed_last_first(real_data, client):
    space = Space.objects.get(slug="innocosmos")
    space.audience = "Makers"
    space.save()
    feed = ElementTree.fromstring(client.get(reverse("space-feed")).content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}title").text == "Innocosmos"
    assert entries[0].find(f"{ATOM}updated").text and len(entries) == Space.objects.count()


def test_each_record_page_describes_itself_in_json_ld(real_data, client):
    space = json_ld(client.get("/spaces/x-space/").content.decode())
    assert space["@type"] == ["Place", "Organization"] and space["name"] == "X-SPACE"
    assert space["address"]["addressLocality"] == "Shenzhen" and space["address"]["addressCountry"] == "CN"
    assert space["containedInPlace"]["name"] == "Nanshan District"
    assert space["containedInPlace"]["containedInPlace"]["name"] == "Shenzhen"
    assert {organisation["name"] for organisation in space["parentOrganization"]} >= {
        "Shenzhen Foresea Cube Human Resources Management Co. Ltd."
    }
    assert space["citation"][0]["headline"] == "1st govt.-led maker center launched"
    assert space["foundingDate"] == "2017-09-20"
    venture = json_ld(client.get("/operators/maker2/").content.decode())
    assert venture["@type"] == "Organization" and len(venture["member"]) == 2
    member = json_ld(client.get("/operators/people-squared/").content.decode())
    assert member["parentOrganization"][0]["name"] == "Maker2 (Maker Squared)"
    region = json_ld(client.get("/regions/jingan/").content.decode())
    assert region["@type"] == "AdministrativeArea" and region["containedInPlace"]["name"] == "Shanghai"
    article = json_ld(client.get("/sources/jingan-international-makers-2017/").content.decode())
    assert article["@type"] == "NewsArticle" and article["datePublished"] == "2017" and article["author"]["name"]


def test_json_ld_cannot_be_closed_by_a_name(regions, make_space, client):
    space = make_space(regions["nanshan"], name_en="</script><script>alert(1)</script>")
    content = client.get(space.get_absolute_url()).content.decode()
    assert json_ld(content)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in content


def test_filtered_directory_addresses_name_one_canonical_page(real_data, client):
    for query in ({"city": "shanghai"}, {"kind": "maker_space", "sort": "-opened", "page": 2}):
        content = client.get(reverse("makerspaces:space-list", query=query)).content.decode()
        assert '<link rel="canonical" href="http://testserver/spaces/">' in content
    content = client.get(reverse("makerspaces:statistic-list", query={"metric": "maker-spaces", "subject": "region"}))
    assert '<link rel="canonical" href="http://testserver/statistics/?metric=maker-spaces">' in content.content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/spaces/x-space/">'
        in client.get("/spaces/x-space/").content.decode()
    )
