"""python manage.py backup PATH.tar.gz"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and media files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            manifest = create_backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({manifest['created']})."))
