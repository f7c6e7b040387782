"""The embedded engine: SQLite FTS5 in the project database, porter stemming, bm25 with field weights."""

import json
from collections import Counter

from django.db import OperationalError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from kb.text import page_of

from ..documents import MARK_END, MARK_START, SearchDocument
from ..models import Entry, EntryAgency, EntryTheme, PendingUpdate
from ..query import AnyOf, Phrase, Query, Term, ThemeMatch
from ..request import SearchRequest
from ..snippets import plain_snippet, render_snippet
from .base import Hit, SearchEngine, SearchResponse
from .fts5_schema import COLUMNS, TOKENIZER  # the main table's, so snippets tokenize as the index did

# bm25 weights, one per FTS column: title above finding/recommendation text, above summary, above report.
WEIGHTS = (10.0, 6.0, 3.0, 1.0, 2.0, 2.0)
SNIPPET_COLUMNS = (1, 2, 3)  # text, summary, report: the columns a snippet is worth showing from
REPORT_COLUMN = 3
SNIPPET_TOKENS = 28
SNIPPET_TABLE = "kbsearch_snippets"  # a TEMP table: each connection its own
CHUNK = 500
# The columns of kbsearch_entry written for each document, in the order _insert gives them.
ENTRY_COLUMNS = (
    "key",
    "page_id",
    "kind",
    "review_type",
    "year",
    "published",
    "partnership",
    "age_band",
    "status",
    "expire_at",
    "document",
)


def theme_token(slug: str) -> str:
    """A single token standing for 'tagged with this theme' in the tags column."""
    return "kbtheme" + slug.replace("-", "")


def _string(text: str) -> str:
    """An FTS5 string literal: whatever the user typed can only ever be words to match, never syntax."""
    return '"' + text.replace('"', '""') + '"'


