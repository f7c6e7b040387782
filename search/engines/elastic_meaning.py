"""The Elasticsearch bodies of search understanding: spelling suggestions from the index's own words (the `spell`
field, by the term suggester), and the documents nearest a meaning vector (kNN on the `vector` field)."""

from ..spelling import ranked
from .base import Spelling

NEIGHBOURS = 32  # suggestions asked per word, before search/spelling.py keeps the close ones


def spelling_body(words: list[str]) -> dict:
    """One request for every word: its neighbours (term suggester) and how many documents hold it (a filter)."""
    suggest = {
        f"w{i}": {
            "text": word,
            "term": {
                "field": "spell",
                "suggest_mode": "always",
                "max_edits": 2,
                "prefix_length": 0,
                "min_word_length": 3,
                "string_distance": "damerau_levenshtein",
                "size": NEIGHBOURS,
                "max_term_freq": 1_000_000,  # correct words too: ranked() decides what is close enough
            },
        }
        for i, word in enumerate(words)
    }
    aggs = {f"w{i}": {"filter": {"term": {"spell": word}}} for i, word in enumerate(words)}
    return {"size": 0, "track_total_hits": False, "suggest": suggest, "aggs": aggs}


def read_spelling(words: list[str], raw: dict | None) -> dict[str, Spelling]:
    result = {}
    for i, word in enumerate(words):
        if raw is None:
            result[word] = Spelling(0)
            continue
        entries = raw.get("suggest", {}).get(f"w{i}") or [{}]
        options = [(option["text"], option["freq"]) for option in entries[0].get("options", [])]
        frequency = raw.get("aggregations", {}).get(f"w{i}", {}).get("doc_count", 0)
        result[word] = Spelling(frequency, ranked(word, options))
    return result


def nearest_body(vector: list[float], limit: int) -> dict:
    return {
        "knn": {"field": "vector", "query_vector": vector, "k": limit, "num_candidates": max(100, 2 * limit)},
        "size": limit,
        "_source": ["key"],
    }


def read_nearest(raw: dict | None) -> list[tuple[str, float]]:
    """(key, cosine similarity) best first: Elasticsearch scores cosine kNN as (1 + cosine) / 2."""
    hits = (raw or {}).get("hits", {}).get("hits", [])
    return [(hit["_source"]["key"], 2.0 * float(hit["_score"]) - 1.0) for hit in hits]
