"""Each record page described for machines in schema.org's vocabulary (JSON-LD): a space as a place and
an organisation, an operator as an organisation, a region as an administrative area, a source as a news
article; each with the articles it cites. Built from what the page has already read: no query of its own."""

from .choices import RegionKind

CONTEXT = "https://schema.org"


def iso_date(value, precision):
    """An ISO 8601 date no more precise than it is known: 2017-09-20, 2016-07 or 2017."""
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value:%Y-%m}"
    return str(value.year)


def absolute(request, thing):
    return request.build_absolute_uri(thing.get_absolute_url())


def article(source, request):
    data = {"@type": "NewsArticle", "headline": source.title, "url": absolute(request, source)}
    if source.published_on:
        data["datePublished"] = iso_date(source.published_on, source.published_precision)
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.author:
        data["author"] = {"@type": "Person", "name": source.author}
    if source.editor:
        data["editor"] = {"@type": "Person", "name": source.editor}
    return data


def area(region, request, chain=()):
    """A region, inside the regions above it (``chain``: root first)."""
    data = {
        "@type": "Country" if region.kind == RegionKind.COUNTRY else "AdministrativeArea",
        "name": region.name_en,
        "url": absolute(request, region),
    }
    if chain:
        data["containedInPlace"] = area(chain[-1], request, chain[:-1])
    return data


def names(thing):
    others = [thing.name_zh] if thing.name_zh else []
    return {
        "name": thing.name_en,
        **(
            {"alternateName": others + getattr(thing, "alias_list", [])}
            if others or getattr(thing, "alias_list", [])
            else {}
        ),
    }


def space_data(space, place, roles, sources, request):
    """``place``: the space's region and those above it, root first."""
    data = {
        "@context": CONTEXT,
        "@type": ["Place", "Organization"],
        **names(space),
        "url": absolute(request, space),
        "containedInPlace": area(place[-1], request, place[:-1]),
        "citation": [article(source, request) for source in sources],
    }
    if space.description:
        data["description"] = space.description
    cities = [region.name_en for region in place if region.kind == RegionKind.CITY]
    provinces = [region.name_en for region in place if region.kind == RegionKind.PROVINCE]
    address = {"@type": "PostalAddress", "addressCountry": "CN" if place[0].slug == "china" else place[0].name_en}
    if space.address:
        address["streetAddress"] = space.address
    if cities:
        address["addressLocality"] = cities[-1]
    if provinces:
        address["addressRegion"] = provinces[-1]
    data["address"] = address
    runners = [role.operator for role in roles if role.role in ("operator", "co_operator")]
    if runners:
        data["parentOrganization"] = [organisation_link(operator, request) for operator in runners]
    if space.opened_on:
        data["foundingDate"] = iso_date(space.opened_on, space.opened_precision)
    return data


def organisation_link(operator, request):
    return {"@type": "Organization", "name": operator.name_en, "url": absolute(request, operator)}


def operator_data(operator, sources, request):
    data = {
        "@context": CONTEXT,
        "@type": "GovernmentOrganization" if operator.kind == "government" else "Organization",
        **names(operator),
        "url": absolute(request, operator),
        "citation": [article(source, request) for source in sources],
    }
    if operator.description:
        data["description"] = operator.description
    if operator.region_id:
        data["location"] = area(operator.region, request)
    members = list(operator.members.all())
    if members:
        data["member"] = [organisation_link(member, request) for member in members]
    ventures = list(operator.ventures.all())
    if ventures:
        data["parentOrganization"] = [organisation_link(venture, request) for venture in ventures]
    return data


def region_data(region, ancestors, sources, request):
    return {
        "@context": CONTEXT,
        **area(region, request, ancestors),
        **names(region),
        "citation": [article(source, request) for source in sources],
    }


def source_data(source, request):
    data = {"@context": CONTEXT, **article(source, request), "inLanguage": source.language}
    if source.summary:
        data["abstract"] = source.summary
    return data
