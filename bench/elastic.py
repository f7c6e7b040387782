"""The benchmark's Elasticsearch column: the same corpus indexed through our Elasticsearch engine's rebuild (a new
versioned index swapped in behind the alias), and the same searches through its search(), facets and highlights
included. The index lives under a prefix of the run's own and is deleted at the end.
"""

import contextlib
import os
import time

DEFAULT_URL = "http://127.0.0.1:9200"


@contextlib.contextmanager
def elasticsearch_engine(url: str):
    """Our Elasticsearch engine on this server, with indexes of this run's own (deleted afterwards)."""
    from elasticsearch import ApiError, TransportError

    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine(url, prefix=f"kbbench-{os.getpid()}", timeout=60)
    try:
        yield engine
    finally:
        with contextlib.suppress(ApiError, TransportError):
            names = list(engine.client.indices.get(index=f"{engine.alias}-v*"))
            if names:
                engine.client.indices.delete(index=",".join(names))
            engine.client.synonyms.delete_synonym(id=engine.synonyms_set)


def index(engine) -> float:
    """Seconds to index every searchable page through the engine's rebuild, as `manage.py reindex` does."""
    from search.indexing import _batches, searchable_indexed_pages

    started = time.perf_counter()
    engine.rebuild(_batches(searchable_indexed_pages()))
    return time.perf_counter() - started


def server(engine) -> dict:
    """The server's version and heap, for the results file."""
    info = engine.client.info()
    jvm = next(iter(engine.client.nodes.stats(metric="jvm")["nodes"].values()))["jvm"]["mem"]
    return {
        "version": info["version"]["number"],
        "heap_max_mb": round(jvm["heap_max_in_bytes"] / 2**20),
        "heap_used_mb": round(jvm["heap_used_in_bytes"] / 2**20),
    }


def answer(response) -> dict:
    """What both engines must agree on for one request: the total and every facet count."""
    return {"total": response.total, "facets": {name: dict(values) for name, values in response.facets.items()}}


def disagreements(requests, embedded: list[dict], elastic: list[dict]) -> list[dict]:
    """The requests whose total or facet counts differ between the two engines, with both answers' differences."""
    from .queries import label

    found = []
    for request, ours, theirs in zip(requests, embedded, elastic, strict=True):
        if ours == theirs:
            continue
        facets = {
            name: {
                value: (ours["facets"][name].get(value), theirs["facets"][name].get(value))
                for value in set(ours["facets"][name]) | set(theirs["facets"][name])
                if ours["facets"][name].get(value) != theirs["facets"][name].get(value)
            }
            for name in ours["facets"]
        }
        differing = {name: values for name, values in facets.items() if values}
        found.append({"query": label(request), "total": (ours["total"], theirs["total"]), "facets": differing})
    return found
