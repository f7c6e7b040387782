"""The embedded Tantivy engine: an inverted index on disk beside the database, BM25 with field weights, exact
facets by aggregation, highlighted snippets."""

import datetime
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from tantivy import Document, FieldType, Occur, Order, SnippetGenerator
from tantivy import Query as TQ

from kb.text import page_of

from ...documents import MARK_END, MARK_START, SearchDocument
from ...models import PendingUpdate
from ...query import Query
from ...request import SearchRequest
from ...semantic import enabled as meaning_enabled
from ...semantic import kept_vectors
from ...snippets import plain_snippet, render_snippet
from ..base import FACETS, Hit, SearchEngine, SearchResponse, SearchUnavailable, Spelling, facet_order
from .compiler import compile_search, restricted, similar_query
from .schema import SCHEMA, SNIPPET_FIELDS, from_payload, page_documents, vector_key
from .spelling import spelling_of, vocabulary
from .store import IndexStore

VECTORS_FILE = "vectors.usearch"  # tantivy_engine/vectors.py's file, named here so clearing needs no numpy
FACET_FIELDS = {"theme": "themes", "type": "review_type", "kind": "kind", "year": "year", "agency": "agencies"}
FACET_SIZE = 10_000  # more than any facet's number of values, so every count is exact (checked per search)
BUCKET_LIMIT = 60_000  # Tantivy refuses aggregations of more than 65,000 buckets
SNIPPET_CHARS = 200
ELLIPSIS = "…"


_helpers: dict[int, ThreadPoolExecutor] = {}  # by process id: a fork does not take threads with it
_helpers_lock = threading.Lock()


def side_by_side(function, *args) -> Future:
    """Start function(*args) on a helper thread of this process, for work that lets the GIL go (Tantivy's)."""
    with _helpers_lock:
        helpers = _helpers.get(os.getpid())
        if helpers is None:
            helpers = _helpers[os.getpid()] = ThreadPoolExecutor(os.cpu_count() or 2, thread_name_prefix="kb-search")
    return helpers.submit(function, *args)


def _facets(searcher, query: TQ) -> dict[str, list[tuple[str, int]]]:
    """Every facet's counts over all the matches, ordered as the other engines order them. One aggregation: each
    runs the query again (splitting the facets between two threads was slower for phrases, measured)."""
    aggregations = {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()}
    result = searcher.aggregate(query, aggregations)
    facets = {}
    for name in FACETS:
        answer = result[name]
        if answer.get("sum_other_doc_count") or answer.get("doc_count_error_upper_bound"):
            raise SearchUnavailable(f"the {name} facet has more than {FACET_SIZE} values: its counts would be inexact")
        values = [(str(int(b["key"]) if name == "year" else b["key"]), b["doc_count"]) for b in answer["buckets"]]
        facets[name] = facet_order(name, values)
    return facets


def _ranked(searcher, query: TQ, offset: int, size: int) -> list:
    """The addresses of hits offset..offset+size by score, equal scores newest first (as Elasticsearch
    order them). Tantivy breaks ties by index position, so enough hits are fetched to hold every hit that ties
    with the last one wanted, then sorted here. Needs no total, so it can run beside the facet counts."""
    wanted, everything = offset + size, searcher.num_docs
    limit = min(2 * wanted, everything)
    while True:
        hits = searcher.search(query, limit, count=False).hits if limit else []  # a limit of 0 panics
        if len(hits) < limit or limit >= everything or hits[-1][0] < hits[wanted - 1][0]:
            break
        limit = min(everything, limit * 4)
    newest = searcher.fast_field_values("newest", [address for _, address in hits])
    order = sorted(zip(hits, newest, strict=True), key=lambda item: (-item[0][0], -item[1]))
    return [(score, address) for (score, address), _ in order[offset:wanted]]


def _newest(searcher, query: TQ, offset: int, size: int) -> list:
    """The addresses of hits offset..offset+size newest first, with no score."""
    hits = searcher.search(query, size, count=False, order_by_field="newest", offset=offset, order=Order.Desc).hits
    return [(0.0, address) for _, address in hits]


def _marked(snippet, text: str) -> str:
    """A snippet's fragment with the highlight markers (documents.MARK_START/END) around each match and an
    ellipsis where it was cut. Tantivy gives byte offsets, so the slicing is done on UTF-8."""
    fragment = snippet.fragment().encode()
    pieces, position = [], 0
    for match in snippet.highlighted():
        pieces += [fragment[position : match.start], MARK_START.encode(), fragment[match.start : match.end]]
        pieces.append(MARK_END.encode())
        position = match.end
    pieces.append(fragment[position:])
    marked = b"".join(pieces).decode().strip()
    span = snippet.fragment_range()
    before, after = text.encode()[: span.start].strip(), text.encode()[span.end :].strip()
    return (ELLIPSIS if before else "") + marked + (ELLIPSIS if after else "")


