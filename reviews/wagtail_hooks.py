"""Admin registration for the reviews app: vocabulary snippets, the recommendation tracker and its dashboard panel."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Agency, Partnership, ReviewPage, Theme
from .timeline.admin import ReviewsInProgressPanel, TimelineViewSet, may_see_timelines, timeliness_report
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


@hooks.register("before_edit_page")
def explain_that_reviews_are_published_by_the_workflow(request, page):
    """A direct publish of a review is refused by its permission tester (reviews/publishing.py) and the edit is
    saved as a draft instead: nothing is lost. Say why, and what to do."""
    specific = page.specific_class or type(page)
    if request.method == "POST" and "action-publish" in request.POST and issubclass(specific, ReviewPage):
        if not page.permissions_for_user(request.user).can_publish():
            messages.warning(request, "Reviews are published through the Review publication workflow: submit it.")


@hooks.register("before_create_page")
def explain_that_new_reviews_are_published_by_the_workflow(request, parent_page, page_class):
    if page_class is ReviewPage and request.method == "POST" and "action-publish" in request.POST:
        if not parent_page.permissions_for_user(request.user).can_publish_subpage():
            messages.warning(request, "Reviews are published through the Review publication workflow: submit it.")


timeline_viewset = TimelineViewSet()


@hooks.register("register_admin_viewset")
def register_reviews_in_progress():
    return timeline_viewset


@hooks.register("register_admin_urls")
def register_timeliness_report_url():
    return [path("reports/review-timeliness/", timeliness_report, name="timeliness_report")]


class TimelinessMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_timelines(request.user)


@hooks.register("register_reports_menu_item")
def register_timeliness_menu_item():
    return TimelinessMenuItem("Review timeliness", reverse("timeliness_report"), icon_name="time", order=650)


@hooks.register("construct_homepage_panels")
def add_reviews_in_progress_panel(request, panels):
    if may_see_timelines(request.user):
        panels.append(ReviewsInProgressPanel())
