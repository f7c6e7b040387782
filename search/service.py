"""The one way in to search for the rest of the project: `find` (a practitioner's search, parsed, run and logged),
`browse` (the newest hits of some requests, for theme pages and hubs), `similar` (reviews like a review),
`theme_suggestions` (themes for an editor's text), and helping when nothing is found. Other apps never call an
engine or catch its errors themselves."""

import difflib
import logging
import time
from dataclasses import dataclass

from kb.identifiers import find_identifiers
from kb.models import Theme
from kb.themes import vocabulary

from .engines import get_engine
from .engines.base import Hit, SearchResponse, SearchUnavailable
from .models import QueryLog
from .query import Query, normalise
from .request import SearchRequest
from .results import hit_to_result
from .suggestions import ThemeSuggestion, suggestions
from .understanding import Understanding, answer

logger = logging.getLogger(__name__)
IDENTIFIER_REMOVED = "[identifier removed]"
SUGGESTION_WORDS = 8


@dataclass
class Outcome:
    request: SearchRequest
    query: Query
    response: SearchResponse
    understanding: Understanding


def find(request: SearchRequest, source: str = "page") -> Outcome:
    """Answer a practitioner's request with the configured engine (corrected, widened or matched by meaning when
    the words as typed find too little: understanding.py) and log it, without who asked; raises SearchUnavailable,
    which the page and the API answer with a 503."""
    started = time.perf_counter()
    try:
        query, response, understanding = answer(request, vocabulary(), get_engine())
    except SearchUnavailable:
        logger.exception("search engine unavailable")
        raise
    elapsed_ms = (time.perf_counter() - started) * 1000
    log_query(request, response.words_matched, elapsed_ms, source)  # found by meaning alone: a miss of the words
    return Outcome(request, query, response, understanding)


def logged_text(query: str) -> str:
    """What analytics keep of a query: its normalised words, or a placeholder when the anonymisation check finds
    an identifier in it (practitioners type phone numbers, postcodes and dates of birth into search boxes)."""
    return IDENTIFIER_REMOVED if find_identifiers(query) else normalise(query)[:500]


def log_query(request: SearchRequest, result_count: int, elapsed_ms: float, source: str) -> None:
    """Keep the query for analytics: its normalised words, how many results, how long; no user identity."""
    QueryLog.objects.create(
        normalised=logged_text(request.q),
        filters=request.filters_dict(),
        result_count=result_count,
        duration_ms=round(elapsed_ms, 2),
        source=source,
    )


def theme_names() -> dict[str, str]:
    """Slug -> name for every theme."""
    return dict(Theme.objects.values_list("slug", "name"))


def suggest_themes(text: str, limit: int = 5) -> list[Theme]:
    """Themes whose name or a synonym is close to the query, for a zero-results page. Only the first few words
    are compared: each word is compared with every theme phrasing, so a long query would cost seconds."""
    words = " ".join(normalise(text).split()[:SUGGESTION_WORDS])
    if not words:
        return []
    known = vocabulary()
    keys = list(known.by_key)
    close = difflib.get_close_matches(words, keys, n=limit * 2, cutoff=0.6)
    for word in dict.fromkeys(words.split()):
        if len(word) > 3:
            close += [
                key for key in keys if word in key.split() or difflib.SequenceMatcher(None, word, key).ratio() > 0.8
            ]
    slugs = list(dict.fromkeys(known.by_key[key] for key in close))[:limit]
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    return [themes[slug] for slug in slugs if slug in themes]


def browse(*requests: SearchRequest) -> list[Hit] | None:
    """The hits of these requests (no words; their filters and order), each hit once, in the order found; None
    when search is unavailable, so a page can still be shown without them."""
    engine, hits = get_engine(), {}
    try:
        for request in requests:
            for hit in engine.search(request, Query()).hits:
                hits.setdefault(hit.document.key, hit)
    except SearchUnavailable:
        logger.warning("search unavailable: a page is shown without its learning from search")
        return None
    return list(hits.values())


def as_results(hits: list[Hit]) -> list[dict]:
    """Hits as the search page and the API show them (search/results.py, the one serializer)."""
    return [hit_to_result(hit) for hit in hits]


def similar(page_id: int, limit: int = 5) -> list[int]:
    """Page ids of the reviews most like this one, best first; none when search is unavailable."""
    try:
        return get_engine().similar(page_id, limit)
    except SearchUnavailable:
        return []


def theme_suggestions(
    text: str, kinds: tuple[str, ...], tagged=(), leave_out_page: int | None = None
) -> list[ThemeSuggestion]:
    """Themes an editor might tag this text with, and why (suggestions.py): named in it, and, when search by
    meaning is on, carried by the visible documents of these kinds most like it (none of `leave_out_page`'s).
    Themes in `tagged` are left out. When search is unavailable, only the themes named in the text."""
    known = vocabulary()
    try:
        return suggestions(text, known, get_engine(), tuple(kinds), tuple(tagged), leave_out_page)
    except SearchUnavailable:
        logger.warning("search unavailable: themes are suggested from their names only")
        return suggestions(text, known, None, tuple(kinds), tuple(tagged), leave_out_page)
