"""Who is asking: the client's address, as sign-in lockouts and rate limits count it.

Behind a reverse proxy every request comes from the proxy's address, so one bad actor would lock everyone out
and use everyone's rate. KB_PROXY_COUNT says how many proxies of ours stand in front of the app; each appends
the address it received from to X-Forwarded-For, so the client is the entry that many places from the right.
Entries further left were written by the client and are never trusted. With no proxy (the default) the header
is ignored entirely.
"""

from django.conf import settings


def client_ip(request) -> str:
    """The address to count this request against."""
    proxies = settings.KB_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
