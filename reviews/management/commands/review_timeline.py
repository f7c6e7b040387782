"""python manage.py review_timeline [--ref REF ...] [--json]: reviews in progress and their deadlines."""

import datetime
import json

from django.core.management.base import CommandError

from kb.management.base import KBCommand
from reviews.models import ReviewTimeline
from reviews.timeline.schedule import current_stage, deadlines


class Command(KBCommand):
    help = "Print each review in progress (or the named ones) with its stage and every deadline."

    def add_arguments(self, parser):
        parser.add_argument("--ref", action="append", default=[], help="Only this review (repeatable).")
        parser.add_argument("--json", action="store_true", help="One JSON document, for scripts.")

    def handle(self, ref, json=False, **options):
        timelines = self.chosen(ref)
        today = datetime.date.today()
        reviews = [self.review(timeline, today) for timeline in timelines]
        if json:
            self.stdout.write(json_dumps({"reviews": reviews}))
            return
        if not reviews:
            self.stdout.write("No reviews in progress.")
        for review in reviews:
            self.stdout.write(f"{review['ref']}  {review['type']}  stage: {review['stage'] or 'not started'}")
            for deadline in review["deadlines"]:
                due = deadline["due"] or "no deadline"
                state = f"done {deadline['done']}" if deadline["done"] else self.left(deadline)
                self.stdout.write(f"    {deadline['stage']:<18} due {due:<11} {state}")

    def chosen(self, refs: list[str]):
        timelines = ReviewTimeline.objects.select_related("partnership").prefetch_related("events")
        if not refs:
            return list(timelines.filter(closed_on__isnull=True))
        found = {t.ref: t for t in timelines.filter(ref__in=refs)}
        missing = [r for r in refs if r not in found]
        if missing:
            raise CommandError(f"No review in progress with ref: {', '.join(missing)}.")
        return [found[r] for r in dict.fromkeys(refs)]

    @staticmethod
    def review(timeline, today) -> dict:
        schedule = deadlines(timeline, today)
        stage = current_stage(timeline, schedule)
        return {
            "ref": timeline.ref,
            "type": timeline.review_type,
            "stage": stage.stage.key if stage else None,
            "deadlines": [d.as_dict() for d in schedule if d.applies],
        }

    @staticmethod
    def left(deadline: dict) -> str:
        days = deadline["working_days_left"]
        if days is None:
            return ""
        return f"OVERDUE by {-days} working days" if days < 0 else f"{days} working days left"


def json_dumps(data) -> str:
    return json.dumps(data, indent=2)