def _fts_row(entry_id: int, document: SearchDocument) -> tuple:
    """(rowid, *COLUMNS): what the FTS5 table holds for one document."""
    return (
        entry_id,
        document.indexed_title,
        document.text,
        document.summary,
        document.report,
        " ".join(document.theme_names),
        " ".join(theme_token(slug) for slug in document.themes),
    )


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
        """Rebuild in one transaction, so searches see the old index until the new one is complete.

        Then merge FTS5's segments into one ('optimize'): a rebuild writes the index in hundreds of small
        segments, and every query reads each term's doclist from every segment.
        """
        with transaction.atomic():
            super().rebuild(batches)
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO kbsearch_fts (kbsearch_fts) VALUES ('optimize')")

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in ("kbsearch_fts", "kbsearch_entrytheme", "kbsearch_entryagency", "kbsearch_entry"):
                cursor.execute(f"DELETE FROM {table}")

    def _insert(self, documents: list[SearchDocument]) -> None:
        """Plain parameterised INSERTs: a rebuild writes hundreds of thousands of rows, and bulk_create's
        per-field preparation cost several times the SQL itself. Values are adapted exactly as the model
        fields would adapt them (dates and datetimes by the backend, the document as JSON)."""
        ops = connection.ops
        entry_sql = (
            f"INSERT INTO {Entry._meta.db_table} ({', '.join(ENTRY_COLUMNS)}) VALUES ({_placeholders(ENTRY_COLUMNS)})"
        )
        fts_sql = f"INSERT INTO kbsearch_fts (rowid, {', '.join(COLUMNS)}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        theme_sql = f"INSERT INTO {EntryTheme._meta.db_table} (entry_id, slug) VALUES (%s, %s)"
        agency_sql = f"INSERT INTO {EntryAgency._meta.db_table} (entry_id, name) VALUES (%s, %s)"
        with connection.cursor() as cursor:
            for chunk in _chunks(documents):
                ids = []
                for doc in chunk:
                    cursor.execute(
                        entry_sql,
                        (
                            doc.key,
                            doc.page_id,
                            doc.kind,
                            doc.review_type,
                            doc.year,
                            ops.adapt_datefield_value(doc.published),
                            doc.partnership,
                            doc.age_band,
                            doc.status,
                            ops.adapt_datetimefield_value(doc.expire_at),
                            json.dumps(doc.to_dict()),
                        ),
                    )
                    ids.append(cursor.lastrowid)
                cursor.executemany(fts_sql, [_fts_row(entry_id, doc) for entry_id, doc in zip(ids, chunk)])
                themes = [(entry_id, slug) for entry_id, doc in zip(ids, chunk) for slug in doc.themes]
                if themes:
                    cursor.executemany(theme_sql, themes)
                agencies = [(entry_id, name) for entry_id, doc in zip(ids, chunk) for name in doc.agencies]
                if agencies:
                    cursor.executemany(agency_sql, agencies)

    # ---- reading -------------------------------------------------------------------------------------

    def indexed_page_ids(self) -> set[int]:
        return set(Entry.objects.values_list("page_id", flat=True).distinct())

    def count(self) -> dict[str, int]:
        rows = Entry.objects.values("kind").order_by("kind").annotate(n=Count("id"))
        return {row["kind"]: row["n"] for row in rows}

    def search(self, request: SearchRequest, query: Query) -> SearchResponse:
        positive, negative = compile_match(query)
        source, where, params = self._where(request, positive, negative)
        facets, total, rows = self._facets_and_page(request, source, where, params, ranked=positive is not None)
        documents = {entry_id: SearchDocument.from_dict(json.loads(document)) for entry_id, document, _ in rows}
        snippets = self._snippets(positive, documents) if positive else {}
        hits = []
        for entry_id, _, rank in rows:
            document = documents[entry_id]
            snippet, column = snippets.get(entry_id, (None, None))
            hit = Hit(document, render_snippet(snippet) if snippet else plain_snippet(document), -float(rank or 0))
            if column == REPORT_COLUMN:
                hit.report_page = page_of(snippet, document.report, (MARK_START, MARK_END))
            hits.append(hit)
        return SearchResponse(hits=hits, total=total, facets=facets)

    def _where(self, request: SearchRequest, positive, negative) -> tuple[str, list[str], list]:
        """The FROM source, WHERE clauses and parameters of the matching entries.

        With words to match, FTS5 drives (CROSS JOIN keeps it the outer loop) and the theme and agency filters
        test the FTS rowid (the entry id), so they are applied before each match's entry row is read. The theme
        filter is an IN list SQLite builds once from the (slug, entry) index; the unary + stops SQLite handing
        it to FTS5 as a rowid constraint, which would re-run the MATCH once per listed entry. Browsing (no
        words), the theme's entries drive the query straight from that index.
        """
        where, params = [], []
        if positive:
            source = "kbsearch_fts CROSS JOIN kbsearch_entry e ON e.id = kbsearch_fts.rowid"
            entry_id = "+kbsearch_fts.rowid"
            where.append("kbsearch_fts MATCH %s")
            params.append(f"({positive}) NOT ({negative})" if negative else positive)
        else:
            source = "kbsearch_entry e"
            entry_id = "e.id"
            if negative:
                where.append("e.id NOT IN (SELECT rowid FROM kbsearch_fts WHERE kbsearch_fts MATCH %s)")
                params.append(negative)
        for slug in request.themes:
            where.append(f"{entry_id} IN (SELECT t.entry_id FROM kbsearch_entrytheme t WHERE t.slug = %s)")
            params.append(slug)
        if request.agency:
            where.append(
                f"EXISTS (SELECT 1 FROM kbsearch_entryagency a WHERE a.entry_id = {entry_id.lstrip('+')} "
                "AND a.name = %s COLLATE NOCASE)"
            )
            params.append(request.agency)
        where.append("(e.expire_at IS NULL OR e.expire_at > %s)")
        params.append(connection.ops.adapt_datetimefield_value(timezone.now()))
        hidden = PendingUpdate.hidden_page_ids()
        if hidden:
            where.append(f"e.page_id NOT IN ({_placeholders(hidden)})")
            params.extend(hidden)
        for column, values in (("kind", request.kinds), ("review_type", request.types)):
            if values:
                where.append(f"e.{column} IN ({_placeholders(values)})")
                params.extend(values)
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

    def _facets_and_page(
        self, request: SearchRequest, source: str, where: list[str], params: list, ranked: bool
    ) -> tuple[dict, int, list]:
        """Every facet's counts over the filtered matches, and the requested page of them, in one statement.

        The matches are found (and bm25-ranked) once, into a materialised table that the facet counts and the
        page are both read from. Kind, type and year are counted in one grouping (each GROUP BY is a sort of
        every match). The theme and agency counts walk the (entry, value) indexes from each match (CROSS JOIN
        fixes that join order: without statistics SQLite would rather scan the whole index in value order and
        probe the matches, which reads every row of the table whatever the query). The total is the kinds' sum;
        the page's rows come back with their documents, numbered in page order.
        """
        rank = f"bm25(kbsearch_fts, {', '.join(str(w) for w in WEIGHTS)})" if ranked else "0"

        def order(table: str) -> str:
            newest = f"{table}.published IS NULL, {table}.published DESC, {table}.page_id DESC, {table}.id"
            return f"{table}.rank, {newest}" if ranked and request.sort == "relevance" else newest

        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT e.id AS id, e.kind AS kind, e.review_type AS review_type, e.year AS year,
                    e.published AS published, e.page_id AS page_id, {rank} AS rank
                FROM {source} WHERE {" AND ".join(where)}
            ),
            p AS (SELECT m.id, m.rank, m.published, m.page_id FROM m ORDER BY {order("m")} LIMIT %s OFFSET %s)
            SELECT 'kind', kind, count(*), review_type, year FROM m GROUP BY kind, review_type, year
            UNION ALL SELECT 'theme', t.slug, count(*), NULL, NULL FROM m CROSS JOIN kbsearch_entrytheme t
                ON t.entry_id = m.id GROUP BY t.slug
            UNION ALL SELECT 'agency', a.name, count(*), NULL, NULL FROM m CROSS JOIN kbsearch_entryagency a
                ON a.entry_id = m.id GROUP BY a.name
            UNION ALL SELECT 'page', row_number() OVER (ORDER BY {order("p")}), p.id, e.document, p.rank
                FROM p CROSS JOIN kbsearch_entry e ON e.id = p.id
        """
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in ("theme", "type", "kind", "year", "agency")}
        page = []
        kinds, types, years = Counter(), Counter(), Counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, request.page_size, request.offset])
            for facet, value, count, extra, extra2 in cursor.fetchall():
                if facet == "page":
                    page.append((value, count, extra, extra2))
                elif facet == "kind":
                    # One pass counts kind, type and year together; each is the sum over the other two.
                    kinds[value] += count
                    if extra:
                        types[extra] += count
                    if extra2 is not None:
                        years[extra2] += count
                else:
                    facets[facet].append((str(value), count))
        facets["kind"] = [(str(value), count) for value, count in kinds.items()]
        facets["type"] = [(str(value), count) for value, count in types.items()]
        facets["year"] = [(str(value), count) for value, count in years.items()]
        total = sum(count for _, count in facets["kind"])
        for name, values in facets.items():
            if name == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            else:
                values.sort(key=lambda item: (-item[1], item[0]))
        rows = [(entry_id, document, rank) for _, entry_id, document, rank in sorted(page)]
        return facets, total, rows

    def _snippets(self, positive: str, documents: dict[int, SearchDocument]) -> dict[int, tuple[str, int]]:
        """Raw snippets (with markers) and their column, for the hits on this page, from the first column matched.

        snippet() needs the hit's row in an FTS5 table and re-evaluates the query for it. Done against the main
        table that costs a second pass over every term's doclist, as much as the search itself; so the page's
        hits are copied into a connection-private temporary FTS5 table of the same columns and tokenizer, and
        the snippets taken there. A snippet depends only on the row's text and the query, so they are the same.
        """
        if not documents:
            return {}
        columns = ", ".join(
            f"snippet({SNIPPET_TABLE}, {c}, char(2), char(3), '…', {SNIPPET_TOKENS})" for c in SNIPPET_COLUMNS
        )
        insert = f"INSERT INTO temp.{SNIPPET_TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        rows_in = [_fts_row(entry_id, document) for entry_id, document in documents.items()]
        snippets = {}
        with connection.cursor() as cursor:
            try:
                cursor.executemany(insert, rows_in)
            except OperationalError:  # this connection's first snippets: make its table
                cursor.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{SNIPPET_TABLE} USING fts5({', '.join(COLUMNS)}, "
                    f"tokenize = '{TOKENIZER}')"
                )
                cursor.executemany(insert, rows_in)
            try:
                cursor.execute(
                    f"SELECT rowid, {columns} FROM temp.{SNIPPET_TABLE} WHERE {SNIPPET_TABLE} MATCH %s", [positive]
                )
                rows = cursor.fetchall()
            finally:
                cursor.execute(f"DELETE FROM temp.{SNIPPET_TABLE}")
        for rowid, *candidates in rows:
            marked = [(c, col) for c, col in zip(candidates, SNIPPET_COLUMNS) if c and MARK_START in c]
            if marked:
                snippets[rowid] = marked[0]
        return snippets

    def similar(self, page_id: int, limit: int = 5) -> list[int]:
        """Reviews sharing the most themes, then the most words of the title, then the newest.

        The themes' entries are read from the (slug, entry) index and kept only if they are reviews (an IN list
        from the kind index) before any entry row is read: most entries sharing a theme are findings and
        recommendations, and reading their rows is what made this slow on a large index.
        """
        sql = """
            SELECT e.page_id, count(*) AS shared FROM kbsearch_entrytheme t
            CROSS JOIN kbsearch_entry e ON e.id = t.entry_id
            WHERE t.slug IN (
                SELECT t2.slug FROM kbsearch_entrytheme t2
                WHERE t2.entry_id = (SELECT e2.id FROM kbsearch_entry e2 WHERE e2.key = %s))
              AND +t.entry_id IN (SELECT r.id FROM kbsearch_entry r WHERE r.kind = 'review')
              AND e.page_id != %s AND (e.expire_at IS NULL OR e.expire_at > %s)
            GROUP BY e.page_id ORDER BY shared DESC, max(e.published) DESC LIMIT %s
        """
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"review:{page_id}", page_id, now, limit * 4])
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
        # The candidates' review entries are listed first (a handful), so only they are joined and scored.
        cursor.execute(
            "SELECT e.page_id, bm25(kbsearch_fts) FROM kbsearch_fts CROSS JOIN kbsearch_entry e "
            "ON e.id = kbsearch_fts.rowid WHERE kbsearch_fts MATCH %s AND +kbsearch_fts.rowid IN ("
            f"SELECT r.id FROM kbsearch_entry r WHERE r.kind = 'review' AND r.page_id IN ({_placeholders(page_ids)}))",
            [" OR ".join(_string(w) for w in words), *page_ids],
        )
        rows = cursor.fetchall()
        best = min((score for _, score in rows), default=0) or -1
        return {page: 0.9 * score / best for page, score in rows}
