"""The embedded engine is Tantivy, whose index is a folder on disk: FTS5's tables (the text table of 0002 and
the entries beside it) go. Run `manage.py reindex` after migrating to build the new index."""

from django.db import migrations

FTS_COLUMNS = "title, text, summary, report, themes, tags"
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS kbsearch_fts")


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS kbsearch_fts USING fts5({FTS_COLUMNS}, tokenize = '{FTS_TOKENIZER}')"
        )


class Migration(migrations.Migration):
    dependencies = [("kbsearch", "0004_querylog_normalised_only")]

    operations = [
        migrations.RunPython(drop_fts, create_fts),
        migrations.DeleteModel(name="EntryTheme"),
        migrations.DeleteModel(name="EntryAgency"),
        migrations.DeleteModel(name="Entry"),
    ]
