"""An Atom feed of newly published reviews, so practitioners and partnerships can follow new learning."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from kb.text import rich_text_to_plain_text
from kb.visibility import visible

from .models import ReviewPage


class LatestReviewsFeed(Feed):
    feed_type = Atom1Feed
    title = "Case Review Learning: latest reviews"
    link = "/reviews/"
    subtitle = "Reviews newly published on Case Review Learning."

    def items(self):
        return visible(ReviewPage.objects.select_related("partnership")).order_by("-published_date", "-pk")[:30]

    def item_title(self, item):
        return f"{item.title} ({item.ref})"

    def item_description(self, item):
        return rich_text_to_plain_text(item.summary)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.partnership.name
