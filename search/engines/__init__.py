"""The search engines behind one interface: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded
Tantivy engine, whose index is a folder on this machine (KB_SEARCH_INDEX_DIR)."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .base import SearchEngine


@lru_cache(maxsize=8)  # bounded: tests switch index folders often, and each engine holds its index open
def _engine_for(url: str, index_root: Path, write_wait: float) -> SearchEngine:
    if url:
        from .elastic import ElasticsearchEngine  # here: only deployments with a cluster load its client

        return ElasticsearchEngine(
            url,
            prefix=settings.KB_SEARCH_INDEX_PREFIX,
            timeout=settings.KB_SEARCH_TIMEOUT,
            api_key=settings.ELASTICSEARCH_API_KEY,
            ca_certs=settings.ELASTICSEARCH_CA_CERTS,
        )
    from .tantivy_engine import TantivyEngine  # here, likewise: only deployments without a cluster load Tantivy

    return TantivyEngine(index_root, write_wait=write_wait)


def index_root() -> Path:
    """Where the embedded engine's index lives: KB_SEARCH_INDEX_DIR/KB_SEARCH_INDEX_PREFIX."""
    return Path(settings.KB_SEARCH_INDEX_DIR) / settings.KB_SEARCH_INDEX_PREFIX


def get_engine() -> SearchEngine:
    """Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded Tantivy engine."""
    return _engine_for(settings.ELASTICSEARCH_URL, index_root(), settings.KB_SEARCH_WRITE_WAIT)
