"""A review in progress in a real browser: the panel records notification, rapid review, decision and the local
review's completion; the review is written, approved by the chair, and its publication closes the timeline."""

import datetime
import re
import uuid

import pytest
from playwright.sync_api import expect

from kb.working_days import add_working_days

from .conftest import screenshot, sign_in
from .test_panel import (
    PARTNERSHIP,
    WORKFLOW_SUBMIT,
    footer_actions,
    open_new_review_form,
    replace_rich_text,
    workflow_row,
)

pytestmark = pytest.mark.browser


def record(page, site, ref: str, stage: str, date: datetime.date, note: str, decision: str | None = None):
    """Open the review's page, record one stage, and wait for the listing the form returns to."""
    open_timeline(page, site, ref)
    page.locator("#id_stage").select_option(label=stage)
    page.locator("#id_date").fill(date.isoformat())
    if decision:
        page.locator("#id_decision").select_option(label=decision)
    page.locator("#id_note").fill(note)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")


def open_timeline(page, site, ref: str):
    page.goto(f"{site}/admin/reviews_in_progress/")
    page.get_by_role("link", name=ref).click()
    page.wait_for_url(re.compile(r"/admin/reviews_in_progress/edit/\d+/$"))


def test_a_local_review_from_notification_to_publication(page, chair_page, site):
    token = uuid.uuid4().hex[:6].upper()
    ref, title = f"E2E-CSPR-{token}", f"Child T{token}: a local review"
    today = datetime.date.today()
    aware, notified = today - datetime.timedelta(days=200), today - datetime.timedelta(days=197)

    # Notification: the panel member opens the review in progress from the day the local authority knew.
    sign_in(page, site, "panel")
    page.get_by_role("link", name="Reviews in progress").first.click()
    page.get_by_role("link", name="Add review in progress").first.click()
    page.locator("#id_ref").fill(ref)
    page.locator("#id_review_type").select_option(label="Local Child Safeguarding Practice Review")
    page.locator("#id_title").fill(title)
    page.locator("#id_partnership").select_option(label=PARTNERSHIP)
    page.locator("#id_started_on").fill(aware.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Create").click()
    record(page, site, ref, "Serious incident notified to the national panel", notified, "Notified the same week.")
    sent_due = add_working_days(notified, 15, "england")
    open_timeline(page, site, ref)
    schedule = page.locator("table").first
    expect(schedule).to_contain_text(f"{sent_due:%a} {sent_due.day} {sent_due:%b %Y}")
    screenshot(page, "journey-timeline-notified")

    # Rapid review, decision, local review.
    sent = add_working_days(notified, 12, "england")
    record(page, site, ref, "Rapid review sent to the national panel", sent, "Sent on day 12.")
    record(
        page,
        site,
        ref,
        "Decision on a local or national review",
        sent,
        "A local review.",
        "Local child safeguarding practice review",
    )
    completed = today - datetime.timedelta(days=20)
    record(page, site, ref, "Local child safeguarding practice review completed", completed, "Report signed off.")
    open_timeline(page, site, ref)
    expect(page.locator("main")).not_to_contain_text("Overdue")

    # The review is written with the same reference, submitted, and approved by the chair.
    open_new_review_form(page)
    page.get_by_role("textbox", name="Title*").fill(title)
    page.get_by_role("textbox", name="Reference*").fill(ref)
    page.get_by_role("combobox", name="Type*").select_option(label="Local Child Safeguarding Practice Review")
    page.get_by_role("button", name="Choose partnership").click()
    page.locator(".modal-dialog").get_by_role("link", name=PARTNERSHIP).click()
    expect(page.locator(".modal-backdrop")).to_have_count(0)
    replace_rich_text(page, "summary", f"Child T{token} was seen by many agencies.")
    footer_actions(page).get_by_role("button", name=WORKFLOW_SUBMIT).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    sign_in(chair_page, site, "chair")
    row = workflow_row(chair_page, "Awaiting your review", title)
    row.get_by_role("button", name="Actions").click()
    with chair_page.expect_navigation():
        row.get_by_role("button", name="Approve", exact=True).click()

    # Publication closes the timeline, recorded by the workflow, not by hand.
    open_timeline(page, site, ref)
    expect(page.locator("main")).to_contain_text(f"Closed on {today.day} {today:%B %Y}")
    expect(page.locator("main")).to_contain_text("Published through the review publication workflow.")
    screenshot(page, "journey-timeline-published")
