"""Starting a 7-minute briefing from a review: a draft prefilled from the review's summary and learning."""

from django.utils.html import escape
from django.utils.text import slugify
from wagtail.log_actions import log

from kb.text import plain_text_to_rich_text

from .citations import CITE_PUBLISHED_ONLY, is_citable
from .models import MAX_LEARNING_POINTS, BriefingPage, BriefingSource, LearningIndexPage

DEFAULT_QUESTIONS = [
    "What does this learning mean for your own practice?",
    "What will you do differently from tomorrow?",
    "How will we know the learning is embedded?",
]


def learning_index() -> LearningIndexPage | None:
    """The Learning Hub index page, where briefings live."""
    return LearningIndexPage.objects.first()


def can_start_briefing(user, index: LearningIndexPage | None = None) -> bool:
    """May this user add a briefing under the Learning Hub index?"""
    index = index or learning_index()
    return (
        index is not None and BriefingPage.can_create_at(index) and index.permissions_for_user(user).can_add_subpage()
    )


def key_points_from(review) -> list[tuple[str, dict]]:
    """The review's first findings (up to three) as learning points, in StreamField form."""
    findings = list(review.findings.all()[:MAX_LEARNING_POINTS])
    return [("point", {"title": f"Finding {f.number}", "text": plain_text_to_rich_text(f.text)}) for f in findings]


def what_to_do_from(review) -> str:
    """The review's recommendations as a numbered list of rich text."""
    items = "".join(f"<li>{escape(r.text)}</li>" for r in review.recommendations.all())
    return f"<ol>{items}</ol>" if items else ""


def free_slug(index: LearningIndexPage, base: str) -> str:
    """base, or base-2, base-3… whichever no sibling uses yet."""
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def briefing_from_review(review, user, index: LearningIndexPage | None = None) -> BriefingPage:
    """Create a DRAFT briefing under the Learning Hub, prefilled from the review and citing it as its source."""
    if not is_citable(review.pk):
        raise ValueError(CITE_PUBLISHED_ONLY)
    index = index or learning_index()
    title = f"7-minute briefing: {review.title}"
    briefing = BriefingPage(
        title=title,
        draft_title=title,
        slug=free_slug(index, slugify(f"{review.ref}-briefing")),
        live=False,
        owner=user,
        background=review.summary,
        why_it_matters="",
        key_points=key_points_from(review),
        things_to_note="",
        what_to_do=what_to_do_from(review),
        reflective_questions=[("question", q) for q in DEFAULT_QUESTIONS],
    )
    briefing.source_reviews = [BriefingSource(review=review)]
    briefing.themes.set(list(review.themes.all()))
    index.add_child(instance=briefing)
    # A draft: required sections are completed by the trainer before publishing, as in the admin's own drafts.
    briefing.save_revision(user=user, clean=False)
    log(instance=briefing, action="wagtail.create", user=user)
    return briefing
