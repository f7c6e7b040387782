"""Admin registration for search: the analytics report under Reports, and a warning when search is behind."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import add_query_as_synonym, search_analytics
from .models import PendingUpdate


@hooks.register("register_admin_urls")
def register_search_analytics_url():
    return [
        path("reports/searches/", search_analytics, name="search_analytics"),
        path("reports/searches/synonym/", add_query_as_synonym, name="search_add_synonym"),
    ]


class SearchAnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("kbsearch.view_querylog")


@hooks.register("register_reports_menu_item")
def register_search_analytics_menu_item():
    return SearchAnalyticsMenuItem("Searches", reverse("search_analytics"), icon_name="search", order=700)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
@hooks.register("after_unpublish_page")
@hooks.register("after_delete_page")
def say_when_search_is_behind(request, page):
    """The change is saved whatever the search engine does; when it could not take some updates, say so."""
    waiting = PendingUpdate.objects.count()
    if waiting:
        pages = "1 page waits" if waiting == 1 else f"{waiting} pages wait"
        messages.warning(
            request,
            f"Saved. Search is not up to date: the search engine could not be reached and {pages} for their search "
            "update. They are updated when it answers again; pages that were hidden stay out of search meanwhile.",
        )
