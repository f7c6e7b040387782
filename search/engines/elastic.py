"""The Elasticsearch 8 engine: versioned indexes behind an alias, English analysis, theme synonyms at search time.

Queries are compiled from the parsed Query tree into match/multi_match/term clauses only, so nothing a
user types is ever read as Elasticsearch query syntax.
"""

import datetime
import html
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import (
    Date,
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
from ..models import PendingUpdate
from ..query import AnyOf, Phrase, Query, Term, ThemeMatch, normalise
from ..request import SearchRequest
from .base import FACETS, Hit, SearchEngine, SearchResponse, SearchUnavailable
from .fts5 import plain_snippet

REQUEST_TIMEOUT = 5  # seconds: an unreachable cluster must fail fast, not hang a page
BULK_TIMEOUT = 120  # seconds: bulk writes, delete-by-query and index creation may take longer
CHUNK = 1000
FACET_SIZE = 500
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

# ---- analysis and mapping ---------------------------------------------------------------------------

POSSESSIVE = token_filter("kb_english_possessive", type="stemmer", language="possessive_english")
STOP = token_filter("kb_english_stop", type="stop", stopwords="_english_")
STEMMER = token_filter("kb_english_stemmer", type="stemmer", language="english")
KB_ENGLISH = analyzer("kb_english", tokenizer="standard", filter=["lowercase", POSSESSIVE, STOP, STEMMER])
LOWERCASE = normalizer("kb_lowercase", filter=["lowercase"])
SEARCH_ANALYZER = "kb_english_synonyms"


def _text() -> Text:
    """A text field: English analysis when indexed, theme synonyms added when searched."""
    return Text(analyzer=KB_ENGLISH, search_analyzer=SEARCH_ANALYZER)


class HitDocument(Document):
    """One SearchDocument as indexed: searchable text, filterable keywords, and the document itself."""

    key = Keyword()
    kind = Keyword()
    page_id = Integer()
    title = _text()
    text = _text()
    summary = _text()
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
    rules = []
    for _slug, name, synonyms in themes:
        terms = dict.fromkeys(t for t in (normalise(x.replace("=>", " ")) for x in (name, *synonyms)) if t)
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


def search_analyzer(themes):
    """kb_english with the theme synonyms expanded right after lower-casing (before stop words and stemming)."""
    rules = synonym_rules(themes)
    synonyms = token_filter("kb_theme_synonyms", type="synonym_graph", synonyms=rules, lenient=True)
    chain = ["lowercase", *([synonyms] if rules else []), POSSESSIVE, STOP, STEMMER]
    return analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=chain)


def index_settings(themes) -> dict:
    """The body that creates one versioned index: settings with analysis, and the strict mapping."""
    analysis: dict = {}
    for part in (KB_ENGLISH, search_analyzer(themes), LOWERCASE):
        for section, definitions in part.get_analysis_definition().items():
            analysis.setdefault(section, {}).update(definitions)
    return {
        "settings": {"number_of_shards": 1, "analysis": analysis},
        "mappings": HitDocument._doc_type.mapping.to_dict(),
    }


def to_source(doc: SearchDocument) -> dict:
    """The indexed _source of one document: its searchable and filterable fields, and the whole document."""
    data = doc.to_dict()
    source = {name: data[name] for name in COPIED_FIELDS}
    return {**source, "title": doc.indexed_title, "year": doc.year, "payload": data}


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
    must = [compile_part(p) for p in query.must]
    must_not = [compile_part(p) for p in query.must_not]
    if not must_not:
        return must[0] if len(must) == 1 else {"bool": {"must": must}} if must else {"match_all": {}}
    return {"bool": {"must": must or [{"match_all": {}}], "must_not": must_not}}


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
    if query.must and request.sort == "relevance":
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
        "highlight_query": compile_query(Query(must=list(query.must))),
    }


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
    return body


