"""The one rule for what the public may see: a page that is live, not past its expiry time, and with no
view restriction on it or on any page above it. Drafts and unpublished revisions are never live content.

Documents follow the pages that use them: see kb/documents.py.
"""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone


def visible(pages):
    """The pages of a PageQuerySet the public may see."""
    return pages.live().public().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))


def is_expired(page) -> bool:
    """Past its expiry time, whether or not `publish_scheduled` has unpublished it yet."""
    return bool(page.expire_at and page.expire_at <= timezone.now())


def visible_to(page, request) -> bool:
    """May this request see this page: live, not expired, and passing every view restriction on or above it
    (signed in, in one of the groups, or having given the password in this session)."""
    if not page.live or is_expired(page):
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


class HiddenWhenExpiredMixin:
    """A page past its expiry time is hidden at once, not only when `publish_scheduled` next runs."""

    @property
    def is_expired(self) -> bool:
        return is_expired(self)

    def serve(self, request, *args, **kwargs):
        if self.is_expired:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_expired else super().get_sitemap_urls(request)
