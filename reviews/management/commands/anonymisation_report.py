"""python manage.py anonymisation_report [--ref REF ...]: identifiers left in reviews, drafts included."""

import sys

from django.core.management.base import CommandError

from kb.management.base import KBCommand
from reviews.models import ReviewPage
from reviews.publishing.anonymisation import scan_latest


class Command(KBCommand):
    help = (
        "List NHS numbers, postcodes, NI numbers, phone numbers, email addresses and dates of birth found in "
        "reviews (latest versions, drafts included). Exits 1 when anything is found, 0 when clean."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ref",
            action="append",
            dest="refs",
            metavar="REF",
            help="Check only this review; repeat for more. Default: every review.",
        )

    def handle(self, refs=None, **options):
        pages = self.reviews(refs)
        found = 0
        for page in pages:
            for identifier in scan_latest(page):
                found += 1
                self.stdout.write(f"{page.ref}\t{identifier.location}\t{identifier.kind}\t{identifier.text}")
        if found:
            self.stderr.write(f"{found} possible identifiers found in {len(pages)} reviews.")
            sys.exit(1)  # so CI and pre-publication scripts can stop on it
        self.stdout.write(f"No identifiers found in {len(pages)} reviews.")

    def reviews(self, refs: list[str] | None) -> list[ReviewPage]:
        """The reviews to check, by ref; every review, live or not, when no ref is given."""
        pages = ReviewPage.objects.order_by("ref")
        if not refs:
            return list(pages)
        pages = list(pages.filter(ref__in=refs))
        unknown = sorted(set(refs) - {page.ref for page in pages})
        if unknown:
            raise CommandError(f"No review with ref: {', '.join(unknown)}")
        return pages
