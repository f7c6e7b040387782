"""The one way a review in progress changes: it is opened with the timescales of the day, each stage is recorded
with a date, a person and a note (never edited), and it closes when published or when a decision ends it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import ReviewTimeline, StageEvent
from .schedule import applies, reached
from .stages import TRACK_OF_TYPE, decision_choices, stage_of, stages_of


def timescales_for(review_type: str, partnership) -> dict:
    """The timescales a review starting today keeps: the statutory defaults, replaced by the partnership's own."""
    scales = {stage.key: stage.timescale for stage in stages_of(review_type)}
    track = TRACK_OF_TYPE[review_type]
    for row in partnership.timescales.filter(track=track):
        scales[row.stage] = (
            {"after": row.after, "amount": row.amount, "unit": row.unit} if row.amount is not None else None
        )
    return scales


@transaction.atomic
def open_review(*, ref, review_type, title, partnership, started_on, user=None, note="", **extra) -> ReviewTimeline:
    """A new review in progress, its first stage reached on `started_on` (None: not known, for an import)."""
    timeline = ReviewTimeline.objects.create(
        ref=ref,
        review_type=review_type,
        title=title,
        partnership=partnership,
        nation=partnership.nation,
        timescales=timescales_for(review_type, partnership),
        **extra,
    )
    if started_on is not None:
        record_stage(timeline, stages_of(review_type)[0].key, started_on, user=user, note=note)
    return timeline


def check_entry(timeline, stage_key: str, date: datetime.date, decision: str, today: datetime.date) -> None:
    """Refuse an entry that cannot be right, with a message saying why."""
    if stage_of(timeline.review_type, stage_key) is None:
        keys = ", ".join(stage.key for stage in stages_of(timeline.review_type))
        raise ValidationError({"stage": f"A {timeline.get_review_type_display()} has these stages: {keys}."})
    if date > today:
        raise ValidationError({"date": "Record a stage once it has happened: the date is in the future."})
    first = reached(timeline).get(stages_of(timeline.review_type)[0].key)
    if first and date < first and stage_key != stages_of(timeline.review_type)[0].key:
        raise ValidationError({"date": f"The review started on {first:%d %B %Y}: this date is before it."})
    allowed = {value for value, _ in decision_choices(timeline.review_type)}
    if stage_key == "decided" and allowed and decision not in allowed:
        raise ValidationError({"decision": "Record which decision was made."})
    if stage_key != "decided" and decision:
        raise ValidationError({"decision": "A decision is recorded with the 'decided' stage only."})


@transaction.atomic
def record_stage(timeline, stage_key: str, date, *, user=None, note="", decision="", today=None) -> StageEvent:
    """Record that a stage was reached on a date; the review closes when it is published or a decision ends it."""
    check_entry(timeline, stage_key, date, decision, today or datetime.date.today())
    event = StageEvent.objects.create(
        timeline=timeline, stage=stage_key, date=date, decision=decision, note=note, recorded_by=user
    )
    if decision:
        timeline.decision = decision
    getattr(timeline, "_prefetched_objects_cache", {}).pop("events", None)  # read the new entry too
    timeline.closed_on = closing_date(timeline)
    timeline.save(update_fields=["decision", "closed_on"])
    return event


def closing_date(timeline) -> datetime.date | None:
    """When the review stopped being in progress: published, or every stage that still applies reached."""
    dates = reached(timeline)
    if "published" in dates:
        return dates["published"]
    remaining = [s for s in stages_of(timeline.review_type) if applies(s, timeline.decision) and s.key not in dates]
    return max(dates.values()) if not remaining else None


def record_publication(page, user=None) -> None:
    """A linked review page was published: its timeline reaches 'published' (once) on its publication date."""
    timeline = ReviewTimeline.objects.filter(page=page).first()
    if timeline is None or "published" in reached(timeline):
        return
    if stage_of(timeline.review_type, "published") is None:
        return
    date = min(page.published_date or datetime.date.today(), datetime.date.today())
    record_stage(timeline, "published", date, user=user, note="Published through the review publication workflow.")


def link_by_ref(page) -> None:
    """A review page whose ref is a review in progress's is that review's page."""
    ReviewTimeline.objects.filter(ref=page.ref, page__isnull=True).update(page=page)
