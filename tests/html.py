"""Reading our own pages in tests: the links a person would follow."""

from html.parser import HTMLParser


class _LinkCollector(HTMLParser):
    """Anchors inside elements carrying ``container_class``, with their text and the text of ``.count``."""

    def __init__(self, container_class):
        super().__init__()
        self.container_class = container_class
        self.depth = 0  # element depth inside the container, 0 when outside
        self.links = []
        self.current = None
        self.in_count = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth:
            if tag not in ("input", "br", "img"):
                self.depth += 1
        elif self.container_class in classes:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "a":
            self.current = {"href": attrs["href"], "text": "", "count": None, "current": "aria-current" in attrs}
        elif tag == "span" and "count" in classes and self.current is not None:
            self.in_count = True

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "a" and self.current is not None:
            self.current["text"] = " ".join(self.current["text"].split())
            self.links.append(self.current)
            self.current = None
        if tag == "span":
            self.in_count = False
        self.depth -= 1

    def handle_data(self, data):
        if self.current is None:
            return
        if self.in_count and self.current["count"] is None and data.strip().isdigit():
            self.current["count"] = int(data.strip())
        elif not self.in_count:
            self.current["text"] += data


def links_in(response, container_class):
    parser = _LinkCollector(container_class)
    parser.feed(response.content.decode())
    return parser.links


def facet_links(response):
    """Every facet option link: href, label text, count shown beside it, whether it is the selected option."""
    return links_in(response, "facet")
