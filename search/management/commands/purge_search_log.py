"""python manage.py purge_search_log [--days N]"""

from django.conf import settings
from django.core.management.base import CommandError

from kb.management.base import KBCommand
from search.analytics import purge


class Command(KBCommand):
    help = "Delete search analytics entries older than the retention period (KB_SEARCH_LOG_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep this many days instead of the setting ({settings.KB_SEARCH_LOG_RETENTION_DAYS}).",
        )

    def handle(self, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = purge(days)
        kept_days = days if days is not None else settings.KB_SEARCH_LOG_RETENTION_DAYS
        self.stdout.write(f"Deleted {deleted} search log entries older than {kept_days} days.")
