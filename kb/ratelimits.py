"""Rate limits for anonymous clients on the costly public endpoints (search and briefing PDFs), through
django-ratelimit. Signed-in staff are never limited; a limited client gets a 429 that says when to try again."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django_ratelimit.core import is_ratelimited

LIMITED = "Too many requests from your address. Please wait a minute and try again."


def anonymous_rate(setting: str):
    """A rate callable for django-ratelimit: the setting's rate for anonymous clients, none for signed-in users."""

    def rate(group, request):
        return None if request.user.is_authenticated else getattr(settings, setting)

    return rate


def limited(group: str, setting: str, json: bool = False):
    """Decorate a view: past the rate, answer 429 (JSON for the API) instead of running it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if is_ratelimited(request, group=group, key="ip", rate=anonymous_rate(setting), increment=True):
                response = JsonResponse({"error": LIMITED}, status=429) if json else HttpResponse(LIMITED, status=429)
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
