"""Admin registration for search: the analytics report under Reports."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import search_analytics


@hooks.register("register_admin_urls")
def register_search_analytics_url():
    return [path("reports/searches/", search_analytics, name="search_analytics")]


class SearchAnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("kbsearch.view_querylog")


@hooks.register("register_reports_menu_item")
def register_search_analytics_menu_item():
    return SearchAnalyticsMenuItem("Searches", reverse("search_analytics"), icon_name="search", order=700)
