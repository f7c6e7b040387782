"""Admin hooks of the publishing rule: a direct publish of a review is refused by its permission tester
(permissions.py) and the edit is saved as a draft instead, so nothing is lost; these say why, and what to do."""

from django.contrib import messages
from wagtail import hooks

from ..models import ReviewPage


@hooks.register("before_edit_page")
def explain_that_reviews_are_published_by_the_workflow(request, page):
    """A direct publish of a review is refused by its permission tester (reviews/publishing/permissions.py) and the
    edit is saved as a draft instead: nothing is lost. Say why, and what to do."""
    specific = page.specific_class or type(page)
    if (
        request.method == "POST"
        and "action-publish" in request.POST
        and issubclass(specific, ReviewPage)
        and not page.permissions_for_user(request.user).can_publish()
    ):
        messages.warning(request, "Reviews are published through the Review publication workflow: submit it.")


@hooks.register("before_create_page")
def explain_that_new_reviews_are_published_by_the_workflow(request, parent_page, page_class):
    if (
        page_class is ReviewPage
        and request.method == "POST"
        and "action-publish" in request.POST
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        messages.warning(request, "Reviews are published through the Review publication workflow: submit it.")
