"""The FTS5 table's shape, shared by the engine and the migration that creates it (runtime code never imports a
migration)."""

COLUMNS = ("title", "text", "summary", "report", "themes", "tags")
TOKENIZER = "porter unicode61 remove_diacritics 2"
