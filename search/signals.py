"""When the index changes: every write path of pages that can change what is searchable (publishing, deleting,
moving, restricting) is wired here; records whose words reach documents (themes, partnerships, agencies) are
declared by the apps that index them (search/sources.py register_dependency).

Handlers only decide which pages are affected; indexing.py updates them after the transaction commits.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from kb.models import Theme

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
    # Synonyms feed the engine's own search analysis, where it has one; the pages tagged with the theme are
    # updated by their apps' dependencies (search/sources.py).
    transaction.on_commit(indexing.taxonomy_changed)
