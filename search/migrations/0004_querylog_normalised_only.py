"""Search analytics keep normalised queries only: scrub entries holding an identifier, then drop the raw text."""

from django.db import migrations

from kb.identifiers import find_identifiers

IDENTIFIER_REMOVED = "[identifier removed]"


def scrub_identifiers(apps, schema_editor):
    QueryLog = apps.get_model("kbsearch", "QueryLog")
    flagged = [
        pk for pk, query in QueryLog.objects.values_list("pk", "query").iterator() if find_identifiers(query or "")
    ]
    for start in range(0, len(flagged), 500):
        QueryLog.objects.filter(pk__in=flagged[start : start + 500]).update(normalised=IDENTIFIER_REMOVED)


class Migration(migrations.Migration):
    dependencies = [("kbsearch", "0003_pending_updates")]

    operations = [
        migrations.RunPython(scrub_identifiers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="querylog", name="query"),
    ]
