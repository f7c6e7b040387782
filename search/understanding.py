"""What a search does when the words as typed find too little: every word must match first; then the spelling is
corrected from the index's own words; then, when still nothing is found, results that hold most of the words, and
documents related by meaning (search/semantic/), which rank below every match of the words.

Precise searches stay precise: a query with a quoted phrase or OR is never widened, so literal means literal.
"""

import math
from dataclasses import dataclass, replace

from .engines.base import SearchEngine, SearchResponse
from .query import AnyOf, Expansion, Phrase, Query, Term, parse
from .request import SearchRequest
from .semantic.related import related
from .spelling import corrected_text, corrections

FEW = 3  # fewer results than this and a correction is worth offering
WORD_TIER = 1000.0  # added to every match of the words, so they all rank above what only meaning found
PARTIAL_SHARE = 0.5  # a partial match holds at least this share of the query's words (rounded up)
# Words of questions and requests that say little about the learning wanted: left out of partial matching.
FILLER = frozenset(
    {
        "about",
        "any",
        "anything",
        "are",
        "can",
        "case",
        "cases",
        "could",
        "did",
        "do",
        "does",
        "done",
        "example",
        "examples",
        "find",
        "had",
        "has",
        "have",
        "how",
        "i",
        "learning",
        "lesson",
        "lessons",
        "me",
        "my",
        "our",
        "policy",
        "policies",
        "practice",
        "review",
        "reviews",
        "should",
        "show",
        "some",
        "tell",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "would",
    }
)


@dataclass(frozen=True)
class Understanding:
    """How the results relate to the words typed, for the page's messages and the API's `match`."""

    searched: str  # the text searched: as typed, or its correction
    corrected_from: str | None = None  # the text as typed, when its correction was searched instead
    did_you_mean: str | None = None  # a correction that would find more, when the text as typed found a little
    partial: bool = False  # no result holds every word; results hold most of them

    def match(self, response: SearchResponse) -> str:
        """ "corrected", "partial", "related" (found by meaning alone), "all", or "none"."""
        if response.total == 0:
            return "none"
        if self.corrected_from:
            return "corrected"
        if response.words_matched == 0:
            return "related"
        return "partial" if self.partial else "all"


def answer(request: SearchRequest, vocabulary, engine: SearchEngine) -> tuple[Query, SearchResponse, Understanding]:
    """The query searched, its response, and how they relate to what was typed."""
    query = parse(request.q, vocabulary)
    response = engine.search(request, query)
    understanding = Understanding(searched=request.q)
    if response.total >= FEW or not query.must:
        return query, response, understanding
    if not request.as_typed:
        query, response, understanding = _spelled(request, vocabulary, engine, query, response)
    if response.total >= FEW or _precise(query):
        return query, response, understanding
    # Nothing found: the words most of which match, and meaning; a little found: meaning below it.
    widened = widen(query, understanding.searched, engine, partial=response.total == 0)
    if widened is None:
        return query, response, understanding
    wide = engine.search(request, widened)
    return widened, wide, replace(understanding, partial=widened.minimum_should_match is not None)


def _spelled(request, vocabulary, engine, query, response):
    """With the words as typed finding nothing, the corrected words are searched instead when they find something;
    finding a little, they are offered when they would find more."""
    fixes = corrections(query, engine, vocabulary)
    if not fixes:
        return query, response, Understanding(searched=request.q)
    text = corrected_text(request.q, fixes)
    fixed_query = parse(text, vocabulary)
    fixed = engine.search(request, fixed_query)
    # A correction is kept only when it finds what may be shown: an index's vocabulary can still hold the words of
    # documents just hidden, and a correction must never reveal one.
    if response.total == 0 and fixed.total > 0:
        return fixed_query, fixed, Understanding(searched=text, corrected_from=request.q)
    if fixed.total > response.total > 0:
        return query, response, Understanding(searched=request.q, did_you_mean=text)
    return query, response, Understanding(searched=request.q)


def _precise(query: Query) -> bool:
    """A quoted phrase or an OR says exactly what is wanted (an abbreviation's expansion is the search's own)."""
    return any(
        isinstance(part, Phrase) or (isinstance(part, AnyOf) and not isinstance(part, Expansion)) for part in query.must
    )


def partial_minimum(words: int) -> int:
    """How many of a query's words a partial match must hold: all of one or two, else most of them."""
    return words if words <= 2 else max(2, math.ceil(words * PARTIAL_SHARE))


def widen(query: Query, text: str, engine: SearchEngine, partial: bool) -> Query | None:
    """The query with the documents related to the text by meaning, and (when `partial`) matching most of its words
    with the filler left out; None when that would search nothing new."""
    meaning = related(text, engine)
    words = [part for part in query.must if not (isinstance(part, Term) and part.text in FILLER)]
    if not partial or not words or (len(words) == len(query.must) and len(words) <= 2):
        if not meaning:
            return None
        kept = [] if partial else list(query.must)  # a little found: it stays first, meaning below it
        return Query(must=kept, must_not=query.must_not, related=meaning, word_tier=WORD_TIER)
    return Query(
        must=words,
        must_not=query.must_not,
        minimum_should_match=partial_minimum(len(words)),
        related=meaning,
        word_tier=WORD_TIER,
    )
