"""URL routes: admin, documents, APIs, search, themes, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from kb.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
    path("", include("search.urls")),
    path("", include("reviews.urls")),
]

if settings.DEBUG:
    from django.views.static import serve

    # Images only: documents are served by /documents/, which asks who may see them (kb/documents.py), and
    # never straight from the media folder, in development either.
    urlpatterns += [
        re_path(r"^media/(?P<path>(?:original_images|images)/[^/]+)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [path("", include(wagtail_urls))]
