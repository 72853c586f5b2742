"""Bad input never gives a 500: random and hostile URLs against every public page.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with
DATABASE_URL), so both are covered.
"""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.public_routes import PUBLIC_ROUTES

# Hypothesis profiles ("dev", "ci": HYPOTHESIS_PROFILE or CI) are registered in tests/conftest.py.

# Parameter names the directory pages use or might: filters, search, sorting, paging.
COMMON_PARAMETERS = [
    "page",
    "q",
    "search",
    "region",
    "city",
    "district",
    "province",
    "kind",
    "status",
    "operator",
    "service",
    "source",
    "metric",
    "subject",
    "unit",
    "designation",
    "level",
    "year",
    "opened",
    "opened_after",
    "opened_before",
    "opened_min",
    "opened_max",
    "as_of",
    "sort",
    "order",
    "o",
    "per_page",
    "page_size",
    "format",
    "lang",
]

SPECIAL_VALUES = [
    "",
    "0",
    "-1",
    "1.5",
    "last",
    "first",
    "NaN",
    "-inf",
    "1e999",
    "0x1F",
    "٣",  # an Arabic-Indic digit: int() accepts it
    "９",  # a full-width digit
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE makerspaces_space; --",
    "%",
    "%%",
    "../../etc/passwd",
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\ufeff",  # zero-width space, byte order mark
    "🛠️🏭",
    "e\u0301\u0301\u0301",  # stacked combining marks
    "深圳南山",
    "2016-02-30",
    "9999-12-31",
    "0000-00-00",
    "true",
    "null",
    "[]",
    "{}",
]

# Raw fragments that are not well-formed key=value pairs or percent escapes.
RAW_FRAGMENTS = [
    "&",
    "&&",
    "=",
    "==",
    "%",
    "%zz",
    "%E4%B8",
    "%ED%A0%80",
    "%FF%FE",
    "+",
    ";",
    "?",
    "#",
    "a[]=1",
    "a[b]=c",
]

# Any code point, including lone surrogates, which travel as invalid UTF-8.
any_character = st.one_of(st.characters(), st.characters(categories=["Cs"]))

text = st.text(any_character, max_size=40)
short_values = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=-(2**63) - 1, max_value=2**63).map(str),
    st.floats().map(repr),
    text,
    st.builds(lambda before, after: f"{before}\x00{after}", text, text),
)
long_values = st.builds(lambda unit, n: unit * n, st.sampled_from(["a", "9", "深", "%", "<"]), st.integers(1000, 10000))


def encode(text):
    """Percent-encode as a browser would; lone surrogates become the invalid bytes a client could send."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query_strings(parameter_names):
    """One to four of the page's own parameters with odd values, then perhaps some junk."""

    def pairs(names, values):
        return st.builds(lambda name, value: f"{encode(name)}={encode(value)}", names, values)

    known = pairs(st.sampled_from(parameter_names), short_values)
    others = sorted(set(COMMON_PARAMETERS) | set(parameter_names))
    unknown = pairs(st.one_of(st.sampled_from(others), st.text(any_character, max_size=20)), short_values)
    long_pair = pairs(st.sampled_from(parameter_names), long_values)
    # Repeated parameters, occasionally past Django's limit on the number of fields.
    repeated = st.builds(lambda pair, n: "&".join([pair] * n), known, st.sampled_from([2, 3, 50, 1001]))
    extra = st.one_of(unknown, st.sampled_from(RAW_FRAGMENTS), repeated, long_pair)
    return st.builds(
        lambda core, extras: "&".join(core + extras),
        st.lists(known, min_size=1, max_size=4),
        st.lists(extra, max_size=3),
    )


def parameter_names_for(route):
    """The parameters the route's view reads: its FilterSet's filters and its page parameter.

    A view that declares neither gets the common names, so the test still probes what it might read.
    """
    view = route.view_class
    names = []
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names += list(filterset_class.base_filters)
    page_kwarg = getattr(view, "page_kwarg", None)
    if page_kwarg:
        names.append(page_kwarg)
    if getattr(view, "ordering_parameter", None):
        names.append(view.ordering_parameter)
    return sorted(set(names or COMMON_PARAMETERS))


def paths(route, existing):
    """The route itself, or for a detail route: an existing row, a valid-looking random slug, or raw junk."""
    if not route.converters:
        return st.just(route.reverse())
    slugs = {name: st.from_regex(converter.regex, fullmatch=True) for name, converter in route.converters.items()}
    sentinel = "zz-sentinel-zz"
    template = route.reverse(**dict.fromkeys(route.converters, sentinel))
    return st.one_of(
        st.sampled_from(existing),
        st.fixed_dictionaries(slugs).map(lambda kwargs: route.reverse(**kwargs)),
        st.text(any_character, min_size=1, max_size=60).map(lambda junk: template.replace(sentinel, encode(junk))),
    )


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
@given(data=st.data())
def test_no_server_error_from_any_url(client, sample, route, data):
    existing = []
    if route.converters:
        existing = [route.url_for(obj) for obj in route.model._default_manager.order_by("pk")[:20]]
        assert existing, f"the sample has no {route.model.__name__}"
    path = data.draw(paths(route, existing), label="path")
    query = data.draw(query_strings(parameter_names_for(route)), label="query")
    response = client.get(f"{path}?{query}" if query else path)
    assert response.status_code < 500


NASTIEST = [
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "9" * 30,
    str(2**63),
    str(-(2**31) - 1),
    "1e999",
    "NaN",
    "\ud800",
    "<script>alert(1)</script>",
    "x" * 5000,
    "\u202e🛠️",
]


@pytest.mark.parametrize("value", NASTIEST, ids=lambda v: ascii(v)[:20])
@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=str)
def test_every_parameter_at_once(client, sample, route, value):
    """Each of the page's parameters, and every common one, set to one of the worst values in one request."""
    names = sorted(set(parameter_names_for(route)) | set(COMMON_PARAMETERS))
    query = "&".join(f"{name}={encode(value)}" for name in names)
    response = client.get(f"{route.example_url()}?{query}")
    assert response.status_code < 500
