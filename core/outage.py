"""What visitors see while the database cannot answer: a 503 page that says when to try again.

PostgreSQL refusing connections (stopped, restarting, max_connections reached), a connection lost
mid-query and a statement cancelled by its timeout all reach Django as OperationalError or
InterfaceError, wherever they happen: in a view, or in a middleware reading the session or the data
version. Django turns any exception into the 500 handler's response, so the handler tells these
apart from real faults and answers 503 with Retry-After instead. Nothing is restarted: the next
request opens a new connection (CONN_HEALTH_CHECKS), so the site recovers by itself.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(exception):
    """True when the exception, or one it was raised from, says the database could not answer."""
    while exception is not None:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def unavailable_response():
    # Rendered without a request context or a query, as the 500 page is: the database is away.
    content = loader.get_template("503.html").render()
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    """handler500: 503 with Retry-After when the database is unavailable, our 500 page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response()
    return default_server_error(request)
