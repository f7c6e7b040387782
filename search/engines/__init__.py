"""The search engines behind one interface; settings choose which one answers."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import SearchEngine

EMBEDDED = ("fts5", "tantivy")


def embedded_engine() -> str:
    """The embedded engine KB_SEARCH_ENGINE names; anything else is a configuration error that says so."""
    name = str(settings.KB_SEARCH_ENGINE).strip().lower()
    if name not in EMBEDDED:
        raise ImproperlyConfigured(
            f"KB_SEARCH_ENGINE is {settings.KB_SEARCH_ENGINE!r}; expected one of: {', '.join(EMBEDDED)} "
            "(set ELASTICSEARCH_URL to use Elasticsearch)."
        )
    return name


@lru_cache(maxsize=8)  # bounded: tests switch index folders often, and each engine holds its index open
def _engine_for(url: str, embedded: str, index_root: Path, write_wait: float) -> SearchEngine:
    if url:
        from .elastic import ElasticsearchEngine

        return ElasticsearchEngine(
            url,
            prefix=settings.KB_SEARCH_INDEX_PREFIX,
            timeout=settings.KB_SEARCH_TIMEOUT,
            api_key=settings.ELASTICSEARCH_API_KEY,
            ca_certs=settings.ELASTICSEARCH_CA_CERTS,
        )
    if embedded == "tantivy":
        from .tantivy_engine import TantivyEngine

        return TantivyEngine(index_root, write_wait=write_wait)
    from .fts5 import FTS5Engine

    return FTS5Engine()


def get_engine() -> SearchEngine:
    """Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded engine KB_SEARCH_ENGINE names."""
    index_root = Path(settings.KB_SEARCH_INDEX_DIR) / settings.KB_SEARCH_INDEX_PREFIX
    return _engine_for(settings.ELASTICSEARCH_URL, embedded_engine(), index_root, settings.KB_SEARCH_WRITE_WAIT)
