"""Reminder emails for review deadlines: N working days before each deadline and on the day after one is missed,
to the review's lead reviewer and its partnership's business team. Each reminder is sent once."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django_tasks import task

from kb.working_days import is_working_day

from ..models import ReviewTimeline, TimelineReminder
from .schedule import deadlines

logger = logging.getLogger(__name__)


def recipients(timeline) -> list[str]:
    addresses = [getattr(timeline.lead_reviewer, "email", ""), timeline.partnership.business_team_email]
    return list(dict.fromkeys(address for address in addresses if address))


def reminder_kind(deadline, today: datetime.date, nation: str) -> str | None:
    """Which reminder a deadline calls for today, if any."""
    if not deadline.applies or deadline.done or deadline.working_days_left is None:
        return None
    if deadline.working_days_left == settings.KB_TIMELINE_REMINDER_DAYS:
        return TimelineReminder.DUE_SOON
    if deadline.working_days_left < 0 and is_working_day(today, nation):
        return TimelineReminder.MISSED
    return None


def message(timeline, deadline, kind: str) -> tuple[str, str]:
    """Subject and body of one reminder (only what the panel needs: no case details beyond ref and title)."""
    due = f"{deadline.due:%A %d %B %Y}"
    if kind == TimelineReminder.DUE_SOON:
        subject = f"{timeline.ref}: {deadline.stage.label} due in {deadline.working_days_left} working days"
        lead = f"{deadline.stage.label} is due on {due}, in {deadline.working_days_left} working days."
    else:
        subject = f"{timeline.ref}: {deadline.stage.label} is overdue"
        lead = f"{deadline.stage.label} was due on {due} and has not been recorded."
    body = f"{timeline.ref}: {timeline.title}\n\n{lead}\n\nRecord it in Reviews in progress when it is done.\n"
    return subject, body


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder due today that has not been sent; returns how many were sent."""
    today = today or datetime.date.today()
    sent = 0
    for timeline in ReviewTimeline.objects.filter(closed_on__isnull=True).select_related(
        "partnership", "lead_reviewer"
    ):
        to = recipients(timeline)
        for deadline in deadlines(timeline, today):
            kind = reminder_kind(deadline, today, timeline.nation)
            if kind and to and claim(timeline, deadline, kind):
                subject, body = message(timeline, deadline, kind)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
                sent += 1
    return sent


def claim(timeline, deadline, kind: str) -> bool:
    """Record the reminder as sent; False when it already was (by this job earlier or another worker)."""
    try:
        with transaction.atomic():
            TimelineReminder.objects.create(timeline=timeline, stage=deadline.stage.key, kind=kind, due=deadline.due)
    except IntegrityError:
        return False
    return True


@task()
def send_reminders_task() -> int:
    """The scheduled job's task: run by db_worker in production, at once on the immediate backend."""
    return send_due_reminders()
