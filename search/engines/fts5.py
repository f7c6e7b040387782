"""The embedded engine: SQLite FTS5 in the project database, porter stemming, bm25 with field weights."""

import html
import json

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from reviews.reports import page_of

from ..documents import MARK_END, MARK_START, SearchDocument
from ..models import Entry, EntryAgency, EntryTheme
from ..query import AnyOf, Phrase, Query, Term, ThemeMatch
from ..request import SearchRequest
from .base import Hit, SearchEngine, SearchResponse

# bm25 weights, one per FTS column: title above finding/recommendation text, above summary, above report.
COLUMNS = ("title", "text", "summary", "report", "themes", "tags")
WEIGHTS = (10.0, 6.0, 3.0, 1.0, 2.0, 2.0)
SNIPPET_COLUMNS = (1, 2, 3)  # text, summary, report: the columns a snippet is worth showing from
REPORT_COLUMN = 3
SNIPPET_TOKENS = 28
CHUNK = 500


def theme_token(slug: str) -> str:
    """A single token standing for 'tagged with this theme' in the tags column."""
    return "kbtheme" + slug.replace("-", "")


def _string(text: str) -> str:
    """An FTS5 string literal: whatever the user typed can only ever be words to match, never syntax."""
    return '"' + text.replace('"', '""') + '"'


def compile_part(part) -> str:
    """One query part as FTS5 query syntax."""
    if isinstance(part, (Term, Phrase)):
        return _string(part.text)
    if isinstance(part, ThemeMatch):
        options = [_string(text) for text in dict.fromkeys((part.original, *part.phrasings))]
        options.append(f"tags : {_string(theme_token(part.slug))}")
        return "(" + " OR ".join(options) + ")"
    if isinstance(part, AnyOf):
        return "(" + " OR ".join(compile_part(p) for p in part.parts) + ")"
    raise TypeError(f"unknown query part {part!r}")


