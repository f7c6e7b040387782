"""What the Elasticsearch engine sends and reads: index analysis and mapping, query bodies, responses.

Pure functions of their arguments (no client), so every body is checked as data and, in the engine's tests,
against a real server. Queries are compiled from the parsed Query tree into match/multi_match/term clauses only,
so nothing a user types is ever read as Elasticsearch query syntax.
"""

import datetime
import html

from elasticsearch.dsl import (
    Date,
    DenseVector,
    Document,
    Integer,
    Keyword,
    MetaField,
    Object,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from kb.text import page_of

from ..documents import SearchDocument
from ..query import AnyOf, Phrase, Query, Term, ThemeMatch, normalise
from ..request import SearchRequest
from ..semantic import DIMENSIONS
from ..snippets import plain_snippet
from .base import FACETS, Hit, SearchResponse, facet_order

FACET_SIZE = 10_000  # every value, as the embedded engine counts them (a terms bucket per value is cheap)
MAX_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
MAX_HIGHLIGHT_OFFSET = 999_999  # highlight long reports up to here instead of failing the search
TEXT_FIELDS = ("title^10", "text^6", "summary^3", "report^1", "theme_names^2")
SNIPPET_FIELDS = ("text", "summary", "report")
FACET_FIELDS = {"theme": "themes", "type": "review_type", "kind": "kind", "year": "year", "agency": "agencies.raw"}
COPIED_FIELDS = (
    *("key", "kind", "page_id", "text", "summary", "report", "theme_names", "themes", "review_type"),
    *("agencies", "partnership", "age_band", "status", "published", "expire_at"),
)
NEWEST = (
    {"published": {"order": "desc", "missing": "_last"}},
    {"page_id": {"order": "desc"}},
    {"key": {"order": "asc"}},
)
# A shared theme outweighs any wording score two reviews get in practice, so the candidates for "similar" are the
# reviews sharing the most themes; rank_similar then makes that order exact.
THEME_POINT = 100.0
SIMILAR_CANDIDATES = 4  # candidates fetched per similar review wanted, as the embedded engine does

# ---- analysis and mapping ---------------------------------------------------------------------------

# No stop-word filter: a phrase must match word for word, as in the embedded engine ("was not brought" is not just
# "brought"); the query parser already drops stop words from plain words (search/query.py).
POSSESSIVE = token_filter("kb_english_possessive", type="stemmer", language="possessive_english")
STEMMER = token_filter("kb_english_stemmer", type="stemmer", language="english")
KB_ENGLISH = analyzer("kb_english", tokenizer="standard", filter=["lowercase", POSSESSIVE, STEMMER])
LOWERCASE = normalizer("kb_lowercase", filter=["lowercase"])
SEARCH_ANALYZER = "kb_english_synonyms"


def _text(**options) -> Text:
    """A text field: English analysis when indexed, theme synonyms added when searched."""
    return Text(analyzer=KB_ENGLISH, search_analyzer=SEARCH_ANALYZER, **options)


class HitDocument(Document):
    """One SearchDocument as indexed: searchable text, filterable keywords, and the document itself."""

    key = Keyword()
    kind = Keyword()
    page_id = Integer()
    title = _text(copy_to="spell")
    text = _text(copy_to="spell")
    summary = _text(copy_to="spell")
    spell = Text(analyzer="standard")  # the words as written, not stemmed: the vocabulary of spelling suggestions
    vector = DenseVector(dims=DIMENSIONS, similarity="cosine", index=True)  # meaning (search/semantic/)
    report = _text()
    theme_names = _text()
    themes = Keyword()
    review_type = Keyword()
    agencies = Keyword(normalizer=LOWERCASE, fields={"raw": Keyword()})
    partnership = Keyword(normalizer=LOWERCASE)
    age_band = Keyword()
    status = Keyword()
    year = Integer()
    published = Date()
    expire_at = Date()
    payload = Object(enabled=False)

    class Meta:
        dynamic = MetaField("strict")


def synonym_rules(themes) -> list[str]:
    """One equivalence rule per theme with synonyms, from (slug, name, synonyms) rows."""
    return [rule for _slug, rule in _rules_by_theme(themes)]


def synonym_set(themes) -> list[dict]:
    """The body of the synonyms set: one rule per theme with synonyms, identified by the theme's slug."""
    return [{"id": slug, "synonyms": rule} for slug, rule in _rules_by_theme(themes)]


def _rules_by_theme(themes) -> list[tuple[str, str]]:
    """(slug, "name, synonym, ...") for each theme with synonyms, lower-cased and without rule syntax."""
    rules = []
    for slug, name, synonyms in themes:
        terms = dict.fromkeys(t for t in (normalise(x.replace("=>", " ")) for x in (name, *synonyms)) if t)
        if len(terms) > 1:
            rules.append((slug, ", ".join(terms)))
    return rules


def search_analyzer(synonyms_set_name: str):
    """kb_english with the theme synonyms expanded right after lower-casing (before stemming).

    The rules live in a synonyms set (the synonyms API) and the filter is updateable, so a theme edited in the
    admin changes every index's search analysis at once, without a new index.
    """
    synonyms = token_filter(
        "kb_theme_synonyms", type="synonym_graph", synonyms_set=synonyms_set_name, updateable=True, lenient=True
    )
    return analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=["lowercase", synonyms, POSSESSIVE, STEMMER])


