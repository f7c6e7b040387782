"""python manage.py export_reviews PATH [--include-unpublished]"""

from kb.management.base import KBCommand
from reviews.exporting import export_file


class Command(KBCommand):
    help = "Export reviews to a JSON file in the import format (live, public reviews unless asked otherwise)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--include-unpublished",
            action="store_true",
            help=(
                "Also export drafts and private reviews (their latest revision). The file is then not for publication."
            ),
        )

    def handle(self, path, include_unpublished=False, **options):
        count = export_file(path, include_unpublished=include_unpublished)
        self.stdout.write(self.style.SUCCESS(f"Exported {count} reviews to {path}."))
