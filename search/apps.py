from django.apps import AppConfig
from django.conf import settings

from kb.failures import register


class SearchConfig(AppConfig):
    name = "search"
    label = "kbsearch"
    verbose_name = "Knowledge base search"

    def ready(self):
        # The signal handlers import models, which cannot be imported while the app registry loads apps.py.
        from . import checks, signals  # noqa: F401 - connect handlers and register checks
        from .engines.base import SearchUnavailable

        register(SearchUnavailable, unavailable)


def unavailable(error) -> str:
    """What a command says when the search engine cannot be reached (or its index folder cannot be used)."""
    if not settings.ELASTICSEARCH_URL:  # the embedded engine's own message says what to do
        return f"The search engine is unavailable: {error}"
    return (
        f"The search engine is unavailable ({error}): check ELASTICSEARCH_URL and that the server is running, "
        "then run this again."
    )
