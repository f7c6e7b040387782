"""axe-core finds no WCAG 2.2 A or AA violations on any page type, at desktop width and at 375 px."""

import pytest

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "search-results": "/search/?q=neglect&kind=finding",
    "search-zero-results": "/search/?q=xylophonist",
    "search-start": "/search/",
    "review-index": "/reviews/",
    "review": "/reviews/nvscp-scr-2013-01/",
    "themes-index": "/themes/",
    "theme": "/themes/neglect/",
    "insights": "/insights/",
    "learning-index": "/learning/",
    "learning-hub": "/learning/seeing-the-men-bruising-in-babies/",
    "briefing": "/learning/bruising-in-non-mobile-babies/",
    "not-found": "/no-such-page/",
}


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "mobile"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(page, site, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + PAGES[name])
    screenshot(page, f"{name}-{width}")
    assert axe_violations(page) == []
    if width == 375:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at 375 px"
