"""Wagtail API v2: live, public pages and the documents they make public, at /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from kb.documents import public_documents
from kb.visibility import visible


class VisiblePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, also hiding pages past their expiry time before `publish_scheduled` runs."""

    def get_base_queryset(self):
        return visible(super().get_base_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Wagtail's documents endpoint, listing only documents the public may download (kb/documents.py)."""

    def get_queryset(self):
        return public_documents(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", VisiblePagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
