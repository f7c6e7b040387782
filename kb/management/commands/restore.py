"""python manage.py restore PATH.tar.gz [--force] | restore --check PATH.tar.gz"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from kb import database
from kb.backup import BackupError, database_path
from kb.management.base import KBCommand
from kb.restore import check_backup, restore_backup
from reviews.models import ReviewPage


class Command(KBCommand):
    help = (
        "Restore the database and media files from a backup archive (into a new instance too: no migrate needed "
        "first), bring it up to date with migrate, then rebuild the search index. --check only verifies the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="Replace an instance that already holds reviews.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the archive (checksums, database, version); change nothing.",
        )

    def preflight(self, options: dict) -> None:
        """Only refuse another kind of database (an absent or empty one is what a new machine has); --check needs
        none."""
        if not options.get("check"):
            database_path()

    def handle(self, path, force=False, check=False, **options):
        if check:
            self.check_only(Path(path))
            return
        self.refuse_to_replace_reviews(force)
        try:
            unpacked = restore_backup(Path(path))
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        call_command("migrate", verbosity=0)  # an older backup is brought up to this code's schema
        self.rebuild_index()
        manifest = unpacked.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup made {manifest['created']} by version {manifest.get('version', '(unknown)')} "
                f"({unpacked.media_files} media files)."
            )
        )

    def check_only(self, path: Path) -> None:
        unpacked = check_backup(path)
        manifest = unpacked.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"{path} is sound: made {manifest['created']} by version {manifest.get('version', '(unknown)')}, "
                f"format {manifest['format']}, {unpacked.media_files} media files, "
                f"{'checksums and ' if manifest['format'] >= 2 else ''}database integrity verified; "
                "this version can restore it."
            )
        )

    def refuse_to_replace_reviews(self, force: bool) -> None:
        """An instance with reviews is replaced only with --force; an absent or unmigrated one needs nothing."""
        if force:
            return
        if problem := database.connect_problem():
            raise CommandError(problem)
        try:
            holds_reviews = database.is_set_up() and ReviewPage.objects.exists()
        except DatabaseError as error:
            raise CommandError(
                f"The database at {database.where()} cannot be read ({error}); restoring would replace it. Use --force."
            ) from error
        if holds_reviews:
            raise CommandError("This instance already holds reviews; restoring would replace them. Use --force.")

    def rebuild_index(self) -> None:
        """The restore stands even when the search engine is down; the index can be rebuilt later."""
        try:
            call_command("reindex", verbosity=0)
        except CommandError as error:
            self.stderr.write(f"The search index was not rebuilt ({error}): run `python manage.py reindex` later.")
