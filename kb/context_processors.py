"""Values every template needs."""

from django.conf import settings

NAVIGATION = [
    ("/search/", "Search"),
    ("/reviews/", "Reviews"),
    ("/themes/", "Themes"),
    ("/learning/", "Learning Hub"),
    ("/insights/", "Insights"),
]


def service(request):
    """The service name and the navigation, with the current section marked."""
    path = request.path if request else ""
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": [{"href": href, "label": label, "active": path.startswith(href)} for href, label in NAVIGATION],
    }
