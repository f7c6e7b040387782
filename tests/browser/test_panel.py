"""The review panel's journey in a real browser: a review with an identifier is blocked by the anonymisation check,
sent back, fixed, resubmitted and approved by the panel chair."""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

PHONE = "07700 900123"
PARTNERSHIP = "Northvale Safeguarding Children Partnership"
WORKFLOW_SUBMIT = "Submit to Review publication"
RESUBMIT = "Resubmit to Anonymisation check"


def open_new_review_form(page):
    """Pages → Reviews, then Add child page (reviews are the index's only child type)."""
    page.get_by_role("button", name="Pages").click()
    page.locator(".sidebar").get_by_role("link", name="Reviews", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.get_by_role("link", name="Add child page").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/reviews/reviewpage/\d+/$"))


def fill_review(page, title: str, ref: str, summary: str) -> str:
    """The required fields of a new review; returns its slug (made from the title as the editor types)."""
    page.get_by_role("textbox", name="Title*").fill(title)
    page.get_by_role("textbox", name="Reference*").fill(ref)
    page.get_by_role("combobox", name="Type*").select_option(label="Partnership learning review")
    page.get_by_role("button", name="Choose partnership").click()
    page.locator(".modal-dialog").get_by_role("link", name=PARTNERSHIP).click()
    expect(page.locator(".modal-backdrop")).to_have_count(0)
    expect(page.locator("#id_partnership-chooser [data-chooser-title]")).to_have_text(PARTNERSHIP)
    replace_rich_text(page, "summary", summary)
    expect(page.locator("#id_slug")).not_to_have_value("")
    return page.input_value("#id_slug")


def replace_rich_text(page, field: str, text: str):
    """Click into a field's Draftail editor, replace its text, and wait until Draftail has written it to the form."""
    page.locator(f"[data-contentpath={field}] [contenteditable=true]").click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    block = '"text":' + json.dumps(text, ensure_ascii=False)  # Draftail's JSON: one block with exactly this text
    expect(page.locator(f"input[name={field}]")).to_have_value(re.compile(re.escape(block)))


def footer_actions(page):
    """Open the editor's footer menu; returns the footer, whose buttons are then visible."""
    page.get_by_role("button", name="More actions").click()
    return page.locator("footer")


def workflow_row(page, section: str, title: str):
    """The dashboard row for this page in one of the workflow panels."""
    panel = page.locator("section").filter(has=page.get_by_role("heading", name=section))
    return panel.locator("tr").filter(has=page.get_by_role("link", name=title, exact=True))


def test_an_identifier_blocks_publication_until_removed_then_the_chair_approves(page, chair_page, site):
    token = uuid.uuid4().hex[:6].upper()
    title = f"Child Q{token}: missed health visits"
    ref = f"E2E-PCR-2026-{token}"
    kept = f"Child Q{token}'s mother was not seen at home after the birth."

    # The panel member writes the review, with a mobile number left in the summary, and submits it.
    sign_in(page, site, "panel")
    open_new_review_form(page)
    slug = fill_review(page, title, ref, f"{kept} Call {PHONE} to arrange a visit.")
    footer_actions(page).get_by_role("button", name=WORKFLOW_SUBMIT).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(
        re.compile(rf"Page '{re.escape(title)}' .*submitted for moderation")
    )
    page.goto(f"{site}/admin/")
    mine = workflow_row(page, "Your pages and snippets in a workflow", title)
    expect(mine).to_contain_text("Awaiting Anonymisation check")
    public_url = f"{site}/reviews/{slug}/"
    assert page.request.get(public_url).status == 404

    # The chair finds it blocked at the check: no plain Approve, and the identifier is named in the override.
    sign_in(chair_page, site, "chair")
    workflow_row(chair_page, "Awaiting your review", title).get_by_role("link", name=title).click()
    chair_page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    chair_page.get_by_role("button", name="Toggle status").click()
    expect(chair_page.locator("[data-side-panel=status]")).to_contain_text("Sent to Anonymisation check")
    footer = footer_actions(chair_page)
    expect(footer.get_by_role("button", name="Request changes")).to_be_visible()
    expect(footer.get_by_role("button", name="Override and approve")).to_be_visible()
    expect(footer.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    footer.get_by_role("button", name="Override and approve").click()
    modal = chair_page.locator(".modal-dialog")
    expect(modal).to_contain_text(f"phone number in summary: “{PHONE}”")
    chair_page.wait_for_function("() => getComputedStyle(document.querySelector('.modal')).opacity === '1'")
    screenshot(chair_page, "journey-panel-override-lists-identifier")
    modal.get_by_role("button", name="Close").click()
    expect(chair_page.locator(".modal-backdrop")).to_have_count(0)
    footer_actions(chair_page).get_by_role("button", name="Request changes").click()
    modal.get_by_label("Comment").fill("Please remove the phone number from the summary.")
    modal.get_by_role("button", name="Request changes").click()
    chair_page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    # The panel member removes the number and resubmits; the check passes by itself.
    page.goto(f"{site}/admin/")
    mine = workflow_row(page, "Your pages and snippets in a workflow", title)
    expect(mine).to_contain_text("Changes requested at Anonymisation check")
    mine.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    replace_rich_text(page, "summary", kept)
    footer_actions(page).get_by_role("button", name=RESUBMIT).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.goto(f"{site}/admin/")
    expect(workflow_row(page, "Your pages and snippets in a workflow", title)).to_contain_text(
        "Awaiting Panel chair approval"
    )
    assert page.request.get(public_url).status == 404

    # The chair approves from the dashboard, which publishes the review.
    chair_page.goto(f"{site}/admin/")
    row = workflow_row(chair_page, "Awaiting your review", title)
    screenshot(chair_page, "journey-panel-awaiting-chair")
    row.get_by_role("button", name="Actions").click()
    with chair_page.expect_navigation():  # the action is posted, then the dashboard reloads
        row.get_by_role("button", name="Approve", exact=True).click()
    expect(row).to_have_count(0)

    page.goto(public_url)
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(kept)
    expect(page.locator("main")).not_to_contain_text(PHONE)
    expect(page.locator("main")).to_contain_text(ref)
    screenshot(page, "journey-panel-review-published")


@pytest.mark.parametrize("username", ["panel", "chair"])
def test_a_review_with_an_identifier_cannot_be_published_around_the_workflow(page, site, username):
    token = uuid.uuid4().hex[:6].upper()
    sign_in(page, site, username)
    open_new_review_form(page)
    slug = fill_review(page, f"Child R{token}: a review sent live", f"E2E-PCR-2026-R{token}", f"Call {PHONE}.")
    publish = footer_actions(page).get_by_role("button", name="Publish", exact=True)
    if publish.count():  # whether the fix removes the action or refuses it, the review must not go live
        with page.expect_navigation():
            publish.click()
    assert page.request.get(f"{site}/reviews/{slug}/").status == 404


def test_the_partnership_chooser_opens_under_the_sites_content_security_policy(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced, unlike `page`
    try:
        page = context.new_page()
        sign_in(page, site, "panel")
        open_new_review_form(page)
        page.get_by_role("button", name="Choose partnership").click()
        expect(page.locator(".modal-dialog")).to_be_visible(timeout=5000)
    finally:
        context.close()