def similar_query(alias: str, page_id: int, themes: list[str], limit: int, now: datetime.datetime) -> dict:
    """Other live reviews sharing this review's themes (one point each) or its wording, best first."""
    shared = [{"constant_score": {"filter": {"term": {"themes": slug}}, "boost": 1.0}} for slug in themes]
    like = {
        "more_like_this": {
            "fields": ["title", "summary", "theme_names"],
            "like": [{"_index": alias, "_id": f"review:{page_id}"}],
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 25,
            "boost": 0.5,
        }
    }
    return {
        "query": {
            "bool": {
                "filter": [{"term": {"kind": "review"}}, not_expired(now)],
                "must_not": [{"term": {"page_id": page_id}}],
                "should": [*shared, like],
                "minimum_should_match": 1,
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *NEWEST[:2]],
        "size": limit,
        "_source": ["page_id"],
    }


# ---- reading responses ------------------------------------------------------------------------------


def read_facets(aggregations: dict) -> dict[str, list[tuple[str, int]]]:
    """Facet buckets as (value, count) pairs, ordered as the embedded engine orders them."""
    facets = {}
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("buckets", [])
        values = [(str(b["key"]), b["doc_count"]) for b in buckets if str(b["key"])]
        if name == "year":
            values.sort(key=lambda item: item[0], reverse=True)
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
        facets[name] = values
    return facets


def read_hit(raw: dict) -> Hit:
    """One hit: the stored document, its first highlighted fragment (or its own opening), its score."""
    document = SearchDocument.from_dict(raw["_source"]["payload"])
    highlight = raw.get("highlight") or {}
    fragments = [(highlight[f][0], f) for f in SNIPPET_FIELDS if highlight.get(f)]
    snippet, field = fragments[0] if fragments else (plain_snippet(document), None)
    hit = Hit(document, snippet, float(raw.get("_score") or 0.0))
    if field == "report":
        hit.report_page = page_of(html.unescape(snippet), document.report, ("<mark>", "</mark>"))
    return hit


def read_response(raw: dict) -> SearchResponse:
    """A SearchResponse from a raw search answer."""
    total = raw["hits"]["total"]
    return SearchResponse(
        hits=[read_hit(h) for h in raw["hits"]["hits"]],
        total=total["value"] if isinstance(total, dict) else int(total),
        facets=read_facets(raw.get("aggregations") or {}),
    )


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _safe_url(url: str) -> str:
    """The URL without any user name or password, for messages."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))


def _theme_rows() -> list[tuple[str, str, list[str]]]:
    """(slug, name, synonyms) for every theme in the database."""
    from kb.models import Theme

    return [(t.slug, t.name, t.synonym_list) for t in Theme.objects.only("slug", "name", "synonyms")]


# ---- the engine -------------------------------------------------------------------------------------


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "kb", themes=None, timeout: float = REQUEST_TIMEOUT):
        self.url = url
        self.timeout = timeout
        self.alias = f"{prefix}-hits".lower()
        self._themes = themes  # (slug, name, synonyms) rows, or None to read the Theme table
        self._client: Elasticsearch | None = None

    @property
    def client(self) -> Elasticsearch:
        """The client, created on first use with a short timeout and no retries."""
        if self._client is None:
            try:
                self._client = Elasticsearch(
                    self.url, request_timeout=self.timeout, retry_on_timeout=False, max_retries=0
                )
            except ValueError as error:  # for example a URL without a port
                raise SearchUnavailable(f"ELASTICSEARCH_URL {_safe_url(self.url)} is not usable: {error}") from error
        return self._client

    @property
    def _slow(self) -> Elasticsearch:
        """The client with the longer timeout that bulk and by-query writes need."""
        return self.client.options(request_timeout=BULK_TIMEOUT)

    @contextmanager
    def _guard(self, action: str):
        """Turn transport and server errors into SearchUnavailable with a message saying what failed."""
        try:
            yield
        except (ApiError, TransportError) as error:
            detail = (str(error) if isinstance(error, ApiError) else str(error.message))[:300]
            raise SearchUnavailable(f"Elasticsearch at {_safe_url(self.url)} could not {action}: {detail}") from error

    # ---- index lifecycle -----------------------------------------------------------------------------

    def _new_version(self, name: str = "", **extra) -> str:
        """Create an empty versioned index (named by the time unless named) and return its name."""
        name = name or f"{self.alias}-v{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
        themes = _theme_rows() if self._themes is None else self._themes
        self._slow.indices.create(index=name, **index_settings(themes), **extra)
        return name

    def _aliased(self) -> list[str]:
        """The indexes the alias points at now."""
        try:
            return list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def ensure_index(self) -> str:
        """The alias, after creating a first version already behind it if there is none.

        The first version has a fixed name, so when two processes race to create it only one can.
        """
        with self._guard("create its index"):
            if self.client.indices.exists_alias(name=self.alias):
                return self.alias
            first = f"{self.alias}-v0"
            try:
                self._new_version(first, aliases={self.alias: {}})
            except BadRequestError as error:
                if error.error != "resource_already_exists_exception":
                    raise
                self.client.indices.put_alias(index=first, name=self.alias)
        return self.alias

    def rebuild(self, batches) -> None:
        """Fill a new versioned index, swap the alias to it in one step, then drop the old versions."""
        with self._guard("rebuild the index"):
            name = self._new_version()
            try:
                for batch in batches:
                    self._bulk(name, [doc for docs in batch.values() for doc in docs])
                self._slow.indices.refresh(index=name)
            except BaseException:
                with suppress(ApiError, TransportError):
                    self._slow.indices.delete(index=name)
                raise
            removals = [{"remove": {"index": old, "alias": self.alias}} for old in self._aliased()]
            add = {"add": {"index": name, "alias": self.alias}}
            self.client.indices.update_aliases(actions=[*removals, add])
            self._drop_versions(keep=name)

    def _drop_versions(self, keep: str) -> None:
        """Delete every versioned index but this one."""
        old = [index for index in self.client.indices.get(index=f"{self.alias}-v*") if index != keep]
        if old:
            self._slow.indices.delete(index=",".join(old))

    # ---- writing -------------------------------------------------------------------------------------

    def _bulk(self, index: str, documents: list[SearchDocument], refresh=False) -> None:
        """Index these documents (by key, so re-indexing replaces) into an index or the alias."""
        if not documents:
            return
        actions = ({"_index": index, "_id": doc.key, "_source": to_source(doc)} for doc in documents)
        helpers.bulk(self._slow, actions, chunk_size=500, refresh=refresh)

    def _delete_where(self, query: dict) -> None:
        """Delete the documents matching a query, visible to searches at once."""
        self._slow.delete_by_query(index=self.alias, query=query, refresh=True, conflicts="proceed")

    def replace_pages(self, documents_by_page: dict[int, list[SearchDocument]]) -> None:
        """Write the new documents first, then delete the pages' documents that are no longer among them."""
        self.ensure_index()
        with self._guard("update the index"):
            documents = [doc for docs in documents_by_page.values() for doc in docs]
            self._bulk(self.alias, documents, refresh="wait_for")
            keys = [doc.key for doc in documents]
            for pages in _chunks(list(documents_by_page)):
                pages_filter = [{"terms": {"page_id": pages}}]
                self._delete_where({"bool": {"filter": pages_filter, "must_not": [{"ids": {"values": keys}}]}})

    def remove_pages(self, page_ids: list[int]) -> None:
        self.ensure_index()
        with self._guard("remove pages from the index"):
            for pages in _chunks(list(page_ids)):
                self._delete_where({"terms": {"page_id": pages}})

    def clear(self) -> None:
        self.ensure_index()
        with self._guard("clear the index"):
            self._delete_where({"match_all": {}})

    # ---- reading -------------------------------------------------------------------------------------

    def _search(self, body: dict) -> dict | None:
        """A raw search through the alias; None when there is no index yet."""
        try:
            return self.client.search(index=self.alias, body=body)
        except NotFoundError:
            return None

    def indexed_page_ids(self) -> set[int]:
        pages: set[int] = set()
        after = None
        with self._guard("list indexed pages"):
            while True:
                composite = {"size": CHUNK, "sources": [{"page_id": {"terms": {"field": "page_id"}}}]}
                if after:
                    composite["after"] = after
                raw = self._search({"size": 0, "aggs": {"pages": {"composite": composite}}})
                result = (raw or {}).get("aggregations", {}).get("pages", {})
                pages.update(b["key"]["page_id"] for b in result.get("buckets", []))
                after = result.get("after_key")
                if not after or not result.get("buckets"):
                    return pages

    def count(self) -> dict[str, int]:
        with self._guard("count documents"):
            raw = self._search({"size": 0, "aggs": {"kind": {"terms": {"field": "kind", "size": 50}}}})
        buckets = (raw or {}).get("aggregations", {}).get("kind", {}).get("buckets", [])
        return {b["key"]: b["doc_count"] for b in buckets}

    def search(self, request: SearchRequest, query: Query) -> SearchResponse:
        now = datetime.datetime.now(datetime.UTC)
        with self._guard("search"):
            raw = self._search(build_search(request, query, now, PendingUpdate.hidden_page_ids()))
        if raw is None:
            return SearchResponse(hits=[], total=0, facets={name: [] for name in FACETS})
        return read_response(raw)

    def similar(self, page_id: int, limit: int = 5) -> list[int]:
        now = datetime.datetime.now(datetime.UTC)
        with self._guard("find similar reviews"):
            try:
                found = self.client.get(index=self.alias, id=f"review:{page_id}", source_includes=["themes"])
            except NotFoundError:
                return []
            themes = found["_source"].get("themes") or []
            raw = self._search(similar_query(self.alias, page_id, themes, limit, now))
        return [hit["_source"]["page_id"] for hit in (raw or {}).get("hits", {}).get("hits", [])]
