"""Running a search: parse, ask the engine, log; and helping when nothing is found."""

import difflib
import logging
import time
from dataclasses import dataclass

from kb.identifiers import find_identifiers
from kb.models import Theme
from kb.themes import vocabulary

from .engines import get_engine
from .engines.base import SearchResponse, SearchUnavailable
from .models import QueryLog
from .query import Query, normalise, parse
from .request import SearchRequest

logger = logging.getLogger(__name__)
IDENTIFIER_REMOVED = "[identifier removed]"
SUGGESTION_WORDS = 8


@dataclass
class Outcome:
    request: SearchRequest
    query: Query
    response: SearchResponse


def run_search(request: SearchRequest, source: str = "page") -> Outcome:
    """Answer a request with the configured engine and log it (without who asked)."""
    query = parse(request.q, vocabulary())
    started = time.perf_counter()
    try:
        response = get_engine().search(request, query)
    except SearchUnavailable:
        logger.exception("search engine unavailable")
        raise
    elapsed_ms = (time.perf_counter() - started) * 1000
    log_query(request, response.total, elapsed_ms, source)
    return Outcome(request, query, response)


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
