"""Layout a reader notices: the labels of a review's "About this review" list never break inside a word."""

import pytest

pytestmark = pytest.mark.browser

REVIEW = "/reviews/hscp-cspr-2020-01/"
# For each key of the list, the words whose text is laid out on more than one line.
ABOUT = """[...document.querySelectorAll("h2")].find(h => h.textContent.trim() === "About this review")
  .nextElementSibling.querySelectorAll(".govuk-summary-list__key")"""
BROKEN_WORDS = (
    "() => [..."
    + ABOUT
    + """].flatMap(key => {
  const text = key.firstChild;
  const broken = [];
  for (const match of text.textContent.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    if (lines.size > 1) broken.push(match[0]);
  }
  return broken;
})"""
)

# Without the built stylesheet nothing breaks inside a word, and the test would pass for the wrong reason.
STYLED = """() => [...document.styleSheets].some(sheet => {
  try { return (sheet.href || "").includes("/css/kb") && sheet.cssRules.length > 0; } catch { return false; }
})"""
NOT_STYLED = "kb/static/css/kb.css is missing or empty: build it (make install, or npm run build:css)"


@pytest.mark.parametrize("width", [320, 375, 640, 768, 1024, 1280])
def test_about_this_review_keys_never_break_inside_a_word(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + REVIEW)
    assert page.evaluate(STYLED), NOT_STYLED
    assert page.evaluate("() => " + ABOUT + ".length") >= 6
    assert page.evaluate(BROKEN_WORDS) == []
