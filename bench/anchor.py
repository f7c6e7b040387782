"""The anchor column (issue #14): the same searches as an inverted index answers them at best, over the same
documents, with no product code around it.

Tantivy is driven directly: a schema of its own (the five text fields with positions, exact-value fields for the
five facets, the year, a newest-first key), the same kind of analysis as the product (words, lower case, accents
folded, English stems), and one query per request, compiled here from the parsed query tree before timing starts
(the tree is data: the words, phrases and theme phrasings the request means). A timed search is what an index
does at best for the page: the top 20 (by BM25, or newest first when there are no words) and, in one
aggregation on a second thread beside it (Tantivy lets the GIL go; the product's engine does the same), every
facet's exact counts, whose `kind` counts add up to the exact total. Nothing is loaded,
highlighted or turned into results.
"""

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tantivy
from tantivy import Document, FieldType, Filter, Occur, Order, SchemaBuilder, TextAnalyzerBuilder, Tokenizer
from tantivy import Query as TQ

TEXT_FIELDS = {"title": 10.0, "text": 6.0, "summary": 3.0, "report": 1.0, "theme_names": 2.0}
TAG_BOOST = 2.0
FACETS = {"kind": "kind", "type": "review_type", "year": "year", "theme": "themes", "agency": "agencies"}
TOKENIZER = "anchor_en"
WRITER_HEAP = 64_000_000


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(40))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer("english"))
        .build()
    )


ANALYZER = _analyzer()


def _schema() -> tantivy.Schema:
    builder = SchemaBuilder()
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    for name in ("kind", "review_type", "themes", "agencies"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("newest", fast=True)
    return builder.build()


SCHEMA = _schema()


class Anchor:
    """A Tantivy index of its own in `path`, filled from the product's search documents, and its searches."""

    def __init__(self, path: Path):
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        self.index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
        self.index.register_tokenizer(TOKENIZER, ANALYZER)
        self.writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        self.searcher = None
        self.count = 0
        self.helper = ThreadPoolExecutor(1, thread_name_prefix="anchor")

    def add(self, document) -> None:
        """One search document (a review, finding or recommendation) as the anchor indexes it."""
        doc = Document()
        title = document.title if document.kind in ("review", "learning") else ""
        for name, value in (
            ("title", title),
            ("text", document.text),
            ("summary", document.summary),
            ("report", document.report),
            ("theme_names", " ".join(document.theme_names)),
            ("kind", document.kind),
        ):
            doc.add_text(name, value)
        if document.review_type:
            doc.add_text("review_type", document.review_type)
        for slug in document.themes:
            doc.add_text("themes", slug)
        for name in document.agencies:
            doc.add_text("agencies", name)
        if document.published:
            doc.add_integer("year", document.published.year)
        day = document.published.toordinal() if document.published else 0
        doc.add_integer("newest", (day << 32) | document.page_id)
        self.writer.add_document(doc)
        self.count += 1

    def finish(self) -> None:
        """Commit, merge what the writer left and open a searcher on the whole index."""
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.writer = None
        self.index.reload()
        self.searcher = self.index.searcher()

    # ---- queries, compiled before timing --------------------------------------------------------------------

    def _words(self, text: str) -> TQ:
        tokens = ANALYZER.analyze(text)
        if not tokens:
            return TQ.empty_query()
        per_field = []
        for field, boost in TEXT_FIELDS.items():
            inner = (
                TQ.term_query(SCHEMA, field, tokens[0]) if len(tokens) == 1 else TQ.phrase_query(SCHEMA, field, tokens)
            )
            per_field.append((Occur.Should, TQ.boost_query(inner, boost)))
        return TQ.boolean_query(per_field)

    def _part(self, part) -> TQ:
        kind = type(part).__name__
        if kind in ("Term", "Phrase"):
            return self._words(part.text)
        if kind == "ThemeMatch":
            options = [self._words(text) for text in dict.fromkeys((part.original, *part.phrasings))]
            options.append(TQ.boost_query(TQ.term_query(SCHEMA, "themes", part.slug), TAG_BOOST))
            return TQ.boolean_query([(Occur.Should, q) for q in options])
        if kind == "AnyOf":
            return TQ.boolean_query([(Occur.Should, self._part(p)) for p in part.parts])
        raise TypeError(f"unknown query part {part!r}")

    def compile(self, request, tree) -> tuple[TQ, bool]:
        """(the request as one Tantivy query, whether it has words to rank by)."""
        clauses = [(Occur.Must, self._part(p)) for p in tree.must] or [(Occur.Must, TQ.all_query())]
        clauses += [(Occur.MustNot, self._part(p)) for p in tree.must_not]

        def keep(query):
            clauses.append((Occur.Must, TQ.const_score_query(query, 0.0)))

        for slug in request.themes:
            keep(TQ.term_query(SCHEMA, "themes", slug))
        for field, values in (("kind", request.kinds), ("review_type", request.types)):
            if values:
                keep(TQ.term_set_query(SCHEMA, field, list(values)))
        if request.year_from or request.year_to:
            keep(TQ.range_query(SCHEMA, "year", FieldType.Integer, request.year_from, request.year_to))
        return TQ.boolean_query(clauses), bool(tree.must)

    # ---- the timed part --------------------------------------------------------------------------------------

    def search(self, compiled: tuple[TQ, bool], size: int = 20) -> int:
        """Top `size` addresses and every facet's exact counts; returns the total (the sum of the kind counts)."""
        query, ranked = compiled
        aggregations = {name: {"terms": {"field": field, "size": 10_000}} for name, field in FACETS.items()}
        counting = self.helper.submit(self.searcher.aggregate, query, aggregations)  # beside the top hits, as ours
        if ranked:
            self.searcher.search(query, size, count=False)
        else:
            self.searcher.search(query, size, count=False, order_by_field="newest", order=Order.Desc)
        return sum(bucket["doc_count"] for bucket in counting.result()["kind"]["buckets"])
