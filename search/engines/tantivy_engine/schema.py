"""What a Tantivy index holds: the analyzer, the schema, and one SearchDocument as a Tantivy document."""

import datetime
import hashlib
import json

import tantivy
from tantivy import Document, Filter, SchemaBuilder, TextAnalyzerBuilder, Tokenizer

from ...documents import SearchDocument


def vector_key(document_key: str) -> int:
    """A document key ("finding:12") as the 63-bit integer the vector index and the vkey field hold."""
    return int.from_bytes(hashlib.sha1(document_key.encode()).digest()[:8], "big") >> 1


# Bump whenever the schema, the analyzer or what to_document writes changes: an index written by another
# version is refused with a message asking for `manage.py reindex` (store.py).
SCHEMA_VERSION = 2  # 2: vkey (meaning vectors) and spell (spelling vocabulary)
TOKENIZER = "kb_en"  # registered on every Index opened, in every process: Tantivy does not save analyzers
# Searchable text fields and their weights, title above text above summary above report.
BOOSTS = {"title": 10.0, "text": 6.0, "summary": 3.0, "report": 1.0, "theme_names": 2.0}
TAG_BOOST = 2.0  # "tagged with the theme" (a ThemeMatch)
SNIPPET_FIELDS = ("text", "summary", "report")
# Exact-value fields (one untokenized term per value). Fast fields can be aggregated (facets) and sorted.
KEYWORDS = ("key", "kind", "review_type", "themes", "agencies", "agency_lc", "partnership_lc", "age_band", "status")
FAST_KEYWORDS = ("kind", "review_type", "themes", "agencies")
MAX_TOKEN_BYTES = 40  # longer "words" (URLs, hashes) are not indexed, as Tantivy's default analyzer does

# The newest-first order (published desc, page id desc, key asc) packed into one integer sorted descending:
# the publication day, then the page id, then the key's rank among the page's documents, reversed.
DAY_BITS, PAGE_BITS, RANK_BITS = 20, 31, 12


def analyzer() -> tantivy.TextAnalyzer:
    """Words split at non-alphanumerics, lower-cased, accents folded, English (Snowball) stems; no stop words,
    so quoted phrases keep their 'of' and 'the'."""
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer("english"))
        .build()
    )


ANALYZER = analyzer()


def build_schema() -> tantivy.Schema:
    """Text fields with positions (for phrases), exact-value fields, numbers, dates and the stored document."""
    builder = SchemaBuilder()
    for name in BOOSTS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    for name in KEYWORDS:
        builder.add_text_field(name, fast=name in FAST_KEYWORDS, tokenizer_name="raw", index_option="basic")
    # The words as written (lower-cased, not stemmed): the vocabulary spelling suggestions come from.
    builder.add_text_field("spell", tokenizer_name="default", index_option="basic")
    builder.add_integer_field("page_id", indexed=True, fast=True)
    builder.add_integer_field("vkey", indexed=True)  # the key of the document's meaning vector (vectors.py)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("newest", fast=True)
    builder.add_date_field("expire_at", indexed=True, fast=True)
    builder.add_bytes_field("payload", stored=True)  # the whole SearchDocument, for showing results
    return builder.build()


SCHEMA = build_schema()


def newest_key(document: SearchDocument, rank: int) -> int:
    """The document's place in newest-first order; rank is its key's place among its page's keys."""
    if not 0 <= document.page_id < 1 << PAGE_BITS:
        raise ValueError(f"page id {document.page_id} does not fit the index's sort key")
    if rank >= 1 << RANK_BITS:
        raise ValueError(f"page {document.page_id} has more than {1 << RANK_BITS} documents")
    day = document.published.toordinal() if document.published else 0  # no date: last
    return (day << (PAGE_BITS + RANK_BITS)) | (document.page_id << RANK_BITS) | ((1 << RANK_BITS) - 1 - rank)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """An aware datetime in UTC (Tantivy stores UTC instants); a naive one is taken as UTC already."""
    return moment.astimezone(datetime.UTC) if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def to_document(document: SearchDocument, rank: int) -> Document:
    """One SearchDocument as Tantivy indexes it."""
    doc = Document()
    doc.add_text("title", document.indexed_title)
    doc.add_text("text", document.text)
    doc.add_text("summary", document.summary)
    doc.add_text("report", document.report)
    doc.add_text("theme_names", " ".join(document.theme_names))  # one string
    doc.add_text("key", document.key)
    doc.add_text("kind", document.kind)
    for slug in document.themes:
        doc.add_text("themes", slug)
    for name in document.agencies:
        doc.add_text("agencies", name)
        doc.add_text("agency_lc", name.lower())
    for field, value in (
        ("review_type", document.review_type),
        ("partnership_lc", document.partnership.lower()),
        ("age_band", document.age_band),
        ("status", document.status),
    ):
        if value:  # an empty value is no value: no facet bucket, no filter match
            doc.add_text(field, value)
    doc.add_text("spell", " ".join((document.indexed_title, document.text, document.summary)))
    doc.add_integer("page_id", document.page_id)
    doc.add_integer("vkey", vector_key(document.key))
    if document.year:
        doc.add_integer("year", document.year)
    if document.expire_at:
        doc.add_date("expire_at", _utc(document.expire_at))
    doc.add_integer("newest", newest_key(document, rank))
    doc.add_bytes("payload", json.dumps(document.to_dict(), separators=(",", ":")).encode())
    return doc


def page_documents(documents: list[SearchDocument]) -> list[Document]:
    """One page's documents, each ranked by its key so that newest-first order breaks ties by key."""
    ranks = {key: rank for rank, key in enumerate(sorted(doc.key for doc in documents))}
    return [to_document(doc, ranks[doc.key]) for doc in documents]


def from_payload(payload: bytes) -> SearchDocument:
    """The SearchDocument stored with a hit."""
    return SearchDocument.from_dict(json.loads(payload))
