"""Login throttling: the client address failures count against, and the backend that refuses locked-out clients."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def client_ip_address(request):
    """The client's address, seen through TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is that many entries from the right. Entries further
    left were written by the client and could be anything, so they are never used.
    Without proxies it is the connection's address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' throttling for every login made through a web request.

    A call to authenticate() without a request (a management command or a test checking a
    password) has no client address to count against, so it is let through to the next
    backend instead of raising, as django-axes would. Every login view of Django's, the
    admin's included, passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
