"""Admin registration for the reviews app: vocabulary snippets, the recommendation tracker and its dashboard panel,
and the script that lets an editor add a suggested theme with one press."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .panels import suggest_from_text
from .publishing import hooks as publishing_hooks  # noqa: F401 - registers the publishing hooks
from .timeline.admin import ReviewsInProgressPanel, TimelineViewSet, may_see_timelines, timeliness_report
from .tracker import RecommendationTrackerViewSet, status_by_agency

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


@hooks.register("register_admin_urls")
def register_theme_suggestions_url():
    return [path("reviews/theme-suggestions/", suggest_from_text, name="review_theme_suggestions")]


@hooks.register("insert_editor_js")
def theme_suggestions_script():
    return format_html('<script src="{}" defer></script>', static("reviews/js/theme-suggestions.js"))
