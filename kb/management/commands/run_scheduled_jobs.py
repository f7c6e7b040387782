"""python manage.py run_scheduled_jobs: the one command cron or a systemd timer runs every few minutes."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from kb.management.base import KBCommand


class Command(KBCommand):
    help = "Run every scheduled job in KB_SCHEDULED_COMMANDS (publishing and expiry, analytics retention...)."

    def handle(self, **options):
        failed = []
        for job in settings.KB_SCHEDULED_COMMANDS:
            name, *arguments = job.split()
            try:
                call_command(name, *arguments, verbosity=options["verbosity"])
            except Exception as error:
                failed.append(f"{name}: {error}")
                self.stderr.write(f"{name} failed: {error}")
        if failed:
            raise CommandError(f"{len(failed)} scheduled job(s) failed: " + "; ".join(failed))
