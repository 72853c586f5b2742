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


def carries_nul(request):
    return "\x00" in request.path_info or any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
    )


class NulBytesAreBadRequestsMiddleware:
    """Answer 400, not 500, when a URL with a NUL character makes the database layer fail.

    PostgreSQL cannot store NUL in text, so its driver refuses any query parameter that
    holds one (psycopg2 raises ValueError, psycopg a DataError). Pages that validate their
    parameters reject NUL first, with their own explanation; this catches whatever reaches
    a query unvalidated, such as the admin's autocomplete. Pages that ignore the parameter
    are answered as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValueError | DatabaseError) and carries_nul(request):
            raise BadRequest("NUL character in the URL") from exception
        return None
