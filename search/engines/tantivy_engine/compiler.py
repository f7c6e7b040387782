"""The parsed Query tree and a SearchRequest's filters as Tantivy queries.

Only the tree that search.query.parse builds is compiled, never the text a user typed, so nothing typed can be
read as Tantivy query syntax.
"""

import datetime
from typing import NamedTuple

from tantivy import FieldType, Occur
from tantivy import Query as TQ

from ...query import AnyOf, Phrase, Query, Term, ThemeMatch
from ...request import SearchRequest
from .schema import ANALYZER, BOOSTS, SCHEMA, TAG_BOOST

SIMILAR_WORDS_WEIGHT = 0.9  # all of a title's words together count for less than one shared theme


def _words_in(field: str, tokens: list[str]) -> TQ:
    """The tokens in one field: a term for one token, a phrase for more."""
    if len(tokens) == 1:
        return TQ.term_query(SCHEMA, field, tokens[0])
    return TQ.phrase_query(SCHEMA, field, tokens)  # never with one token: that panics (a BaseException)


def words(text: str) -> TQ:
    """Text as a string of words is read: analysed, a phrase when it makes several tokens, in any text field, each
    field weighted. Text that makes no token at all matches nothing."""
    tokens = ANALYZER.analyze(text)
    if not tokens:
        return TQ.empty_query()
    return _any([TQ.boost_query(_words_in(field, tokens), boost) for field, boost in BOOSTS.items()])


def _any(queries: list[TQ]) -> TQ:
    """At least one of the queries; scores add up."""
    return TQ.boolean_query([(Occur.Should, q) for q in queries])


def compile_part(part, counting: bool = False) -> TQ:
    """One part of the parsed query. For counting (totals and facets, where scores do not matter), a theme's
    phrasings that hold another of its phrasings are left out: they match nothing more, and phrases are slow."""
    if isinstance(part, (Term, Phrase)):  # a hyphenated or apostrophe word analyses into a phrase
        return words(part.text)
    if isinstance(part, ThemeMatch):
        texts = list(dict.fromkeys((part.original, *part.phrasings)))
        options = [words(text) for text in (_holding_no_other(texts) if counting else texts)]
        tagged = TQ.boost_query(TQ.term_query(SCHEMA, "themes", part.slug), TAG_BOOST)
        return _any([*options, tagged])
    if isinstance(part, AnyOf):
        return _any([compile_part(p, counting) for p in part.parts])
    raise TypeError(f"unknown query part {part!r}")


def _holding_no_other(texts: list[str]) -> list[str]:
    """The texts less those whose words hold another's words in a row: whatever matches "chronic neglect" in a
    field also matches "neglect" there."""
    tokens = {text: ANALYZER.analyze(text) for text in texts}
    kept: list[str] = []
    for text in sorted(texts, key=lambda t: len(tokens[t])):
        if not any(_holds(tokens[text], tokens[other]) for other in kept):
            kept.append(text)
    return kept


def _holds(longer: list[str], shorter: list[str]) -> bool:
    """Whether the tokens of `shorter` (some) appear in `longer` one after another."""
    size = len(shorter)
    return size > 0 and any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def positive(query: Query, counting: bool = False) -> TQ | None:
    """What the words ask for, ranking the hits (for scoring and snippets); None when the query has no words.
    Every part must match, or at least `minimum_should_match` of them (a partial match) when that is set."""
    if not query.must:
        return None
    if query.minimum_should_match is None:
        return TQ.boolean_query([(Occur.Must, compile_part(p, counting)) for p in query.must])
    parts = [(Occur.Should, compile_part(p, counting)) for p in query.must]
    return TQ.boolean_query(parts, minimum_number_should_match=query.minimum_should_match)


def related(query: Query) -> TQ | None:
    """The documents related by meaning, each scoring what the service gave it; None when there are none."""
    if not query.related:
        return None
    return _any([TQ.const_score_query(TQ.term_query(SCHEMA, "key", key), score) for key, score in query.related])


def matching(query: Query, words_query: TQ | None) -> TQ:
    """Whatever the query matches: its words (raised by its word tier) or its related documents, or everything
    when it has neither."""
    meaning = related(query)
    if words_query is None:
        return meaning if meaning is not None else TQ.all_query()
    if meaning is None:
        return words_query
    scored_words = [(Occur.Should, words_query)]
    if query.word_tier:
        scored_words.append((Occur.Should, TQ.const_score_query(words_query, query.word_tier)))
    return TQ.boolean_query([(Occur.Should, TQ.boolean_query(scored_words)), (Occur.Should, meaning)])


