"""Reviews in progress: stages and deadlines in working days, recorded history, decisions, publication, settings."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from kb.models import Partnership
from reviews.models import PartnershipTimescale, ReviewTimeline, StageEvent
from reviews.timeline.recording import open_review, record_stage
from reviews.timeline.schedule import deadlines, next_deadline
from tests.factories import create_review

pytestmark = pytest.mark.django_db
D = datetime.date
NOTIFIED = D(2025, 12, 19)  # the Friday before Christmas 2025
TODAY = D(2026, 1, 5)


def partnership(name="Northvale Safeguarding Children Partnership", nation="england") -> Partnership:
    return Partnership.objects.get_or_create(name=name, defaults={"nation": nation})[0]


def rapid(ref="RR-2025-14", notified=NOTIFIED, **extra) -> ReviewTimeline:
    """A rapid review whose serious incident was notified on `notified` (the local authority knew the day before)."""
    timeline = open_review(
        ref=ref,
        review_type="rapid",
        title="Baby R",
        partnership=extra.pop("partnership", None) or partnership(),
        started_on=notified - datetime.timedelta(days=1),
        **extra,
    )
    record_stage(timeline, "notified", notified)
    return timeline


def due(timeline, stage: str, today=TODAY):
    return {d.stage.key: d for d in deadlines(timeline, today)}[stage]


def timeline_json(*refs) -> dict:
    out = StringIO()
    call_command("review_timeline", *[arg for ref in refs for arg in ("--ref", ref)], "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_rapid_review_notified_before_christmas_is_due_on_14_january():
    timeline = rapid()
    assert due(timeline, "rapid_review_sent").due == D(2026, 1, 14)
    assert due(timeline, "decided").due == D(2026, 1, 14)
    assert due(timeline, "notified").done == D(2025, 12, 19)


def test_the_command_gives_the_deadlines_as_json():
    rapid()
    data = timeline_json("RR-2025-14")
    review = data["reviews"][0]
    assert (review["ref"], review["type"], review["stage"]) == ("RR-2025-14", "rapid", "notified")
    sent = next(d for d in review["deadlines"] if d["stage"] == "rapid_review_sent")
    assert sent["due"] == "2026-01-14" and sent["done"] is None and isinstance(sent["working_days_left"], int)


def test_the_command_refuses_an_unknown_ref():
    with pytest.raises(CommandError, match="No review in progress with ref: NOPE"):
        call_command("review_timeline", "--ref", "NOPE")


def test_working_days_follow_the_partnerships_nation():
    scottish = partnership("Glenvale Child Protection Committee", nation="scotland")
    timeline = rapid(partnership=scottish)
    assert due(timeline, "rapid_review_sent").due == D(2026, 1, 15)  # 2 January is a holiday in Scotland


def test_a_decision_for_a_local_review_sets_its_six_months():
    timeline = rapid()
    record_stage(timeline, "rapid_review_sent", D(2026, 1, 13))
    record_stage(timeline, "decided", D(2026, 1, 14), decision="lcspr")
    assert due(timeline, "completed").due == D(2026, 7, 14)
    assert timeline.is_open


def test_no_further_review_closes_the_timeline():
    timeline = rapid()
    record_stage(timeline, "rapid_review_sent", D(2026, 1, 13))
    record_stage(timeline, "decided", D(2026, 1, 14), decision="no_further_review")
    timeline.refresh_from_db()
    assert timeline.closed_on == D(2026, 1, 14)
    assert not due(timeline, "completed").applies


def test_entries_are_never_edited_and_a_later_entry_corrects_an_earlier_one():
    timeline = rapid()
    event = timeline.events.get(stage="notified")
    event.date = D(2025, 12, 20)
    with pytest.raises(ValidationError, match="never edited"):
        event.save()
    record_stage(timeline, "notified", D(2025, 12, 22), note="The notification went on Monday, not Friday.")
    assert due(timeline, "notified").done == D(2025, 12, 22)
    assert timeline.events.filter(stage="notified").count() == 2


@pytest.mark.parametrize(
    "stage, date, decision, message",
    [
        ("referred", D(2026, 1, 2), "", "has these stages"),  # a stage of adults reviews only
        ("decided", D(2026, 1, 2), "", "Record which decision"),
        ("notified", datetime.date.today() + datetime.timedelta(days=3), "", "in the future"),
        ("rapid_review_sent", D(2025, 1, 1), "", "before it"),
        ("notified", D(2026, 1, 2), "lcspr", "with the 'decided' stage only"),
    ],
)
def test_impossible_entries_are_refused_with_a_reason(stage, date, decision, message):
    timeline = rapid()
    with pytest.raises(ValidationError, match=message):
        record_stage(timeline, stage, date, decision=decision)


def test_a_partnerships_own_timescale_applies_to_reviews_started_later_only():
    board = partnership("Northvale Safeguarding Adults Board")
    before = open_review(ref="SAR-1", review_type="sar", title="Adult A", partnership=board, started_on=D(2025, 3, 1))
    record_stage(before, "decided", D(2025, 4, 1), decision="sar")
    PartnershipTimescale.objects.create(
        partnership=board, track="adult", stage="completed", after="decided", amount=4, unit="months"
    )
    after = open_review(ref="SAR-2", review_type="sar", title="Adult B", partnership=board, started_on=D(2025, 3, 1))
    record_stage(after, "decided", D(2025, 4, 1), decision="sar")
    assert due(before, "completed").due == D(2025, 10, 1)  # the statutory six months it started with
    assert due(after, "completed").due == D(2025, 8, 1)


def test_publishing_the_review_page_records_publication_and_closes_it(committed):
    timeline = rapid(ref="HSCP-CSPR-2026-01")
    record_stage(timeline, "rapid_review_sent", D(2026, 1, 13))
    record_stage(timeline, "decided", D(2026, 1, 14), decision="lcspr")
    record_stage(timeline, "completed", D(2026, 6, 30))
    with committed():
        page = create_review(ref="HSCP-CSPR-2026-01", type="cspr", published="2026-07-10")
    timeline.refresh_from_db()
    assert timeline.page_id == page.pk
    assert timeline.closed_on == D(2026, 7, 10)
    assert timeline.events.filter(stage="published").count() == 1


def test_the_next_deadline_is_the_earliest_still_to_come():
    timeline = rapid()
    assert next_deadline(deadlines(timeline, D(2026, 1, 5))).stage.key == "rapid_review_sent"
    assert StageEvent.objects.filter(timeline=timeline).count() == 2
