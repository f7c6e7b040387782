"""python manage.py load_demo: the invented demo reviews (re-running updates them, never duplicates)."""

from pathlib import Path

from django.core.management import call_command

from kb.management.base import KBCommand
from reviews.models import ReviewPage
from reviews.timeline.demo import load_in_progress

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(KBCommand):
    help = "Load the demo content: invented, anonymised reviews of every type."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any review exists, so editors' work is kept.",
        )

    def handle(self, if_empty=False, **options):
        if if_empty and ReviewPage.objects.exists():
            self.stdout.write("Reviews already exist; demo content not loaded.")
            return
        call_command("import_reviews", str(DEMO_DIR / "reviews.json"), verbosity=options["verbosity"])
        call_command("load_learning_demo", verbosity=options["verbosity"])
        opened = load_in_progress()
        if options["verbosity"]:
            self.stdout.write(f"{opened} demo reviews in progress opened.")
