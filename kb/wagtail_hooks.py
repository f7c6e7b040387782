"""Project-wide admin and serving rules: documents are served only to those who may see them, and
group-restricted pages answer like missing ones."""

from django.http import Http404
from wagtail import hooks
from wagtail.models import PageViewRestriction

from .documents import may_see_document


@hooks.register("before_serve_document")
def serve_documents_only_to_those_who_may_see_them(document, request):
    """A document of a draft, private or unpublished page answers like a missing one (404), never a hint."""
    if not may_see_document(request, document):
        raise Http404


@hooks.register("before_serve_page", order=-100)
def group_restricted_pages_answer_like_missing_ones(page, request, serve_args, serve_kwargs):
    """Before Wagtail's own check (which sends visitors to sign in): a page restricted to groups the visitor is
    not in is a 404, so its address does not confirm that it exists. Sign-in and password restrictions keep
    their forms, the only way in for the practitioners they are meant for (see README, Visibility)."""
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and not restriction.accept_request(request):
            raise Http404
