"""Spelling suggestions from the index's own words: its vocabulary as written (the `spell` field, not stemmed),
with how many documents hold each word, and the words within one or two edits of a query's word."""

import threading

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ...spelling import max_edits, ranked
from ..base import Spelling

NEIGHBOURS = 32
_cached: dict = {}
_mutex = threading.Lock()


def vocabulary(searcher, generation: str | None) -> dict[str, int]:
    """Every word of the index with its document count, read again whenever the index changed."""
    signature = (generation, searcher.num_docs, searcher.num_segments)
    with _mutex:
        if _cached.get("signature") != signature:
            _cached.update(signature=signature, words=dict(searcher.terms_with_prefix("spell", "")))
        return _cached["words"]


def spelling_of(words: list[str], known: dict[str, int]) -> dict[str, Spelling]:
    """Each word's document count, and its neighbours in the vocabulary (search/spelling.py ranks them)."""
    vocabulary_words = list(known)
    result = {}
    for word in words:
        near = process.extract(
            word, vocabulary_words, scorer=OSA.distance, score_cutoff=max_edits(word), limit=NEIGHBOURS
        )
        result[word] = Spelling(known.get(word, 0), ranked(word, ((found, known[found]) for found, _, _ in near)))
    return result