def _filter(query: TQ) -> tuple:
    """A clause that must match without changing the score: filters never change the ranking."""
    return (Occur.Must, TQ.const_score_query(query, 0.0))


def _keyword(field: str, values) -> TQ:
    values = list(values)
    return TQ.term_query(SCHEMA, field, values[0]) if len(values) == 1 else TQ.term_set_query(SCHEMA, field, values)


def visible_only(now: datetime.datetime, hidden_pages=()) -> list[tuple]:
    """Clauses leaving out expired documents and hidden pages whose removal from the index is still pending."""
    clauses = [(Occur.MustNot, TQ.range_query(SCHEMA, "expire_at", FieldType.Date, None, now))]
    if hidden_pages:
        clauses.append((Occur.MustNot, TQ.term_set_query(SCHEMA, "page_id", list(hidden_pages))))
    return clauses


def filters(request: SearchRequest) -> list[tuple]:
    """The request's filters; every theme asked for must be present."""
    clauses = [_filter(TQ.term_query(SCHEMA, "themes", slug)) for slug in request.themes]
    if request.kinds:
        clauses.append(_filter(_keyword("kind", request.kinds)))
    if request.types:
        clauses.append(_filter(_keyword("review_type", request.types)))
    if request.year_from or request.year_to:
        years = TQ.range_query(SCHEMA, "year", FieldType.Integer, request.year_from, request.year_to)
        clauses.append(_filter(years))
    for field, value in (
        ("agency_lc", request.agency.lower()),
        ("partnership_lc", request.partnership.lower()),
        ("age_band", request.age_band),
        ("status", request.status),
    ):
        if value:
            clauses.append(_filter(TQ.term_query(SCHEMA, field, value)))
    return clauses


class Compiled(NamedTuple):
    whole: TQ  # the query with filters, scored: for ranking
    words: TQ | None  # its words' part, or None when there is nothing to rank by (for snippets)
    counted: TQ  # what `whole` matches, in fewer clauses: for the total and the facets


def compile_search(request: SearchRequest, query: Query, now: datetime.datetime, hidden_pages=()) -> Compiled:
    """The request and its parsed query as the queries a search runs."""
    words_query = positive(query)
    whole = restricted(matching(query, words_query), request, query, now, hidden_pages)
    if not _names_a_theme(query.must):  # nothing to leave out when counting
        return Compiled(whole, words_query, whole)
    counted = matching(query, positive(query, counting=True))
    return Compiled(whole, words_query, restricted(counted, request, query, now, hidden_pages))


def _names_a_theme(parts) -> bool:
    return any(isinstance(p, ThemeMatch) or (isinstance(p, AnyOf) and _names_a_theme(p.parts)) for p in parts)


def restricted(query_part: TQ, request: SearchRequest, query: Query, now: datetime.datetime, hidden_pages=()) -> TQ:
    """A query with the exclusions, the request's filters and the visibility rule applied."""
    clauses = [(Occur.Must, query_part)]
    clauses += [(Occur.MustNot, compile_part(p)) for p in query.must_not]
    clauses += filters(request) + visible_only(now, hidden_pages)
    return TQ.boolean_query(clauses)


def similar_query(page_id: int, themes: list[str], title: str, now: datetime.datetime, hidden_pages=()) -> TQ:
    """Other reviews sharing at least one of these themes: one point per shared theme, and under one point
    more for the share of the title's words found in their title or summary."""
    shared = [TQ.const_score_query(TQ.term_query(SCHEMA, "themes", slug), 1.0) for slug in themes]
    # Words of more than three letters only: "of", "a" and "S" say nothing.
    tokens = list(dict.fromkeys(ANALYZER.analyze(" ".join(w for w in title.split() if len(w) > 3 and w.isalpha()))))
    alike = [
        TQ.const_score_query(
            _any([TQ.term_query(SCHEMA, "title", t), TQ.term_query(SCHEMA, "summary", t)]),
            SIMILAR_WORDS_WEIGHT / len(tokens),
        )
        for t in tokens
    ]
    clauses = [
        (Occur.Must, _any(shared)),
        *[(Occur.Should, q) for q in alike],
        _filter(TQ.term_query(SCHEMA, "kind", "review")),
        (Occur.MustNot, TQ.term_query(SCHEMA, "page_id", page_id)),
        *visible_only(now, hidden_pages),
    ]
    return TQ.boolean_query(clauses)
