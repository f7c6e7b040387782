"""A trainer's journey in a real browser: start a 7-minute briefing from a review, complete it, publish it and
download its PDF."""

import io
import json
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

REVIEW_TITLE = "Child W: online grooming of a child educated at home"
REVIEW_REF = "HSCP-CSPR-2025-01"
START_LINK = "Start a 7-minute briefing from a review"
PDF_HEADINGS = (
    "Background",
    "Why it matters",
    "Key information",
    "Things to note and remember",
    "What to do",
    "Reflective questions",
    "Sources",
)


def open_start_form(page):
    """Pages → Learning Hub, then the index's header actions → start a briefing (the trainer's way in)."""
    page.get_by_role("button", name="Pages").click()
    page.locator(".sidebar").get_by_role("link", name="Learning Hub", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.locator("header").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name=START_LINK).click()
    page.wait_for_url(re.compile(r"/admin/learning/start-briefing/$"))


def choose_review(page, search: str, title: str):
    """Pick a review in the page chooser modal by searching for it."""
    page.get_by_role("button", name="Choose a page (Review)").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("textbox", name="Search term").fill(search)
    modal.get_by_role("link", name=title).click()
    expect(page.locator(".modal-backdrop")).to_have_count(0)
    expect(page.locator("#id_review-chooser [data-chooser-title]")).to_have_text(title)


def type_rich_text(page, field: str, text: str):
    """Click into a field's Draftail editor and type; wait until Draftail has written it to the form."""
    page.locator(f"[data-contentpath={field}] [contenteditable=true]").click()
    page.keyboard.type(text)
    block = '"text":' + json.dumps(text, ensure_ascii=False)  # Draftail's JSON: one block with exactly this text
    expect(page.locator(f"input[name={field}]")).to_have_value(re.compile(re.escape(block)))


def footer_action(page, label: str):
    """Click an action in the editor's footer menu (the first is the main button, the rest under More actions)."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=label, exact=True).click()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_a_trainer_starts_completes_publishes_and_prints_a_briefing(page, site):
    sign_in(page, site, "trainer")
    open_start_form(page)
    choose_review(page, "online grooming", REVIEW_TITLE)
    screenshot(page, "journey-trainer-start-briefing")
    page.get_by_role("button", name="Create draft briefing").click()

    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.locator(".messages")).to_contain_text(f"Draft briefing created from {REVIEW_REF}")
    expect(page.locator("#id_title")).to_have_value(f"7-minute briefing: {REVIEW_TITLE}")
    expect(page.locator("[data-contentpath=background] [contenteditable=true]")).to_contain_text("Child W")
    why = "Grooming can move from a game chat to sexual abuse within days."
    note = "Home education is not in itself a safeguarding concern; isolation can be."
    type_rich_text(page, "why_it_matters", why)
    type_rich_text(page, "things_to_note", note)
    screenshot(page, "journey-trainer-briefing-completed")
    footer_action(page, "Publish")

    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    message = page.locator(".messages .success")
    expect(message).to_contain_text("has been published")
    live_path = message.get_by_role("link", name="View live").get_attribute("href")
    assert re.fullmatch(r"/learning/hscp-cspr-2025-01-briefing(-\d+)?/", live_path)

    page.context.clear_cookies()  # the public site, as a practitioner meets it
    title = f"7-minute briefing: {REVIEW_TITLE}"
    page.goto(f"{site}/learning/")
    listed_pdf = page.locator(f'a[href="{live_path}pdf/"]')
    expect(listed_pdf).to_have_accessible_name(f"Download {title} as PDF")  # not one of many "Download as PDF"
    page.locator(f'h3 a[href="{live_path}"]').click()
    page.wait_for_url(site + live_path)
    expect(page.locator("h1")).to_have_text(title)
    for heading in ("1. Background", "2. Why it matters", "Things to note and remember", "What to do"):
        expect(page.get_by_role("heading", name=re.compile(re.escape(heading)))).to_be_visible()
    expect(page.get_by_text(note)).to_be_visible()
    expect(page.get_by_role("link", name=REVIEW_REF)).to_be_visible()
    screenshot(page, "journey-trainer-briefing-live")

    pdf_link = page.get_by_role("link", name="Download this briefing as a PDF")
    pdf_url = site + pdf_link.get_attribute("href")
    assert pdf_url == f"{site}{live_path}pdf/"
    response = page.request.get(pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert "-7-minute-briefing.pdf" in response.headers["content-disposition"]
    text = pdf_text(response.body())
    for heading in PDF_HEADINGS:
        assert heading in text, heading
    assert REVIEW_REF in text and why in text and note in text


def test_the_review_chooser_opens_under_the_sites_content_security_policy(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced, unlike `page`
    try:
        page = context.new_page()
        sign_in(page, site, "trainer")
        open_start_form(page)
        page.get_by_role("button", name="Choose a page (Review)").click()
        expect(page.locator(".modal-dialog")).to_be_visible(timeout=5000)
    finally:
        context.close()
