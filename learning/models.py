"""Learning pages for trainers: the Learning Hub section of the site."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class LearningIndexPage(Page):
    """The Learning Hub: lists learning hubs and 7-minute briefings."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["reviews.HomePage"]
    max_count = 1
