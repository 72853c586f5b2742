"""Middleware that keeps the site answering sensibly whatever arrives."""

from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the language chosen by what is asked for.

    - A public page's language is in its address (English at the plain one, Chinese under /zh-hans/),
      never negotiated, as Django's i18n_patterns with an unprefixed default language do.
    - The admin follows the browser's language (and the language cookie), as Django's does.
    - The API, the downloads, the sitemap and the feed are for programs: always the default
      language, so that the same address always gives the same bytes.

    Only the admin's responses vary with "Accept-Language": elsewhere that Vary would only make
    shared caches keep a copy of each page per browser language.
    """

    NEGOTIATED_PREFIX = "/admin/"

    def process_request(self, request):
        # With an unprefixed default language, Django gives every unprefixed address that language.
        super().process_request(request)
        if request.path_info.startswith(self.NEGOTIATED_PREFIX):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if not request.path_info.startswith(self.NEGOTIATED_PREFIX) and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() not in ("accept-language", "")]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
