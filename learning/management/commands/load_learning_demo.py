"""python manage.py load_learning_demo: invented learning hubs and 7-minute briefings (re-running updates them)."""

from django.core.management.base import CommandError

from kb.management.base import KBCommand
from learning.demo.loader import DemoError, load_learning_demo


class Command(KBCommand):
    help = "Load the demo learning hubs and 7-minute briefings (needs the demo reviews: run load_demo first)."

    def handle(self, **options):
        try:
            created = load_learning_demo()
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Learning demo loaded: {created['hubs']} hubs and {created['briefings']} briefings created.")
