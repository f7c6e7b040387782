"""A suggested theme in the review editor, in a real browser under the site's content security policy: its button
puts the theme in the finding's themes field, and nothing else changes until the editor saves."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

REVIEW = "Baby M: unexplained bruising and a head injury at eleven weeks"  # demo content: its first finding says GP


def test_a_suggested_theme_is_added_to_the_field_by_its_button(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # CSP enforced
    try:
        page = context.new_page()
        sign_in(page, site, "panel")
        page.goto(f"{site}/admin/pages/search/?q=Baby+M")
        page.get_by_role("link", name=REVIEW).first.click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        box = page.locator('[data-kb-theme-suggestions][data-field="id_findings-0-themes"]')
        suggestion = box.locator('li[data-theme="primary-care"]')
        expect(suggestion).to_contain_text("named in the text: ‘GP’")
        name = suggestion.locator("strong").inner_text()
        field = page.locator("#id_findings-0-themes")
        assert name not in field.input_value()
        suggestion.get_by_role("button", name=f"Add {name}").click()
        expect(suggestion.get_by_role("button", name=f"Added {name}")).to_be_disabled()
        expect(field).to_have_value(re.compile(re.escape(name)))
        tags = field.locator("xpath=following-sibling::ul[contains(@class, 'tagit')]")
        expect(tags).to_contain_text(name)  # shown as the widget shows the themes already there
    finally:
        context.close()
