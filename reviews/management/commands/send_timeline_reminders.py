"""python manage.py send_timeline_reminders: queue the reminder job (run_scheduled_jobs runs this)."""

from kb.management.base import KBCommand
from reviews.timeline.reminders import send_reminders_task


class Command(KBCommand):
    help = "Queue the job that emails reminders of review deadlines (due soon, or missed)."

    def handle(self, **options):
        result = send_reminders_task.enqueue()
        if options["verbosity"] > 1:
            self.stdout.write(f"Reminder job queued ({result.id}).")