def index_settings(synonyms_set_name: str) -> dict:
    """The body that creates one versioned index: settings with analysis, and the strict mapping.

    One shard (the corpus is small, and facet counts from one shard are exact); a replica wherever there is a
    second node to hold it, none on a single node (which would leave the index yellow).
    """
    analysis: dict = {}
    for part in (KB_ENGLISH, search_analyzer(synonyms_set_name), LOWERCASE):
        for section, definitions in part.get_analysis_definition().items():
            analysis.setdefault(section, {}).update(definitions)
    return {
        "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "analysis": analysis},
        "mappings": HitDocument._doc_type.mapping.to_dict(),
    }


def to_source(doc: SearchDocument, vector: list[float] | None = None) -> dict:
    """The indexed _source of one document: its searchable and filterable fields, the whole document, and its
    meaning vector when it has one."""
    data = doc.to_dict()
    source = {name: data[name] for name in COPIED_FIELDS}
    source = {**source, "title": doc.indexed_title, "year": doc.year, "payload": data}
    if vector is not None:
        source["vector"] = vector
    return source


# ---- queries ----------------------------------------------------------------------------------------


def _phrase(text: str, analyzer_name: str | None = "kb_english") -> dict:
    """Words that must appear together, in order, in any text field."""
    clause = {"query": text, "fields": list(TEXT_FIELDS), "type": "phrase"}
    if analyzer_name:
        clause["analyzer"] = analyzer_name
    return {"multi_match": clause}


def _should(clauses: list[dict]) -> dict:
    """At least one of the clauses."""
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def compile_part(part) -> dict:
    """One query part as an Elasticsearch query clause."""
    if isinstance(part, Term):
        if any(mark in part.text for mark in "-'’"):
            return _phrase(part.text, analyzer_name=None)
        return {
            "multi_match": {
                "query": part.text,
                "fields": list(TEXT_FIELDS),
                "type": "best_fields",
                "operator": "and",
            }
        }
    if isinstance(part, Phrase):
        return _phrase(part.text)
    if isinstance(part, ThemeMatch):
        texts = {}  # "non-accidental injury" and "non accidental injury" are the same words
        for text in (part.original, *part.phrasings):
            texts.setdefault(text.replace("-", " "), text)
        options = [_phrase(text) for text in texts.values()]
        return _should([*options, {"term": {"themes": part.slug}}])
    if isinstance(part, AnyOf):
        return _should([compile_part(p) for p in part.parts])
    raise TypeError(f"unknown query part {part!r}")


