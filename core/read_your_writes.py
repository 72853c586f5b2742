"""Read your writes: an editor who has just saved reads from the primary for a short window.

The replica replays the primary's changes a moment after they commit. A visitor does not notice;
an editor who saves and is sent back to the list would see the list without their edit. So any
successful write (a POST, PUT, PATCH or DELETE answered below 400, such as the admin's save and its
redirect) gives the browser a cookie that lasts settings.READ_YOUR_WRITES_SECONDS, and requests
carrying it read from the primary (core/db_routers.py). The cookie holds nothing secret: a visitor
who sets it by hand only reads from the primary.
"""

import contextvars

from django.conf import settings

COOKIE_NAME = "read_primary"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_reads_from_primary = contextvars.ContextVar("reads_from_primary", default=False)


def reads_pinned_to_primary():
    """True inside a request whose client wrote a moment ago."""
    return _reads_from_primary.get()


class ReadYourWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_primary.set(COOKIE_NAME in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _reads_from_primary.reset(token)
        if request.method in WRITE_METHODS and response.status_code < 400:
            response.set_cookie(
                COOKIE_NAME,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
