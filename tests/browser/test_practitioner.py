"""A practitioner's journeys in a real browser: search, filter, land on a finding; also without JavaScript."""

import re

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_search_filter_and_land_on_the_finding(page, site):
    page.goto(f"{site}/")
    page.fill("#site-search", "bruising")
    page.click("form[role=search] button")
    page.wait_for_url(re.compile(r"/search/\?q=bruising"))
    assert "results for “bruising”" in page.inner_text("#results-heading")

    page.check("input[name=theme][value=bruising-non-mobile-infants]")
    page.check("input[name=kind][value=finding]")
    page.click("text=Apply filters")
    page.wait_for_url(re.compile(r"theme=bruising-non-mobile-infants"))
    assert page.is_checked("input[name=theme][value=bruising-non-mobile-infants]")
    screenshot(page, "journey-search-filtered")

    first = page.locator("ol li h3 a").first
    href = first.get_attribute("href")
    assert re.search(r"#finding-\d+$", href)
    first.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    anchor = href.split("#")[1]
    target = page.locator(f"#{anchor}")
    assert target.is_visible()
    assert page.evaluate("() => document.querySelector(':target')?.id") == anchor
    box = target.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]  # scrolled to the finding


def test_search_and_filters_work_without_javascript(page_without_js, site):
    page = page_without_js
    page.goto(f"{site}/search/")
    page.fill("#q", "neglect")
    page.click("#search-form button[type=submit] >> nth=0")
    page.wait_for_url(re.compile(r"q=neglect"))
    before = page.inner_text("#results-heading")
    page.check("input[name=kind][value=recommendation]")
    page.click("text=Apply filters")
    page.wait_for_url(re.compile(r"kind=recommendation"))
    after = page.inner_text("#results-heading")
    assert after != before and "results" in after
    labels = page.locator("ol li p strong").all_inner_texts()
    assert labels and set(labels) == {"Recommendation"}


def test_keyboard_only_search(page, site):
    page.goto(f"{site}/")
    page.keyboard.press("Tab")  # skip link
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to main content"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "site-search":
            break
    assert page.evaluate("() => document.activeElement.id") == "site-search"
    page.keyboard.type("domestic abuse")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=domestic"))
    assert int(page.inner_text("#results-heading").split()[0]) > 0


def test_a_typo_is_corrected_and_the_words_as_typed_are_one_click_away(page, site):
    page.goto(f"{site}/search/?q=chronolgy")
    said = page.locator("#search-corrected")
    assert said.inner_text().startswith("Showing results for chronology.")
    assert int(page.inner_text("#results-heading").split()[0]) > 0
    screenshot(page, "journey-search-corrected")
    said.locator("a").click()
    page.wait_for_url(re.compile(r"as_typed=1"))
    assert page.locator("#search-corrected").count() == 0
    assert page.inner_text("#results-heading").startswith("0 results")
