"""Project-wide admin and serving rules: the shared vocabulary's snippets (themes, partnerships, agencies),
documents served only to those who may see them, and group-restricted pages answering like missing ones."""

from django.http import Http404
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import PageViewRestriction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .documents import may_see_document
from .models import Agency, Partnership, Theme


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


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "slug", "group"]
    list_filter = ["group"]
    search_fields = ["name", "slug", "synonyms"]
    ordering = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("group"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("related"),
    ]


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    list_display = ["name", "nation", "website"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("website"),
        FieldPanel("nation"),
        FieldPanel("business_team_email"),
        InlinePanel(
            "timescales",
            heading="Timescales of our own",
            label="Timescale",
            help_text="Replace a statutory default for reviews started from now on (reviews already in progress "
            "keep theirs).",
        ),
    ]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "site"
    menu_label = "Agencies"
    list_display = ["name"]
    search_fields = ["name"]


class VocabularyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, PartnershipViewSet, AgencyViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Vocabulary"
    menu_name = "vocabulary"


register_snippet(VocabularyGroup)
