"""The public pages for tests, and a check for markup a strict Content-Security-Policy would block."""

from html.parser import HTMLParser

from core.routes import public_routes

PUBLIC_ROUTES = public_routes()


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in a page's markup:
    inline <script> and <style> elements, style attributes and on* event handler attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # JSON data blocks (json_script) are not executed, so the policy allows them.
        data_block = attributes.get("type") in {"application/json", "application/ld+json"}
        if tag == "script" and not attributes.get("src") and not data_block:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, _value in attrs:
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
        if tag == "a" and (attributes.get("href") or "").strip().lower().startswith("javascript:"):
            self.found.append("javascript: link")


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found
