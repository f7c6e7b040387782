"""System checks for the search configuration."""

from django.conf import settings
from django.core.checks import Error, register
from django.db import connections


@register()
def embedded_engine_needs_sqlite(app_configs, **kwargs):
    """The embedded engine lives in SQLite; any other database needs Elasticsearch."""
    vendor = connections["default"].vendor
    if vendor != "sqlite" and not settings.ELASTICSEARCH_URL:
        return [
            Error(
                f"The database is {vendor}, but the embedded search engine needs SQLite (FTS5).",
                hint="Set ELASTICSEARCH_URL to an Elasticsearch 8 server (for example http://localhost:9200), "
                "or use a sqlite:/// DATABASE_URL.",
                id="kbsearch.E001",
            )
        ]
    return []
