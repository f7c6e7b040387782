"""A review's timeline in the import and export format: `"timeline": {"notified": "2025-12-19",
"rapid_review_sent": ..., "decided": ..., "decision": "lcspr", "completed": ..., "published": ...}`, whose keys
are the stages of the review's type (reviews/timeline/stages.py) and its decision. Dates only: the notes and who
recorded them stay in this instance. A back catalogue brings its history, so the timeliness report covers it."""

import datetime
import logging

from django.core.exceptions import ValidationError

from kb.models import Partnership

from ..models import ReviewPage, ReviewTimeline
from .recording import open_review, record_stage
from .schedule import reached
from .stages import decision_choices, stage_of, stages_of

logger = logging.getLogger(__name__)
KEY = "timeline"
IMPORTED = "Imported."


def validate(raw: dict, check, review_type: str) -> dict | None:
    """{"dates": {stage: date}, "decision": str} from a record's "timeline", or None; problems go to `check`."""
    value = raw.get(KEY)
    if value is None or not review_type:
        return None
    if not isinstance(value, dict):
        check.fail(KEY, 'must be an object of stage dates, e.g. {"notified": "2025-12-19"}')
        return None
    stages = [stage.key for stage in stages_of(review_type)]
    for key in sorted(set(value) - {*stages, "decision"}):
        check.fail(f"{KEY}.{key}", f"is not a stage of this type of review (stages: {', '.join(stages)})")
    dates = {key: check.date(value, key, where=f"{KEY}.") for key in stages if value.get(key) is not None}
    dates = {key: date for key, date in dates.items() if date is not None}
    decision = value.get("decision") or ""
    allowed = [choice for choice, _ in decision_choices(review_type)]
    if decision and decision not in allowed:
        check.fail(f"{KEY}.decision", f"must be one of: {', '.join(allowed) or 'none for this type'}")
    if decision and "decided" not in dates:
        check.fail(f"{KEY}.decision", "needs the date it was decided (timeline.decided)")
    _check_order(dates, stages, check)
    return {"dates": dates, "decision": decision} if dates else None


def _check_order(dates: dict, stages: list[str], check) -> None:
    today = datetime.date.today()
    for key, date in dates.items():
        if date > today:
            check.fail(f"{KEY}.{key}", "is in the future: a stage is recorded once it has happened")
    first = dates.get(stages[0])
    for key, date in dates.items():
        if first and date < first:
            check.fail(f"{KEY}.{key}", f"is before the review started ({stages[0]} {first.isoformat()})")


def tracked_refs() -> set[str]:
    """The refs of the reviews the panel keeps a timeline of: an import updates their timelines (write())."""
    return set(ReviewTimeline.objects.values_list("ref", flat=True))


def write(records) -> int:
    """Give each imported review its timeline: opened if new, with each stage date not yet recorded added as an
    entry (never replacing one). A review the panel opened before its page was imported is linked to the page, and
    its publication recorded if the file publishes it. Returns how many timelines were written."""
    refs = [r.ref for r in records]
    pages = {page.ref: page for page in ReviewPage.objects.filter(ref__in=refs)}
    timelines = {t.ref: t for t in ReviewTimeline.objects.filter(ref__in=refs)}
    partnerships = {p.name: p for p in Partnership.objects.filter(name__in=[r.partnership for r in records])}
    written = 0
    for record in records:
        timeline = timelines.get(record.ref)
        if timeline is None and not record.timeline:
            continue
        page = pages[record.ref]
        timeline = timeline or _open(record, page, partnerships)
        if timeline.page_id is None:
            ReviewTimeline.objects.filter(pk=timeline.pk).update(page=page)
        _add_missing(timeline, with_publication(record), given=set((record.timeline or {}).get("dates", {})))
        written += 1
    return written


def with_publication(record) -> dict:
    """The record's timeline, with its publication date when the review is published and the timeline omits it."""
    timeline = record.timeline or {"dates": {}, "decision": ""}
    dates = dict(timeline["dates"])
    if record.live and record.published and stage_of(record.type, "published") and "published" not in dates:
        dates["published"] = min(record.published, datetime.date.today())
    return {**timeline, "dates": dates}


def _open(record, page, partnerships) -> ReviewTimeline:
    return open_review(
        ref=record.ref,
        review_type=record.type,
        title=record.title,
        partnership=partnerships[record.partnership],
        started_on=None,  # every stage, the first included, is added by _add_missing
        page=page,
    )


def _add_missing(timeline, values: dict, given: set[str]) -> None:
    """Record the stages whose date differs from what the timeline holds, in the order of the track. The dates the
    file gives were checked by validate(); a publication date only implied by the review's own is skipped when it
    cannot be right for the panel's timeline (before the review started)."""
    recorded = reached(timeline)
    for stage in stages_of(timeline.review_type):
        date = values["dates"].get(stage.key)
        if date is None or recorded.get(stage.key) == date:
            continue
        decision = values["decision"] if stage.key == "decided" else ""
        try:
            record_stage(timeline, stage.key, date, note=IMPORTED, decision=decision)
        except ValidationError:
            if stage.key in given:
                raise
            logger.warning("%s: publication on %s not recorded on its timeline", timeline.ref, date)


def export(page) -> dict | None:
    """The page's timeline in the exchange format, or None when it has none."""
    timeline = ReviewTimeline.objects.filter(page=page).prefetch_related("events").first()
    if timeline is None:
        return None
    dates = reached(timeline)
    value = {stage.key: dates[stage.key].isoformat() for stage in stages_of(timeline.review_type) if stage.key in dates}
    if timeline.decision:
        value["decision"] = timeline.decision
    return value