def compile_query(query: Query) -> dict:
    """The whole parsed query; no positive part browses everything (less the exclusions)."""
    if query.related or query.minimum_should_match is not None:
        positive = [matching(query)]
    else:
        positive = [compile_part(p) for p in query.must]
    must_not = [compile_part(p) for p in query.must_not]
    if not must_not:
        return positive[0] if len(positive) == 1 else {"bool": {"must": positive}} if positive else {"match_all": {}}
    return {"bool": {"must": positive or [{"match_all": {}}], "must_not": must_not}}


def words_clause(query: Query) -> dict | None:
    """What the words ask for, named "words" so each hit says whether they matched; every part must match, or at
    least `minimum_should_match` of them."""
    parts = [compile_part(p) for p in query.must]
    if not parts:
        return None
    if query.minimum_should_match is None:
        return {"bool": {"must": parts, "_name": "words"}}
    return {"bool": {"should": parts, "minimum_should_match": query.minimum_should_match, "_name": "words"}}


def matching(query: Query) -> dict:
    """The words (raised by the word tier) or the documents related by meaning, each scoring its own score."""
    words = words_clause(query)
    related = [{"constant_score": {"filter": {"term": {"key": key}}, "boost": score}} for key, score in query.related]
    if words is not None and query.word_tier:
        words = {"bool": {"should": [words, {"constant_score": {"filter": words, "boost": query.word_tier}}]}}
    should = ([words] if words is not None else []) + related
    return {"bool": {"should": should, "minimum_should_match": 1}} if should else {"match_all": {}}


def not_expired(now: datetime.datetime) -> dict:
    """Documents with no expiry date or one still in the future."""
    never = {"bool": {"must_not": [{"exists": {"field": "expire_at"}}]}}
    return _should([never, {"range": {"expire_at": {"gt": now.isoformat()}}}])


def build_filters(request: SearchRequest, now: datetime.datetime, hidden_pages=()) -> list[dict]:
    """The request's filters as filter clauses; every theme asked for must be present; hidden pages whose
    removal from the index is still pending are left out."""
    filters = [not_expired(now)]
    if hidden_pages:
        filters.append({"bool": {"must_not": [{"terms": {"page_id": list(hidden_pages)}}]}})
    if request.kinds:
        filters.append({"terms": {"kind": list(request.kinds)}})
    if request.types:
        filters.append({"terms": {"review_type": list(request.types)}})
    filters.extend({"term": {"themes": slug}} for slug in request.themes)
    years = {k: v for k, v in (("gte", request.year_from), ("lte", request.year_to)) if v}
    if years:
        filters.append({"range": {"year": years}})
    for field, value in (
        ("agencies", request.agency.lower()),
        ("partnership", request.partnership.lower()),
        ("age_band", request.age_band),
        ("status", request.status),
    ):
        if value:
            filters.append({"term": {field: value}})
    return filters


def build_sort(request: SearchRequest, query: Query) -> list[dict]:
    """Relevance (newest breaking ties) when there is something to rank by, else newest first."""
    if (query.must or query.related) and request.sort == "relevance":
        return [{"_score": {"order": "desc"}}, *NEWEST]
    return list(NEWEST)


def build_highlight(query: Query) -> dict:
    """Escaped snippets whose only markup is <mark>, from the text fields the positive query matched."""
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "number_of_fragments": 1,
        "fragment_size": 200,
        "max_analyzed_offset": MAX_HIGHLIGHT_OFFSET,
        "fields": {field: {} for field in SNIPPET_FIELDS},
        "highlight_query": words_clause(query) if query.related else compile_query(Query(**_words_of(query))),
    }


def _words_of(query: Query) -> dict:
    return {"must": list(query.must), "minimum_should_match": query.minimum_should_match}