class Snippets:
    """Highlighted snippets of one query, from the first of text, summary and report that it matched."""

    def __init__(self, searcher, query: TQ | None):
        self.generators = {}
        if query is not None:
            for field in SNIPPET_FIELDS:
                generator = SnippetGenerator.create(searcher, query, SCHEMA, field)
                generator.set_max_num_chars(SNIPPET_CHARS)
                self.generators[field] = generator

    def hit(self, document: SearchDocument, score: float) -> Hit:
        """The hit with its snippet (the plain opening when no words matched in those fields)."""
        for field, generator in self.generators.items():
            text = getattr(document, field)
            if not text:
                continue
            snippet = generator.snippet_from_doc(Document(**{field: text}))
            if snippet.highlighted():
                raw = _marked(snippet, text)
                hit = Hit(document, render_snippet(raw), score)
                if field == "report":
                    hit.report_page = page_of(raw, document.report, (MARK_START, MARK_END))
                return hit
        return Hit(document, plain_snippet(document), score)


def _mark_related(searcher, words_only: TQ | None, hits: list[Hit]) -> None:
    """Mark the hits that none of the query's words matched: found by meaning alone, shown with a plain snippet."""
    if not hits:
        return
    by_words = set()
    if words_only is not None:
        keys = [hit.document.key for hit in hits]
        on_page = TQ.boolean_query(
            [(Occur.Must, words_only), (Occur.Must, TQ.const_score_query(TQ.term_set_query(SCHEMA, "key", keys), 0.0))]
        )
        found = searcher.search(on_page, len(keys), count=False).hits
        by_words = {from_payload(searcher.doc(address).get_first("payload")).key for _, address in found}
    for hit in hits:
        if hit.document.key not in by_words:
            hit.by_meaning = True
            hit.snippet = plain_snippet(hit.document)
            hit.report_page = None


