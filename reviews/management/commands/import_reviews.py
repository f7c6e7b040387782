"""python manage.py import_reviews PATH [--dry-run]"""

from django.core.management.base import CommandError

from kb.management.base import KBCommand
from reviews.importing import ImportFailed, Problem, check_file, records_in, write
from reviews.models import ReviewPage
from reviews.suggestions import for_record
from search.indexing import deferred_count


class Command(KBCommand):
    help = "Import reviews from a JSON file: validates the whole file, then writes all of it or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only validate, and list the themes suggested for each review, finding and recommendation that "
            "it is not tagged with; write nothing.",
        )

    def handle(self, path, dry_run=False, **options):
        try:
            refs = check_file(path)  # every problem in the file, before anything is written
            if dry_run:
                self.suggest(records_in(path), refs)
                self.stdout.write(self.style.SUCCESS(f"{len(refs)} reviews are valid; nothing was written."))
                return
            with self.progress(len(refs), "review", options["verbosity"]) as bar:
                result = write(records_in(path), progress=bar.update)
        except ImportFailed as failure:
            raise CommandError(self.summary(path, failure.problems)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {result.created} new and updated {result.updated} reviews."))
        if deferred_count():
            self.stdout.write(
                "The search engine could not be reached: the index will catch up on its next update, "
                "or run `python manage.py reindex --missing` once it is back."
            )

    def suggest(self, records, refs: list[str]) -> None:
        """Print the themes suggested for each record's review, findings and recommendations (nothing applied)."""
        existing = dict(ReviewPage.objects.filter(ref__in=refs).values_list("ref", "pk"))
        for record in records:
            for where, suggestions in for_record(record, existing.get(record.ref)):
                for suggestion in suggestions:
                    self.stdout.write(f"{record.ref} {where}: suggested theme {suggestion.name} ({suggestion.reason})")

    def summary(self, path: str, problems: list[Problem]) -> str:
        """One line for a problem with the file as a whole; the list on stderr for problems in its reviews."""
        if len(problems) == 1 and problems[0].ref in ("(file)", "(site)"):
            return f"{path}: {problems[0].message}; nothing was imported."
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        return f"{len(problems)} problem(s) found; nothing was imported."
