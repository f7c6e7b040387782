"""Where the panel sees reviews in progress: the dashboard, the page, the timeliness report, reminders, and the
import/export format. Only the Review panel, Panel chairs and Administrators see any of it."""

import csv
import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command

from kb.models import Partnership
from kb.working_days import add_working_days
from reviews.importing import ImportFailed, validate
from reviews.models import ReviewTimeline, TimelineReminder
from reviews.timeline.recording import open_review, record_stage
from reviews.timeline.reminders import send_due_reminders
from reviews.timeline.timeliness import timeliness
from tests.factories import ReviewRecordFactory, import_records
from tests.reviews.test_timeline import partnership, rapid

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["Review panel", "Panel chairs", "Administrators"])
def test_the_panel_sees_the_dashboard_the_page_and_the_report(login, role):
    rapid()
    client = login(role)
    dashboard = client.get("/admin/").content.decode()
    assert "RR-2025-14" in dashboard and "Rapid review sent to the national panel: Wed 14 Jan 2026" in dashboard
    listing = client.get("/admin/reviews_in_progress/")
    assert listing.status_code == 200 and "RR-2025-14" in listing.content.decode()
    assert client.get("/admin/reports/review-timeliness/").status_code == 200


@pytest.mark.parametrize("role", ["Trainers", "Practitioners"])
def test_nobody_else_sees_any_of_it(login, role):
    timeline = rapid()
    client = login(role)
    assert "RR-2025-14" not in client.get("/admin/").content.decode()
    for url in (
        "/admin/reviews_in_progress/",
        f"/admin/reviews_in_progress/edit/{timeline.pk}/",
        "/admin/reports/review-timeliness/",
        "/admin/reports/review-timeliness/?format=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Baby R" not in response.content.decode()


def test_the_dashboard_marks_an_overdue_review(login):
    rapid(notified=D(2025, 1, 6))  # long past its rapid review deadline
    html = login("Review panel").get("/admin/").content.decode()
    assert "Overdue" in html and "(1 overdue)" in html


def test_the_panel_opens_a_review_and_records_stages_in_the_admin(login):
    panel = login("Review panel")
    board = partnership()
    response = panel.post(
        "/admin/reviews_in_progress/new/",
        {
            "ref": "RR-2026-02",
            "review_type": "rapid",
            "title": "Child S",
            "partnership": board.pk,
            "started_on": "2025-12-18",
            "note": "Strategy meeting held.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    timeline = ReviewTimeline.objects.get(ref="RR-2026-02")
    edit = f"/admin/reviews_in_progress/edit/{timeline.pk}/"
    response = panel.post(edit, {"title": "Child S", "stage": "notified", "date": "2025-12-19", "note": "Sent."})
    assert response.status_code == 302
    page = panel.get(edit).content.decode()
    assert "Wed 14 Jan 2026" in page and "Strategy meeting held." in page
    refused = panel.post(edit, {"title": "Child S", "stage": "decided", "date": "2026-01-10", "note": ""})
    assert refused.status_code == 200 and "Record which decision was made." in refused.content.decode()


def test_reminders_go_to_the_lead_reviewer_and_the_business_team_once(django_user_model, settings):
    settings.KB_TIMELINE_REMINDER_DAYS = 3
    lead = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    board = partnership()
    board.business_team_email = "business@example.org"
    board.save()
    timeline = rapid(lead_reviewer=lead)  # rapid review due Wednesday 14 January 2026
    three_days_before = D(2026, 1, 9)
    assert send_due_reminders(three_days_before) == 2  # rapid review sent, and the decision, both due then
    assert sorted(mail.outbox[0].to) == ["business@example.org", "lead@example.org"]
    assert "due in 3 working days" in mail.outbox[0].subject
    assert send_due_reminders(three_days_before) == 0, "each reminder is sent once"
    assert send_due_reminders(D(2026, 1, 15)) == 2
    assert "overdue" in mail.outbox[-1].subject
    record_stage(timeline, "rapid_review_sent", D(2026, 1, 15))
    assert TimelineReminder.objects.count() == 4


def test_the_scheduled_job_sends_the_reminders(django_user_model, settings):
    settings.KB_TIMELINE_REMINDER_DAYS = 3
    today = datetime.date.today()
    notified = today
    while add_working_days(notified, 15, "england") > add_working_days(today, 3, "england"):
        notified -= datetime.timedelta(days=1)
    if add_working_days(notified, 15, "england") != add_working_days(today, 3, "england"):
        pytest.skip("no notification date gives a deadline exactly three working days from today")
    lead = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    rapid(ref="RR-NOW", notified=notified, lead_reviewer=lead)
    call_command("run_scheduled_jobs", verbosity=0)
    assert [m.subject for m in mail.outbox] == [
        "RR-NOW: Rapid review sent to the national panel due in 3 working days",
        "RR-NOW: Decision on a local or national review due in 3 working days",
    ]


def timeliness_fixture() -> None:
    """Three rapid reviews of 2025: two sent on time (in 10 and 15 working days), one late (in 20)."""
    for number, days in enumerate((10, 15, 20), start=1):
        notified = D(2025, 3, 3)
        timeline = rapid(ref=f"RR-T-{number}", notified=notified)
        record_stage(timeline, "rapid_review_sent", add_working_days(notified, days, "england"))


def test_the_timeliness_report_counts_match_the_database(login):
    timeliness_fixture()
    rows = {(row.year, row.review_type, row.stage): row for row in timeliness()}
    sent = rows[(2025, "rapid", "rapid_review_sent")]
    assert (sent.reached, sent.within, sent.percent_within, sent.median_working_days) == (3, 2, 67, 15)
    notified = rows[(2025, "rapid", "notified")]
    assert (notified.reached, notified.within, notified.median_working_days) == (3, 3, 1)
    response = login("Review panel").get("/admin/reports/review-timeliness/", {"format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][:4] == ["year", "type", "stage", "reached"]
    assert ["2025", "Rapid Review", "Rapid review sent to the national panel", "3", "2", "67", "15"] in lines


def test_import_brings_the_timeline_and_export_gives_it_back(tmp_path):
    record = ReviewRecordFactory(
        ref="HSCP-CSPR-2024-02",
        type="cspr",
        published="2024-11-20",
        timeline={
            "aware": "2023-12-01",
            "notified": "2023-12-05",
            "rapid_review_sent": "2023-12-22",
            "decided": "2023-12-22",
            "decision": "lcspr",
            "completed": "2024-09-30",
            "published": "2024-11-20",
        },
    )
    import_records(record)
    timeline = ReviewTimeline.objects.get(ref="HSCP-CSPR-2024-02")
    assert timeline.page.ref == "HSCP-CSPR-2024-02" and timeline.decision == "lcspr"
    assert timeline.closed_on == D(2024, 11, 20)
    sent = {row.stage: row for row in timeliness() if row.year == 2023}["rapid_review_sent"]
    assert (sent.reached, sent.within, sent.median_working_days) == (1, 1, 13)
    export = tmp_path / "export.json"
    call_command("export_reviews", str(export), verbosity=0)
    exported = json.loads(export.read_text())["reviews"][0]["timeline"]
    assert exported == record["timeline"]


@pytest.mark.parametrize(
    "timeline, message",
    [
        ({"referred": "2024-01-01"}, "timeline.referred: is not a stage of this type of review"),
        ({"decided": "2024-01-01", "decision": "sar"}, "timeline.decision: must be one of"),
        ({"decision": "lcspr"}, "timeline.decision: needs the date it was decided"),
        ({"notified": "2999-01-01"}, "timeline.notified: is in the future"),
        ({"aware": "2024-02-01", "notified": "2024-01-01"}, "timeline.notified: is before the review started"),
        ("2024-01-01", "timeline: must be an object"),
    ],
)
def test_bad_timelines_are_refused_whole(timeline, message):
    with pytest.raises(ImportFailed) as failure:
        validate({"reviews": [ReviewRecordFactory(ref="BAD-1", type="rapid", timeline=timeline)]})
    assert message in str(failure.value)
    assert not ReviewTimeline.objects.exists()


def test_reviews_in_progress_never_reach_the_export_without_include_unpublished(tmp_path):
    open_review(
        ref="DHR-2026-01",
        review_type="dhr",
        title="Ms D",
        partnership=partnership("Northvale CSP"),
        started_on=D(2026, 1, 5),
    )
    export = tmp_path / "export.json"
    call_command("export_reviews", str(export), verbosity=0)
    assert "DHR-2026-01" not in export.read_text()
    assert Partnership.objects.filter(name="Northvale CSP").exists()
