"""Wagtail API v2: live, public pages and documents at /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from kb.visibility import visible


class VisiblePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, also hiding pages past their expiry time before `publish_scheduled` runs."""

    def get_base_queryset(self):
        return visible(super().get_base_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
