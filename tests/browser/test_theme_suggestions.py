"""Suggested themes in the review editor, in a real browser under the site's content security policy: a
suggestion's button puts the theme in the finding's themes field, and a finding's text as typed gets its own
suggestions before it is saved."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

REVIEW = "Baby M: unexplained bruising and a head injury at eleven weeks"  # demo content: its first finding says GP


@pytest.fixture
def editor(browser, site):
    """Baby M's review open in the editor, as the review panel, with the site's CSP enforced."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        sign_in(page, site, "panel")
        page.goto(f"{site}/admin/pages/search/?q=Baby+M")
        page.get_by_role("link", name=REVIEW).first.click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        yield page
    finally:
        context.close()


def test_a_suggested_theme_is_added_to_the_field_by_its_button(editor):
    box = editor.locator('[data-kb-theme-suggestions][data-field="id_findings-0-themes"]')
    suggestion = box.locator('li[data-theme="primary-care"]')
    expect(suggestion).to_contain_text("named in the text: ‘GP’")
    name = suggestion.locator("strong").inner_text()
    field = editor.locator("#id_findings-0-themes")
    assert name not in field.input_value()
    suggestion.get_by_role("button", name=f"Add {name}").click()
    expect(suggestion.get_by_role("button", name=f"Added {name}")).to_be_disabled()
    expect(field).to_have_value(re.compile(re.escape(name)))
    tags = field.locator("xpath=following-sibling::ul[contains(@class, 'tagit')]")
    expect(tags).to_contain_text(name)  # shown as the widget shows the themes already there


def test_a_findings_text_as_typed_gets_suggestions_before_it_is_saved(editor):
    box = editor.locator('[data-kb-theme-suggestions][data-field="id_findings-0-themes"]')
    expect(box.locator('li[data-theme="sudi-safer-sleep"]')).to_have_count(0)
    editor.locator("#id_findings-0-text").fill("The parents were co-sleeping with the baby.")
    box.get_by_role("button", name="Suggest from the text as it is now").click()
    suggestion = box.locator('li[data-theme="sudi-safer-sleep"]')
    expect(suggestion).to_contain_text("named in the text: ‘co-sleeping’")
    expect(box).to_contain_text("from the text as it is now")
    expect(box.locator('li[data-theme="primary-care"]')).to_have_count(0)  # the GP is no longer in the text
    name = suggestion.locator("strong").inner_text()
    suggestion.get_by_role("button", name=f"Add {name}").click()
    expect(editor.locator("#id_findings-0-themes")).to_have_value(re.compile(re.escape(name)))


def test_a_finding_added_in_the_editor_can_ask_for_suggestions(editor):
    findings = editor.locator("[data-kb-theme-suggestions][data-text-field^='id_findings-']")
    before = findings.count()
    editor.get_by_role("button", name="Add Finding").last.click()
    expect(findings).to_have_count(before + 1)
    added = findings.nth(before)
    editor.locator(f"#{added.get_attribute('data-text-field')}").fill("Nobody asked about co-sleeping.")
    added.get_by_role("button", name="Suggest from the text as it is now").click()
    expect(added.locator('li[data-theme="sudi-safer-sleep"]')).to_contain_text("named in the text: ‘co-sleeping’")
