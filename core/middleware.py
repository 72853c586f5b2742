"""Middleware that keeps the site answering sensibly whatever arrives."""

from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpResponse

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answer the load balancer's probe at /healthz: 200 "ok" when the database answers, 503 if not.

    It sits first in MIDDLEWARE, so the probe is answered before the Host header is checked
    against ALLOWED_HOSTS and before the HTTPS redirect: balancers probe each server by its
    private address over plain HTTP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL character in the path or the query string.

    No page has a use for one, and PostgreSQL refuses strings containing NUL, so letting
    it reach a query would turn a malformed URL into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the URL")
        return self.get_response(request)
