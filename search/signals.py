"""When the index changes: every write path that can change what is searchable is wired here, and only here.

Handlers only decide which pages are affected; indexing.py updates them after the transaction commits.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from kb.models import Agency, Partnership, Theme
from learning.models import BriefingPage, LearningHubPage
from reviews.models import ReviewPage

from . import indexing


@receiver(page_published)
@receiver(page_unpublished)
def page_visibility_changed(sender, instance, **kwargs):
    indexing.schedule([instance.pk])


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        indexing.schedule([instance.pk])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    # A move changes URLs below the page, and can move it under (or out from) a private section.
    indexing.schedule(indexing.subtree_ids(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.schedule(indexing.subtree_ids(page))


@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
def theme_changed(sender, instance, **kwargs):
    # Names feed the searchable text of everything tagged; synonyms feed query expansion (and the engine's own
    # search analysis, where it has one).
    transaction.on_commit(indexing.taxonomy_changed)
    tagged = (
        Q(themes__slug=instance.slug)
        | Q(findings__themes__slug=instance.slug)
        | Q(recommendations__themes__slug=instance.slug)
    )
    indexing.schedule(ReviewPage.objects.filter(tagged).values_list("pk", flat=True).distinct())
    for model in (LearningHubPage, BriefingPage):
        indexing.schedule(model.objects.filter(themes__slug=instance.slug).values_list("pk", flat=True))


@receiver(post_save, sender=Partnership)
def partnership_changed(sender, instance, created, **kwargs):
    if not created:
        indexing.schedule(instance.reviews.values_list("pk", flat=True))


@receiver(post_save, sender=Agency)
def agency_changed(sender, instance, created, **kwargs):
    if not created:
        owning = ReviewPage.objects.filter(Q(agencies=instance) | Q(recommendations__agency=instance))
        indexing.schedule(owning.values_list("pk", flat=True).distinct())
