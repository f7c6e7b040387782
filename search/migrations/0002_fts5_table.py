"""The FTS5 table of the embedded engine: porter stemming over the text columns of each Entry (rowid = id).

Created only on SQLite; on other databases the Elasticsearch engine is required (see search/checks.py).
"""

from django.db import migrations

COLUMNS = "title, text, summary, report, themes, tags"
TOKENIZER = "porter unicode61 remove_diacritics 2"
CREATE = f"CREATE VIRTUAL TABLE IF NOT EXISTS kbsearch_fts USING fts5({COLUMNS}, tokenize = '{TOKENIZER}')"
DROP = "DROP TABLE IF EXISTS kbsearch_fts"


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("kbsearch", "0001_initial")]

    operations = [migrations.RunPython(create_fts, drop_fts)]
