"""Admin wiring for learning: the 'start a briefing' view and the buttons that lead to it."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.widgets import Button

from reviews.models import ReviewPage

from .briefings import can_start_briefing
from .citations import citable_reviews
from .models import LearningIndexPage
from .views import start_briefing, start_briefing_url

LABEL = "Start a 7-minute briefing"


@hooks.register("register_admin_urls")
def learning_admin_urls():
    return [path("learning/start-briefing/", start_briefing, name="learning_start_briefing")]


def start_button(page, user, priority: int):
    """A link to the start form (which creates nothing until posted), for reviews and the Learning Hub."""
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, (ReviewPage, LearningIndexPage)):
        return None
    if not can_start_briefing(user):
        return None
    review = page if issubclass(specific_class, ReviewPage) else None
    label = f"{LABEL} from this review" if review else f"{LABEL} from a review"
    return Button(label, url=start_briefing_url(review), icon_name="doc-full", priority=priority)


@hooks.register("register_page_header_buttons")
def start_briefing_header_button(page, user, view_name, next_url=None):
    button = start_button(page, user, priority=80)
    return [button] if button else []


@hooks.register("register_page_listing_more_buttons")
def start_briefing_listing_button(page, user, next_url=None):
    button = start_button(page, user, priority=80)
    return [button] if button else []


@hooks.register("construct_page_chooser_queryset")
def offer_only_citable_reviews(pages, request):
    """A chooser asking for reviews (briefing sources, case studies, starting a briefing) offers only those the
    public may see: learning never cites a draft or private review, and trainers never see their titles."""
    if (request.GET.get("page_type") or "").lower() != "reviews.reviewpage":
        return pages
    hidden = ReviewPage.objects.exclude(pk__in=citable_reviews().values("pk"))
    return pages.exclude(pk__in=hidden.values("pk"))
