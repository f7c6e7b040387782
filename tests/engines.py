"""Which search engines a test run has: the embedded one always, Elasticsearch where ELASTICSEARCH_URL names a
server. In CI (the CI variable set) a missing server fails the run instead of skipping, as the browser tests do."""

import os
from contextlib import suppress

import pytest

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
MISSING = "needs ELASTICSEARCH_URL (make elasticsearch, then ELASTICSEARCH_URL=http://127.0.0.1:9200)"


def need_elasticsearch() -> str:
    """The test server's URL; without one, skip with the reason, or fail in CI where every engine must run."""
    if not ES_URL:
        if os.environ.get("CI"):
            pytest.fail(f"in CI every engine must run: {MISSING}")
        pytest.skip(MISSING)
    return ES_URL


def drop_indexes(prefix: str) -> None:
    """Delete every index and synonyms set under this prefix (a test run's own), quietly if the server is gone."""
    from elasticsearch import ApiError, Elasticsearch, TransportError

    client = Elasticsearch(ES_URL, request_timeout=30, max_retries=0)
    with suppress(ApiError, TransportError):
        names = list(client.indices.get(index=f"{prefix}-*", expand_wildcards="all"))
        if names:
            client.indices.delete(index=",".join(names))
        for found in client.synonyms.get_synonyms_sets(size=1000)["results"]:
            if found["synonyms_set"].startswith(f"{prefix}-"):
                client.synonyms.delete_synonym(id=found["synonyms_set"])
