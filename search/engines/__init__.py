"""The search engines behind one interface; settings choose which one answers."""

from functools import cache

from django.conf import settings

from .base import SearchEngine


@cache
def _engine_for(url: str) -> SearchEngine:
    if url:
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(
            url,
            prefix=settings.KB_SEARCH_INDEX_PREFIX,
            timeout=settings.KB_SEARCH_TIMEOUT,
            api_key=settings.ELASTICSEARCH_API_KEY,
            ca_certs=settings.ELASTICSEARCH_CA_CERTS,
        )
    from .fts5 import FTS5Engine

    return FTS5Engine()


def get_engine() -> SearchEngine:
    """Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded SQLite FTS5 engine."""
    return _engine_for(settings.ELASTICSEARCH_URL)