class TantivyEngine(SearchEngine):
    name = "tantivy"

    def __init__(self, root: Path | str, write_wait: float = 5.0):
        self.store = IndexStore(Path(root), write_wait)

    def __repr__(self) -> str:
        return f"TantivyEngine({str(self.store.root)!r})"

    # ---- writing -------------------------------------------------------------------------------------

    def replace_pages(self, documents_by_page: dict[int, list[SearchDocument]]) -> None:
        """Delete the pages' documents and add their new ones; both are seen together, in one commit. Their
        meaning vectors follow: the old ones removed, the kept ones of the new texts added."""
        documents = [doc for docs in documents_by_page.values() for doc in docs]
        with self.store.writer() as writer:
            old = self._vector_keys_of(list(documents_by_page))
            for page_id, page_docs in documents_by_page.items():
                writer.delete_documents_by_term("page_id", page_id)
                for doc in page_documents(page_docs):
                    writer.add_document(doc)
            if meaning_enabled():
                self._vectors().edit(old, {vector_key(k): v for k, v in kept_vectors(documents).items()})

    def remove_pages(self, page_ids: list[int]) -> None:
        with self.store.writer() as writer:
            old = self._vector_keys_of(page_ids)
            for page_id in page_ids:
                writer.delete_documents_by_term("page_id", page_id)
            if old:
                self._vectors().edit(old, {})

    def clear(self) -> None:
        with self.store.writer() as writer:
            writer.delete_all_documents()
            if self.store.current() is not None:
                (self.store.root / self.store.current() / VECTORS_FILE).unlink(missing_ok=True)

    def add_vectors(self, found: dict[str, list[float]]) -> None:
        """Vectors computed after their documents were written (search/indexing.py embed_pages)."""
        if not found:
            return
        with self.store.writer():
            self._vectors().edit([], {vector_key(key): vector for key, vector in found.items()})

    def _vectors(self):
        """The current generation's vectors (call with the index lock held, or for reading)."""
        from .vectors import Vectors  # numpy and usearch: only where meaning is on (search/semantic/__init__.py)

        name = self.store.current()
        if name is None:
            raise SearchUnavailable(f"there is no search index in {self.store.root} yet")
        return Vectors(self.store.root / name)

    def _vector_keys_of(self, page_ids: list[int]) -> list[int]:
        """The vector keys of the documents the index holds for these pages (none to look up with meaning off)."""
        searcher = self._searcher()
        if searcher is None or not page_ids or not meaning_enabled():
            return []
        query = TQ.term_set_query(SCHEMA, "page_id", list(page_ids))
        hits = searcher.search(query, max(1, searcher.num_docs), count=False).hits
        return [vector_key(from_payload(searcher.doc(address).get_first("payload")).key) for _, address in hits]

    def check_writable(self) -> None:
        self.store.check_writable()

    def rebuild(self, batches) -> None:
        """Build a complete new index beside the current one and switch searches to it in one step; the kept
        meaning vectors of its documents are gathered on the way and saved with it."""
        gathered: dict = {}
        with self.store.rebuilding() as writer:
            for batch in batches:
                documents = [doc for docs in batch.values() for doc in docs]
                for docs in batch.values():
                    for doc in page_documents(docs):
                        writer.add_document(doc)
                gathered.update(kept_vectors(documents))
        if meaning_enabled():
            with self.store.locked(self.store.write_wait):
                self._vectors().save_all(gathered)

    # ---- reading -------------------------------------------------------------------------------------

    def _searcher(self):
        """A searcher on everything committed so far, or None when nothing was ever indexed."""
        index = self.store.reader()
        return index.searcher() if index is not None else None

    def indexed_page_ids(self) -> set[int]:
        """Read in ranges of page ids, each small enough for one aggregation."""
        searcher = self._searcher()
        if searcher is None or searcher.num_docs == 0:
            return set()
        top = searcher.search(TQ.all_query(), 1, count=False, order_by_field="page_id", order=Order.Desc).hits
        pages: set[int] = set()
        for low in range(0, top[0][0] + 1, BUCKET_LIMIT):
            within = TQ.range_query(SCHEMA, "page_id", FieldType.Integer, low, low + BUCKET_LIMIT - 1)
            result = searcher.aggregate(within, {"p": {"terms": {"field": "page_id", "size": BUCKET_LIMIT}}})
            pages.update(int(bucket["key"]) for bucket in result["p"]["buckets"])
        return pages

    def count(self) -> dict[str, int]:
        searcher = self._searcher()
        if searcher is None:
            return {}
        result = searcher.aggregate(TQ.all_query(), {"kind": {"terms": {"field": "kind", "size": FACET_SIZE}}})
        return {bucket["key"]: bucket["doc_count"] for bucket in result["kind"]["buckets"]}

    def search(self, request: SearchRequest, query: Query) -> SearchResponse:
        searcher = self._searcher()
        if searcher is None:
            return SearchResponse(hits=[], total=0, facets={name: [] for name in FACETS})
        now = datetime.datetime.now(datetime.UTC)
        hidden = PendingUpdate.hidden_page_ids()
        whole, ranked, counted = compile_search(request, query, now, hidden)
        counting = side_by_side(_facets, searcher, counted)  # Tantivy lets the GIL go: two cores, one search
        if (ranked is not None or query.related) and request.sort == "relevance":
            page = _ranked(searcher, whole, request.offset, request.page_size)
        else:
            page = _newest(searcher, counted, request.offset, request.page_size)
        facets = counting.result()
        total = sum(count for _, count in facets["kind"])  # every document has exactly one kind
        snippets = Snippets(searcher, ranked)
        hits = [
            snippets.hit(from_payload(searcher.doc(address).get_first("payload")), score) for score, address in page
        ]
        word_total = None
        if query.related:
            words_only = restricted(ranked, request, query, now, hidden) if ranked is not None else None
            word_total = searcher.search(words_only, 1, count=True).count if words_only is not None else 0
            _mark_related(searcher, words_only, hits)
        return SearchResponse(hits=hits, total=total, facets=facets, word_total=word_total)

    def nearest(self, vector, limit: int) -> list[tuple[str, float]]:
        """Document keys nearest in meaning, from the vector index, looked up in the text index."""
        searcher = self._searcher()
        if searcher is None:
            return []
        found = self._vectors().nearest(vector, limit)
        if not found:
            return []
        similarity = dict(found)
        hits = searcher.search(TQ.term_set_query(SCHEMA, "vkey", list(similarity)), len(found), count=False).hits
        keys = {}
        for _, address in hits:
            document = from_payload(searcher.doc(address).get_first("payload"))
            keys[document.key] = similarity[vector_key(document.key)]
        return sorted(keys.items(), key=lambda item: -item[1])

    def spelling(self, words: list[str]) -> dict[str, Spelling]:
        searcher = self._searcher()
        if searcher is None:
            return super().spelling(words)
        return spelling_of(words, vocabulary(searcher, self.store.current()))

    def similar(self, page_id: int, limit: int = 5) -> list[int]:
        """Reviews sharing the most themes, then the most words of the title, then the newest."""
        searcher = self._searcher()
        if searcher is None:
            return []
        found = searcher.search(TQ.term_query(SCHEMA, "key", f"review:{page_id}"), 1, count=False).hits
        if not found:
            return []
        review = from_payload(searcher.doc(found[0][1]).get_first("payload"))
        if not review.themes:
            return []
        now = datetime.datetime.now(datetime.UTC)
        query = similar_query(page_id, review.themes, review.review_title, now, PendingUpdate.hidden_page_ids())
        hits = _ranked(searcher, query, 0, limit)
        return [from_payload(searcher.doc(address).get_first("payload")).page_id for _, address in hits]
