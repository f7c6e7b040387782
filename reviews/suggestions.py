"""Themes suggested for a review and for each of its findings and recommendations, from their text, the same way
in the editor (panels.py) and on a dry-run import (management/commands/import_reviews.py): search suggests them
(search.service.theme_suggestions); nobody's themes change until a person chooses them."""

from kb.text import rich_text_to_plain_text
from kb.vocabulary import HitKind
from search.service import theme_suggestions

REVIEW_KINDS = (HitKind.REVIEW.value,)  # a review is like other reviews
LEARNING_KINDS = (HitKind.FINDING.value, HitKind.RECOMMENDATION.value)  # a piece of learning like other learning


def is_review(item) -> bool:
    """A review (a page or an import record) rather than a finding or recommendation: it has a summary."""
    return hasattr(item, "summary")


def suggestion_text(item) -> str:
    """What themes are suggested from: a review's title and summary; a finding's or recommendation's text."""
    if is_review(item):
        return f"{item.title}. {rich_text_to_plain_text(item.summary or '')}".strip(". ")
    return item.text or ""


def slugs(themes) -> list[str]:
    """The slugs of a themes manager (a page's, a finding's) or of a list of themes (an import record's)."""
    return [theme.slug for theme in (themes.all() if hasattr(themes, "all") else themes)]


def suggest(item, tagged, page_id: int | None = None) -> list:
    """Themes for a review, finding or recommendation (page or record) not among `tagged` (slugs); the
    documents of `page_id`, the review itself once published, do not count as like it."""
    kinds = REVIEW_KINDS if is_review(item) else LEARNING_KINDS
    return theme_suggestions(suggestion_text(item), kinds, tuple(tagged), page_id)


def for_record(record, page_id: int | None = None) -> list[tuple[str, list]]:
    """(where, suggestions) for an import record: the review, then each finding and recommendation that has some.
    The review's themes are left out of its learning's: search counts its findings as tagged with them already."""
    inherited = slugs(record.themes)
    found = [("review", suggest(record, inherited, page_id))]
    for number, finding in enumerate(record.findings, start=1):
        found.append((f"finding {number}", suggest(finding, inherited + slugs(finding.themes), page_id)))
    for recommendation in record.recommendations:
        tagged = inherited + slugs(recommendation.themes)
        found.append((f"recommendation {recommendation.number}", suggest(recommendation, tagged, page_id)))
    return [(where, suggestions) for where, suggestions in found if suggestions]
