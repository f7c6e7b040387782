"""Admin registration for the reviews app: vocabulary snippets, the recommendation tracker and its dashboard panel."""

from django.contrib import messages
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Agency, Partnership, ReviewPage, Theme
from .tracker import RecommendationTrackerViewSet, status_by_agency


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
    list_display = ["name", "website"]
    search_fields = ["name"]


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


tracker_viewset = RecommendationTrackerViewSet("tracker")


@hooks.register("register_admin_viewset")
def register_tracker():
    return tracker_viewset


class TrackerMenuItem(MenuItem):
    def is_shown(self, request):
        return tracker_viewset.permission_policy.user_has_permission(request.user, "change")


@hooks.register("register_reports_menu_item")
def register_tracker_menu_item():
    return TrackerMenuItem("Recommendation tracker", reverse("tracker:index"), icon_name="tasks", order=600)


class RecommendationsByAgencyPanel(Component):
    """Dashboard panel: open and overdue recommendations by owning agency."""

    name = "recommendations_by_agency"
    order = 150
    template_name = "reviews/tracker/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {"rows": status_by_agency(), "tracker_url": reverse("tracker:index")}


@hooks.register("construct_homepage_panels")
def add_recommendations_panel(request, panels):
    if tracker_viewset.permission_policy.user_has_permission(request.user, "change"):
        panels.append(RecommendationsByAgencyPanel())


@hooks.register("construct_page_action_menu")
def reviews_publish_through_the_workflow(menu_items, request, context):
    """Reviews reach the public through "Review publication" (anonymisation check, then the chair), so the
    editor offers no direct Publish for them, except to superusers who administer the service."""
    page = context.get("page")
    if isinstance(page, ReviewPage) and not request.user.is_superuser and page.get_workflow() is not None:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def keep_review_edits_as_a_draft_instead_of_publishing(request, page):
    """A direct publish of a review by anyone but a superuser is saved as a draft instead: nothing is lost,
    and the review still has to pass the workflow (the anonymisation check, then the chair)."""
    if (
        request.method == "POST"
        and "action-publish" in request.POST
        and (isinstance(page, ReviewPage) or isinstance(page.specific, ReviewPage))
        and not request.user.is_superuser
    ):
        request.POST = request.POST.copy()
        del request.POST["action-publish"]
        messages.warning(request, "Reviews are published through the Review publication workflow: submit it.")


@hooks.register("before_create_page")
def keep_new_reviews_as_a_draft_instead_of_publishing(request, parent_page, page_class):
    if page_class is ReviewPage:
        keep_review_edits_as_a_draft_instead_of_publishing(request, ReviewPage())
