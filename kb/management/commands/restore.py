"""python manage.py restore PATH.tar.gz [--force]"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kb.backup import BackupError, restore_backup
from reviews.models import ReviewPage


class Command(BaseCommand):
    help = "Restore the database and media files from a backup archive, then rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="Replace an instance that already holds reviews.")

    def handle(self, path, force=False, **options):
        if not Path(path).is_file():
            raise CommandError(f"No backup at {path}.")
        if ReviewPage.objects.exists() and not force:
            raise CommandError("This instance already holds reviews; restoring would replace them. Use --force.")
        try:
            manifest = restore_backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        call_command("migrate", verbosity=0)
        call_command("reindex", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored the backup made {manifest['created']}."))
