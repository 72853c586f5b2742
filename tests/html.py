"""Reading our own pages in tests: the links a person would follow."""

import re
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
        number = re.match(r"\d+\b", data.strip()) if self.in_count else None
        if number and self.current["count"] is None:  # "2" (facets) or "2 spaces" (the home page's cities)
            self.current["count"] = int(number[0])
        elif not self.in_count:
            self.current["text"] += data


def links_in(response, container_class):
    parser = _LinkCollector(container_class)
    parser.feed(response.content.decode())
    return parser.links


def says(content, phrase):
    """Whether ``phrase`` stands whole in ``content``: "1 space" is not found in "11 spaces" nor in "1 spaces"."""
    return re.search(rf"(?<![\w,.]){re.escape(phrase)}(?!\w)", content) is not None


def facet_links(response):
    """Every facet option link: href, label text, count shown beside it, whether it is the selected option."""
    return links_in(response, "facet")


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG elements we draw that may be written self-closed or empty.
SVG_EMPTY = {"rect", "line", "path", "circle"}


class _StructureChecker(HTMLParser):
    """Finds unbalanced tags, duplicate ids, form fields without a label and images without a name."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.problems = []
        self.ids = set()
        self.label_targets = set()
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.problems.append(f"duplicate id {attrs['id']!r}")
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.fields.append(attrs.get("id") or attrs.get("name"))
        if tag == "svg" and not (attrs.get("aria-labelledby") or attrs.get("aria-label") or attrs.get("aria-hidden")):
            self.problems.append("an svg without an accessible name")
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        # <p> and <li> may close implicitly in HTML; our templates close them, so we demand it.
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def close(self):
        super().close()
        if self.stack:
            self.problems.append(f"unclosed {self.stack}")
        for field in self.fields:
            if field not in self.label_targets:
                self.problems.append(f"form field {field!r} has no label")


def structure_problems(content):
    checker = _StructureChecker()
    checker.feed(content)
    checker.close()
    return checker.problems