def build_search(request: SearchRequest, query: Query, now: datetime.datetime, hidden_pages=()) -> dict:
    """The full search body: query and filters, sort, page, facets and highlighting."""
    start, size = request.offset, request.page_size
    if start + size > MAX_WINDOW:  # past the window: still answer the total and facets, with no hits
        start, size = 0, 0
    body = {
        "query": {"bool": {"must": [compile_query(query)], "filter": build_filters(request, now, hidden_pages)}},
        "sort": build_sort(request, query),
        "from": start,
        "size": size,
        "track_total_hits": True,
        "_source": ["payload"],
        "aggs": {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()},
    }
    if query.must:
        body["highlight"] = build_highlight(query)
    if query.related:  # how many match the words, and which hits they matched (read_response)
        body["aggs"]["words"] = {"filter": words_clause(query) or {"match_none": {}}}
    return body


def similar_query(alias: str, page_id: int, themes: list[str], limit: int, now: datetime.datetime) -> dict:
    """Other live reviews sharing at least one of this review's themes: THEME_POINT per shared theme, their
    wording (more_like_this) only as a bonus, newest breaking ties."""
    shared = [{"constant_score": {"filter": {"term": {"themes": slug}}, "boost": THEME_POINT}} for slug in themes]
    like = {
        "more_like_this": {
            "fields": ["title", "summary", "theme_names"],
            "like": [{"_index": alias, "_id": f"review:{page_id}"}],
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 25,
        }
    }
    return {
        "query": {
            "bool": {
                "filter": [{"term": {"kind": "review"}}, not_expired(now)],
                "must_not": [{"term": {"page_id": page_id}}],
                "must": [_should(shared)],  # no shared theme, not similar: wording alone never qualifies
                "should": [like],
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *NEWEST[:2]],
        "size": limit * SIMILAR_CANDIDATES,
        "_source": ["page_id", "themes"],
    }


# ---- reading responses ------------------------------------------------------------------------------


def rank_similar(raw_hits: list[dict], themes: list[str], limit: int) -> list[int]:
    """Page ids by the number of shared themes, keeping the server's order (wording, then newest) within each."""
    mine = set(themes)
    ranked = sorted(raw_hits, key=lambda hit: -len(mine & set(hit["_source"].get("themes") or [])))
    return [hit["_source"]["page_id"] for hit in ranked[:limit]]


def read_facets(aggregations: dict) -> dict[str, list[tuple[str, int]]]:
    """Facet buckets as (value, count) pairs, in the engines' order (base.facet_order)."""
    facets = {}
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("buckets", [])
        facets[name] = facet_order(name, [(str(b["key"]), b["doc_count"]) for b in buckets if str(b["key"])])
    return facets


def read_hit(raw: dict, related: bool = False) -> Hit:
    """One hit: the stored document, its first highlighted fragment (or its own opening), its score; with
    `related`, a hit the words did not match is marked as found by meaning."""
    document = SearchDocument.from_dict(raw["_source"]["payload"])
    if related and "words" not in (raw.get("matched_queries") or []):
        return Hit(document, plain_snippet(document), float(raw.get("_score") or 0.0), by_meaning=True)
    highlight = raw.get("highlight") or {}
    fragments = [(highlight[f][0], f) for f in SNIPPET_FIELDS if highlight.get(f)]
    snippet, field = fragments[0] if fragments else (plain_snippet(document), None)
    hit = Hit(document, snippet, float(raw.get("_score") or 0.0))
    if field == "report":
        hit.report_page = page_of(html.unescape(snippet), document.report, ("<mark>", "</mark>"))
    return hit


def read_response(raw: dict) -> SearchResponse:
    """A SearchResponse from a raw search answer (the words' own total when the search also matched meaning)."""
    total = raw["hits"]["total"]
    aggregations = raw.get("aggregations") or {}
    related = "words" in aggregations
    return SearchResponse(
        hits=[read_hit(h, related) for h in raw["hits"]["hits"]],
        total=total["value"] if isinstance(total, dict) else int(total),
        facets=read_facets(aggregations),
        word_total=aggregations["words"]["doc_count"] if related else None,
    )
