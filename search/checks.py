"""System checks for the search configuration."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from .engines import embedded_engine, get_engine


@register()
def embedded_engine_is_known(app_configs, **kwargs):
    """KB_SEARCH_ENGINE names an engine this version has."""
    try:
        embedded_engine()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="kbsearch.E002")]
    return []


@register()
def embedded_engine_needs_sqlite(app_configs, **kwargs):
    """The FTS5 engine lives in SQLite; any other database needs Tantivy or Elasticsearch."""
    vendor = connections["default"].vendor
    if vendor != "sqlite" and not settings.ELASTICSEARCH_URL and settings.KB_SEARCH_ENGINE == "fts5":
        return [
            Error(
                f"The database is {vendor}, but the embedded search engine FTS5 needs SQLite.",
                hint="Set KB_SEARCH_ENGINE=tantivy (an index folder on disk), or ELASTICSEARCH_URL to an "
                "Elasticsearch 8 server (for example http://localhost:9200), or use a sqlite:/// DATABASE_URL.",
                id="kbsearch.E001",
            )
        ]
    return []


@register()
def index_written_by_this_version(app_configs, **kwargs):
    """A Tantivy index written by another schema version cannot be searched until it is rebuilt. A warning, not
    an error: errors would stop `manage.py reindex` itself."""
    if settings.ELASTICSEARCH_URL or settings.KB_SEARCH_ENGINE != "tantivy":
        return []
    problem = get_engine().store.problem()
    return [Warning(problem, id="kbsearch.W001")] if problem else []
