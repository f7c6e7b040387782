"""Which reviews learning may cite: only those the public may see. A briefing or hub built from a draft or
private review would publish what the panel has not (or not yet) made public."""

from kb.visibility import visible
from reviews.models import ReviewPage

CITE_PUBLISHED_ONLY = "Choose a published review: drafts and private reviews can never be cited in learning."


def citable_reviews():
    """The reviews learning may draw on, read afresh each time (visibility changes over time)."""
    return visible(ReviewPage.objects.all())


def is_citable(review_id) -> bool:
    """May learning cite this review?"""
    return citable_reviews().filter(pk=review_id).exists()
