"""The raw FTS5 column: a bench-only SQLite FTS5 table built by the bench itself (the product has no FTS5 engine
since Tantivy became the embedded engine), and the floor search on it.

The table is the one the FTS5 engine had (title, text, summary, report, theme names, theme tags; porter stemming),
in a database file of its own, filled from the product's search documents. The timed search is one ranked MATCH of
the same parsed query, bm25 with the FTS5 engine's weights, LIMIT 20, with type/kind/year filters joined in:
no total, no facets, no snippets. A request without words reads 20 ids newest first from the entry table.
"""

import sqlite3
from pathlib import Path

COLUMNS = ("title", "text", "summary", "report", "themes", "tags")
TOKENIZER = "porter unicode61 remove_diacritics 2"
WEIGHTS = (10.0, 6.0, 3.0, 1.0, 2.0, 2.0)
INSERT_BATCH = 2_000


def theme_token(slug: str) -> str:
    """A single token standing for 'tagged with this theme' in the tags column."""
    return "kbtheme" + slug.replace("-", "")


def _string(text: str) -> str:
    """An FTS5 string literal."""
    return '"' + text.replace('"', '""') + '"'


def _part(part) -> str:
    kind = type(part).__name__
    if kind in ("Term", "Phrase"):
        return _string(part.text)
    if kind == "ThemeMatch":
        options = [_string(text) for text in dict.fromkeys((part.original, *part.phrasings))]
        options.append(f"tags : {_string(theme_token(part.slug))}")
        return "(" + " OR ".join(options) + ")"
    if kind == "AnyOf":
        return "(" + " OR ".join(_part(p) for p in part.parts) + ")"
    raise TypeError(f"unknown query part {part!r}")


class FTS5Floor:
    """The bench's own FTS5 table in `path`."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(COLUMNS)}, tokenize = '{TOKENIZER}')")
        self.db.execute(
            "CREATE TABLE entry (id INTEGER PRIMARY KEY, kind TEXT, review_type TEXT, year INTEGER, published TEXT)"
        )
        self.db.execute("BEGIN")
        self.rows, self.entries = [], []
        self.count = 0

    def add(self, document) -> None:
        self.count += 1
        rowid = self.count
        title = document.title if document.kind in ("review", "learning") else ""
        tags = " ".join(theme_token(slug) for slug in document.themes)
        self.rows.append(
            (rowid, title, document.text, document.summary, document.report, " ".join(document.theme_names), tags)
        )
        published = document.published.isoformat() if document.published else ""
        year = document.published.year if document.published else None
        self.entries.append((rowid, document.kind, document.review_type, year, published))
        if len(self.rows) >= INSERT_BATCH:
            self._flush()

    def _flush(self) -> None:
        self.db.executemany(
            "INSERT INTO fts (rowid, title, text, summary, report, themes, tags) VALUES (?,?,?,?,?,?,?)", self.rows
        )
        self.db.executemany("INSERT INTO entry VALUES (?,?,?,?,?)", self.entries)
        self.rows, self.entries = [], []

    def finish(self) -> None:
        """Write the rest, index the entry table and merge the FTS5 segments into one ('optimize')."""
        self._flush()
        self.db.execute("CREATE INDEX entry_published ON entry (published DESC)")
        self.db.execute("COMMIT")
        self.db.execute("INSERT INTO fts (fts) VALUES ('optimize')")

    def compile(self, request, tree) -> tuple[str, list]:
        """The floor statement for one request."""
        match = [_part(p) for p in tree.must]
        match += [f"tags : {_string(theme_token(slug))}" for slug in request.themes]
        where, params = [], []
        for column, values in (("kind", request.kinds), ("review_type", request.types)):
            if values:
                where.append(f"e.{column} IN ({', '.join(['?'] * len(values))})")
                params.extend(values)
        for clause, value in (("e.year >= ?", request.year_from), ("e.year <= ?", request.year_to)):
            if value:
                where.append(clause)
                params.append(value)
        if not match:
            sql = "SELECT e.id FROM entry e" + (" WHERE " + " AND ".join(where) if where else "")
            return sql + " ORDER BY e.published DESC LIMIT 20", params
        expression = " AND ".join(match)
        if tree.must_not:
            expression = f"({expression}) NOT ({' OR '.join(_part(p) for p in tree.must_not)})"
        joins = " JOIN entry e ON e.id = fts.rowid" if where else ""
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (
            f"SELECT fts.rowid FROM fts{joins} WHERE fts MATCH ?"
            + "".join(f" AND {clause}" for clause in where)
            + f" ORDER BY bm25(fts, {weights}) LIMIT 20"
        )
        return sql, [expression, *params]

    def search(self, compiled: tuple[str, list]) -> int:
        sql, params = compiled
        return len(self.db.execute(sql, params).fetchall())
