"""The public pages, enumerated from the URL resolver.

Every named route in the `makerspaces` namespace is a public page. A route with URL
parameters (a detail page) is filled in from an existing row of its view's model. The
tests and the load test use this list, so both follow whatever routes exist.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

NAMESPACE = "makerspaces"


@dataclass(frozen=True)
class Route:
    name: str
    view_class: type | None
    converters: dict = field(hash=False, compare=False)

    def __str__(self):
        return self.name

    @property
    def model(self):
        """The model whose rows fill the URL parameters, read from the view class."""
        view = self.view_class
        if view is None:
            return None
        model = getattr(view, "model", None)
        queryset = getattr(view, "queryset", None)
        if model is None and queryset is not None:
            model = queryset.model
        return model

    def reverse(self, **kwargs):
        return reverse(f"{NAMESPACE}:{self.name}", kwargs=kwargs or None)

    def url_for(self, obj):
        """This route's URL for an existing row: its URL parameters are the row's attributes."""
        return self.reverse(**{name: getattr(obj, name) for name in self.converters})

    def example_url(self):
        """A URL that should answer 200: the route itself, or its page for the first row of its model."""
        if not self.converters:
            return self.reverse()
        obj = self.model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {self.model.__name__} row to show on {self.name}"
        return self.url_for(obj)


def _patterns(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern


def public_routes():
    _prefix, resolver = get_resolver().namespace_dict[NAMESPACE]
    routes = []
    for pattern in _patterns(resolver):
        routes.append(
            Route(
                name=pattern.name,
                view_class=getattr(pattern.callback, "view_class", None),
                converters=dict(pattern.pattern.converters),
            )
        )
    return routes
