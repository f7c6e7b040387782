"""The one rule for what the public may see: a page that is live, not past its expiry time, and with no
view restriction on it or on any page above it. Drafts and unpublished revisions are never live content."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone


def visible(pages):
    """The pages of a PageQuerySet the public may see."""
    return pages.live().public().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))


class HiddenWhenExpiredMixin:
    """A page past its expiry time is hidden at once, not only when `publish_scheduled` next runs."""

    @property
    def is_expired(self) -> bool:
        return bool(self.expire_at and self.expire_at <= timezone.now())

    def serve(self, request, *args, **kwargs):
        if self.is_expired:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_expired else super().get_sitemap_urls(request)
