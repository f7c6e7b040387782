"""python manage.py import_reviews PATH [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reviews.importing import ImportFailed, import_file, read_file, validate


class Command(BaseCommand):
    help = "Import reviews from a JSON file: validates the whole file, then writes all of it or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Only validate; write nothing.")

    def handle(self, path, dry_run=False, **options):
        try:
            if dry_run:
                records = validate(read_file(path))
                self.stdout.write(self.style.SUCCESS(f"{len(records)} reviews are valid; nothing was written."))
                return
            total = len(validate(read_file(path)))
            with tqdm(total=total, unit="review", disable=options["verbosity"] < 1, file=self.stderr) as bar:
                result = import_file(path, progress=bar.update)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(f"error: {problem}")
            raise CommandError(f"{len(failure.problems)} problem(s) found; nothing was imported.") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {result.created} new and updated {result.updated} reviews."))
