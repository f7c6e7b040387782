"""When a review page is saved or published, its review in progress follows: linked by ref, published once."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from wagtail.signals import page_published

from ..models import ReviewPage
from .recording import link_by_ref, record_publication

logger = logging.getLogger(__name__)
_suspended: ContextVar[bool] = ContextVar("timeline_signals_suspended", default=False)


@contextmanager
def suspended():
    """For an import, which writes each review's timeline itself from the file (reviews/timeline/exchange.py):
    publishing its pages must not add stages of its own."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not _suspended.get():
        link_by_ref(instance)


def page_published_handler(sender, instance, revision=None, **kwargs):
    if _suspended.get():
        return
    link_by_ref(instance)
    try:
        record_publication(instance, user=getattr(revision, "user", None))
    except ValidationError as error:  # a timeline must never stop a review being published
        logger.warning("publication of %s not recorded on its timeline: %s", instance.ref, error)


def connect() -> None:
    post_save.connect(page_saved, sender=ReviewPage, dispatch_uid="timeline-link-by-ref")
    page_published.connect(page_published_handler, sender=ReviewPage, dispatch_uid="timeline-published")