def compile_match(query: Query) -> tuple[str | None, str | None]:
    """(positive MATCH expression, excluded MATCH expression); either may be None."""
    positive = " AND ".join(compile_part(p) for p in query.must) or None
    negative = " OR ".join(compile_part(p) for p in query.must_not) or None
    return positive, negative


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def render_snippet(raw: str) -> str:
    """Escape everything, then turn the engine's markers into <mark> elements."""
    return html.escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def plain_snippet(document: SearchDocument, length: int = 220) -> str:
    """The start of the hit's own text, escaped, for browsing and for hits matched only by theme."""
    text = " ".join((document.text or document.summary or document.report).split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + " …"
    return html.escape(text)


class FTS5Engine(SearchEngine):
    name = "fts5"

    # ---- writing -------------------------------------------------------------------------------------

    def replace_pages(self, documents_by_page: dict[int, list[SearchDocument]]) -> None:
        with transaction.atomic():
            self.remove_pages(list(documents_by_page))
            self._insert([doc for docs in documents_by_page.values() for doc in docs])

    def remove_pages(self, page_ids: list[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for chunk in _chunks(list(page_ids)):
                marks = _placeholders(chunk)
                entries = f"SELECT id FROM kbsearch_entry WHERE page_id IN ({marks})"
                cursor.execute(f"DELETE FROM kbsearch_fts WHERE rowid IN ({entries})", chunk)
                cursor.execute(f"DELETE FROM kbsearch_entrytheme WHERE entry_id IN ({entries})", chunk)
                cursor.execute(f"DELETE FROM kbsearch_entryagency WHERE entry_id IN ({entries})", chunk)
                cursor.execute(f"DELETE FROM kbsearch_entry WHERE page_id IN ({marks})", chunk)

    def rebuild(self, batches) -> None:
        """Rebuild in one transaction, so searches see the old index until the new one is complete."""
        with transaction.atomic():
            super().rebuild(batches)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in ("kbsearch_fts", "kbsearch_entrytheme", "kbsearch_entryagency", "kbsearch_entry"):
                cursor.execute(f"DELETE FROM {table}")

    def _insert(self, documents: list[SearchDocument]) -> None:
        for chunk in _chunks(documents):
            entries = Entry.objects.bulk_create(
                [
                    Entry(
                        key=doc.key,
                        page_id=doc.page_id,
                        kind=doc.kind,
                        review_type=doc.review_type,
                        year=doc.year,
                        published=doc.published,
                        partnership=doc.partnership,
                        age_band=doc.age_band,
                        status=doc.status,
                        expire_at=doc.expire_at,
                        document=doc.to_dict(),
                    )
                    for doc in chunk
                ]
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO kbsearch_fts (rowid, {', '.join(COLUMNS)}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        (
                            entry.id,
                            doc.indexed_title,
                            doc.text,
                            doc.summary,
                            doc.report,
                            " ".join(doc.theme_names),
                            " ".join(theme_token(slug) for slug in doc.themes),
                        )
                        for entry, doc in zip(entries, chunk)
                    ],
                )
            EntryTheme.objects.bulk_create(
                [
                    EntryTheme(entry_id=e.id, slug=slug)
                    for e, doc in zip(entries, chunk)
                    for slug in doc.themes
                ]
            )
            EntryAgency.objects.bulk_create(
                [
                    EntryAgency(entry_id=e.id, name=name)
                    for e, doc in zip(entries, chunk)
                    for name in doc.agencies
                ]
            )

    # ---- reading -------------------------------------------------------------------------------------

    def indexed_page_ids(self) -> set[int]:
        return set(Entry.objects.values_list("page_id", flat=True).distinct())

    def count(self) -> dict[str, int]:
        rows = Entry.objects.values("kind").order_by("kind").annotate(n=Count("id"))
        return {row["kind"]: row["n"] for row in rows}

    def search(self, request: SearchRequest, query: Query) -> SearchResponse:
        positive, negative = compile_match(query)
        source, where, params = self._where(request, positive, negative)
        facets, total = self._facets(source, where, params)
        rows = self._page(request, source, where, params, ranked=positive is not None)
        snippets = self._snippets(positive, [row[0] for row in rows]) if positive else {}
        hits = []
        for entry_id, document_json, rank in rows:
            document = SearchDocument.from_dict(json.loads(document_json))
            snippet, column = snippets.get(entry_id, (None, None))
            hit = Hit(document, render_snippet(snippet) if snippet else plain_snippet(document), -float(rank or 0))
            if column == REPORT_COLUMN:
                hit.report_page = page_of(snippet, document.report, (MARK_START, MARK_END))
            hits.append(hit)
        return SearchResponse(hits=hits, total=total, facets=facets)

    def _where(self, request: SearchRequest, positive, negative) -> tuple[str, list[str], list]:
        """The FROM source, WHERE clauses and parameters shared by the facet and page queries."""
        where, params = [], []
        if positive:
            source = "kbsearch_fts JOIN kbsearch_entry e ON e.id = kbsearch_fts.rowid"
            where.append("kbsearch_fts MATCH %s")
            params.append(f"({positive}) NOT ({negative})" if negative else positive)
        else:
            source = "kbsearch_entry e"
            if negative:
                where.append("e.id NOT IN (SELECT rowid FROM kbsearch_fts WHERE kbsearch_fts MATCH %s)")
                params.append(negative)
        where.append("(e.expire_at IS NULL OR e.expire_at > %s)")
        params.append(connection.ops.adapt_datetimefield_value(timezone.now()))
        for column, values in (("kind", request.kinds), ("review_type", request.types)):
            if values:
                where.append(f"e.{column} IN ({_placeholders(values)})")
                params.extend(values)
        for slug in request.themes:
            where.append(
                "EXISTS (SELECT 1 FROM kbsearch_entrytheme t WHERE t.entry_id = e.id AND t.slug = %s)"
            )
            params.append(slug)
        if request.agency:
            where.append(
                "EXISTS (SELECT 1 FROM kbsearch_entryagency a WHERE a.entry_id = e.id AND a.name = %s COLLATE NOCASE)"
            )
            params.append(request.agency)
        for clause, value in (
            ("e.year >= %s", request.year_from),
            ("e.year <= %s", request.year_to),
            ("e.partnership = %s COLLATE NOCASE", request.partnership),
            ("e.age_band = %s", request.age_band),
            ("e.status = %s", request.status),
        ):
            if value:
                where.append(clause)
                params.append(value)
        return source, where, params

    def _facets(self, source: str, where: list[str], params: list) -> tuple[dict, int]:
        """Counts for every facet over the filtered matches, in one statement; the total is the kinds' sum."""
        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT e.id AS id, e.kind AS kind, e.review_type AS review_type, e.year AS year
                FROM {source} WHERE {" AND ".join(where)}
            )
            SELECT 'kind', kind, count(*) FROM m GROUP BY kind
            UNION ALL SELECT 'type', review_type, count(*) FROM m WHERE review_type != '' GROUP BY review_type
            UNION ALL SELECT 'year', year, count(*) FROM m WHERE year IS NOT NULL GROUP BY year
            UNION ALL SELECT 'theme', t.slug, count(*) FROM m JOIN kbsearch_entrytheme t ON t.entry_id = m.id
                GROUP BY t.slug
            UNION ALL SELECT 'agency', a.name, count(*) FROM m JOIN kbsearch_entryagency a ON a.entry_id = m.id
                GROUP BY a.name
        """
        facets: dict[str, list[tuple[str, int]]] = {
            name: [] for name in ("theme", "type", "kind", "year", "agency")
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, count in cursor.fetchall():
                facets[facet].append((str(value), count))
        total = sum(count for _, count in facets["kind"])
        for name, values in facets.items():
            if name == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            else:
                values.sort(key=lambda item: (-item[1], item[0]))
        return facets, total

    def _page(
        self, request: SearchRequest, source: str, where: list[str], params: list, ranked: bool
    ) -> list:
        rank = f"bm25(kbsearch_fts, {', '.join(str(w) for w in WEIGHTS)})" if ranked else "0"
        newest = "e.published IS NULL, e.published DESC, e.page_id DESC, e.id"
        order = f"rank, {newest}" if ranked and request.sort == "relevance" else newest
        sql = (
            f"SELECT e.id, e.document, {rank} AS rank FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, request.page_size, request.offset])
            return cursor.fetchall()

    def _snippets(self, positive: str, entry_ids: list[int]) -> dict[int, tuple[str, int]]:
        """Raw snippets (with markers) and their column, for the hits on this page, from the first column matched."""
        if not entry_ids:
            return {}
        columns = ", ".join(
            f"snippet(kbsearch_fts, {c}, char(2), char(3), '…', {SNIPPET_TOKENS})" for c in SNIPPET_COLUMNS
        )
        sql = (
            f"SELECT rowid, {columns} FROM kbsearch_fts WHERE kbsearch_fts MATCH %s "
            f"AND rowid IN ({_placeholders(entry_ids)})"
        )
        snippets = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [positive, *entry_ids])
            for rowid, *candidates in cursor.fetchall():
                marked = [(c, col) for c, col in zip(candidates, SNIPPET_COLUMNS) if c and MARK_START in c]
                if marked:
                    snippets[rowid] = marked[0]
        return snippets

    def similar(self, page_id: int, limit: int = 5) -> list[int]:
        """Reviews sharing the most themes, then the most words of the title, then the newest."""
        sql = """
            SELECT e.page_id, count(*) AS shared FROM kbsearch_entrytheme t
            JOIN kbsearch_entry e ON e.id = t.entry_id
            WHERE e.kind = 'review' AND e.page_id != %s AND t.slug IN (
                SELECT t2.slug FROM kbsearch_entrytheme t2 JOIN kbsearch_entry e2 ON e2.id = t2.entry_id
                WHERE e2.key = %s)
              AND (e.expire_at IS NULL OR e.expire_at > %s)
            GROUP BY e.page_id ORDER BY shared DESC, max(e.published) DESC LIMIT %s
        """
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [page_id, f"review:{page_id}", now, limit * 4])
            candidates = cursor.fetchall()
            title_words = self._title_words(cursor, page_id)
            term_scores = self._term_scores(cursor, title_words, [c[0] for c in candidates])
        ranked = sorted(candidates, key=lambda c: (-(c[1] + term_scores.get(c[0], 0.0)),))
        return [page for page, _ in ranked[:limit]]

    def _title_words(self, cursor, page_id: int) -> list[str]:
        cursor.execute("SELECT document FROM kbsearch_entry WHERE key = %s", [f"review:{page_id}"])
        row = cursor.fetchone()
        if not row:
            return []
        title = json.loads(row[0])["review_title"]
        return [w for w in title.lower().split() if len(w) > 3 and w.isalpha()]

    def _term_scores(self, cursor, words: list[str], page_ids: list[int]) -> dict[int, float]:
        """A bonus below one shared theme for reviews whose title or summary shares words with this title."""
        if not words or not page_ids:
            return {}
        cursor.execute(
            f"SELECT e.page_id, bm25(kbsearch_fts) FROM kbsearch_fts JOIN kbsearch_entry e ON e.id = kbsearch_fts.rowid "
            f"WHERE kbsearch_fts MATCH %s AND e.kind = 'review' AND e.page_id IN ({_placeholders(page_ids)})",
            [" OR ".join(_string(w) for w in words), *page_ids],
        )
        rows = cursor.fetchall()
        best = min((score for _, score in rows), default=0) or -1
        return {page: 0.9 * score / best for page, score in rows}
