"""How the index is kept current: which pages may be searched, and updating the engine after commit.

When to index is decided in signals.py; this module does the work.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django_tasks import task
from wagtail.models import Page

from kb.visibility import visible

from .engines import get_engine
from .engines.base import SearchUnavailable
from .models import PendingUpdate
from .semantic import enabled as meaning_enabled
from .sources import documents_for_pages, sources

logger = logging.getLogger(__name__)
BATCH = 200  # pages whose documents are built together
UPDATE_BATCH = 200  # pages per write of an update
_pending: ContextVar[set | None] = ContextVar("pending_index_updates", default=None)


def searchable_pages():
    """Pages that may appear in search: live, not expired, with no view restriction on them or above them."""
    return visible(Page.objects.all())


def searchable_indexed_pages():
    """Searchable pages of the types that have search documents."""
    return searchable_pages().type(*(source.model for source in sources()))


def update_pages(page_ids) -> None:
    """Bring these pages' documents up to date; a page that may no longer be searched is removed."""
    page_ids = sorted(set(page_ids))
    engine = get_engine()
    for start in range(0, len(page_ids), UPDATE_BATCH):
        chunk = page_ids[start : start + UPDATE_BATCH]
        documents = documents_for_pages(searchable_pages().filter(pk__in=chunk))
        engine.replace_pages({page_id: documents.get(page_id, []) for page_id in chunk})
        # A page hidden while its documents were being written is removed again now: the hide's own removal
        # may have run before this write.
        hidden_meanwhile = set(documents) - set(
            searchable_pages().filter(pk__in=list(documents)).values_list("pk", flat=True)
        )
        if hidden_meanwhile:
            engine.remove_pages(sorted(hidden_meanwhile))
    if meaning_enabled():
        embed_pages.enqueue(page_ids)


@task()
def embed_pages(page_ids: list[int]) -> None:
    """The queued embedding of pages just indexed: their new texts' meaning vectors, computed and attached. An
    engine that cannot take them now gets them from `manage.py embed`."""
    try:
        embed_missing(page_ids)
    except SearchUnavailable as error:
        logger.warning("meaning vectors of %d pages not attached: %s", len(page_ids), error)


def embed_missing(page_ids, everything: bool = False, progress=None) -> int:
    """Compute the vectors these pages' documents lack (each text once, ever: they are kept by content hash) and
    attach them to the index; with `everything`, attach the kept ones too. Returns how many were computed."""
    from .semantic import vectors  # numpy and the model: only where meaning is on (semantic/__init__.py)

    engine, computed = get_engine(), 0
    page_ids = sorted(set(page_ids))
    for start in range(0, len(page_ids), BATCH):
        chunk = page_ids[start : start + BATCH]
        documents = [
            doc for docs in documents_for_pages(searchable_pages().filter(pk__in=chunk)).values() for doc in docs
        ]
        kept = vectors.stored(documents)
        found = vectors.embed([doc for doc in documents if doc.key not in kept], settings.KB_EMBED_THREADS)
        computed += len(found)
        engine.add_vectors(vectors.as_lists({**kept, **found} if everything else found))
        if progress:
            progress(len(chunk))
    return computed


def remove_hidden_now(page_ids) -> set[int]:
    """Remove at once, never through the queue, the pages that may no longer be searched; returns them.

    Only additions and changes may wait for the worker. A removal the engine cannot make now is remembered,
    and searches leave the page out until it is made (PendingUpdate.hidden_page_ids)."""
    page_ids = set(page_ids)
    hidden = page_ids - set(searchable_pages().filter(pk__in=page_ids).values_list("pk", flat=True))
    if hidden:
        try:
            get_engine().remove_pages(sorted(hidden))
        except SearchUnavailable as error:
            logger.warning("could not remove %d hidden pages from the index now: %s", len(hidden), error)
            remember_failed(hidden, str(error))
    return hidden


def after_commit(page_ids) -> None:
    """Hidden pages leave the index now; the others are updated by the task queue."""
    shown = sorted(set(page_ids) - remove_hidden_now(page_ids))
    if shown:
        update_index.enqueue(shown)


@task()
def update_index(page_ids: list[int]) -> None:
    """The queued form of update_pages. An unreachable engine never fails the publish that triggered it:
    the pages are remembered and retried by `reindex --missing` (or the next successful update)."""
    try:
        update_pages(page_ids)
    except SearchUnavailable as error:
        logger.warning("search index update deferred for %d pages: %s", len(page_ids), error)
        remember_failed(page_ids, str(error))
        return
    PendingUpdate.objects.filter(page_id__in=page_ids).delete()
    if PendingUpdate.objects.exists():
        # The engine answers again: catch up on what failed earlier while we are here.
        try:
            retry_pending()
        except SearchUnavailable:
            logger.warning("search engine still failing for earlier updates")


def taxonomy_changed() -> None:
    """Tell the engine the themes changed; when it cannot be told now, the next `reindex --missing` tells it."""
    try:
        get_engine().taxonomy_changed()
    except SearchUnavailable as error:
        logger.warning("search engine not told of a theme change now: %s", error)


def remember_failed(page_ids, error: str) -> None:
    """Record pages whose update must be retried."""
    for page_id in set(page_ids):
        pending, created = PendingUpdate.objects.get_or_create(page_id=page_id, defaults={"last_error": error})
        if not created:
            PendingUpdate.objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1, last_error=error)


def deferred_count() -> int:
    """How many pages wait for an index update that failed (the engine was unreachable)."""
    return PendingUpdate.objects.count()


def retry_pending() -> int:
    """Retry every remembered update; returns how many pages were brought up to date (raises if still down)."""
    page_ids = list(PendingUpdate.objects.values_list("page_id", flat=True))
    if page_ids:
        update_pages(page_ids)
        PendingUpdate.objects.filter(page_id__in=page_ids).delete()
    return len(page_ids)


def schedule(page_ids) -> None:
    """Update these pages once the current transaction commits (or when the bulk_indexing block ends)."""
    page_ids = {int(pk) for pk in page_ids}
    if not page_ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(page_ids)
        return
    transaction.on_commit(lambda: after_commit(page_ids))


@contextmanager
def bulk_indexing():
    """Collect index updates made inside the block and send them as one batch at the end."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(set())
    try:
        yield
        page_ids = _pending.get()
    finally:
        _pending.reset(token)
    schedule(page_ids)


def subtree_ids(page) -> list[int]:
    """The page and every page below it."""
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def _batches(pages):
    ids = list(pages.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield documents_for_pages(Page.objects.filter(pk__in=ids[start : start + BATCH]))


def rebuild(progress=None) -> dict[str, int]:
    """Rebuild the whole index from the searchable pages; returns document counts by kind."""
    engine = get_engine()

    def batches():
        for batch in _batches(searchable_indexed_pages()):
            yield batch
            if progress:
                progress(len(batch))

    engine.rebuild(batches())
    # Updates that could not wait for the rebuild to finish (an embedded index has one writer at a time) were
    # remembered as pending: make them now, so nothing published during the rebuild is missing from its index.
    try:
        retry_pending()
    except SearchUnavailable as error:
        logger.warning("updates deferred during the rebuild are still pending: %s", error)
    return engine.count()


def catch_up(progress=None) -> tuple[int, int]:
    """Retry failed updates, index searchable pages the engine lacks, drop pages it should not hold.

    Returns (added, removed) counts of pages missing from or stale in the index.
    """
    retry_pending()
    engine = get_engine()
    engine.taxonomy_changed()  # in case a theme was edited while the engine was unreachable
    indexed = engine.indexed_page_ids()
    wanted = set(searchable_indexed_pages().values_list("pk", flat=True))
    missing, stale = sorted(wanted - indexed), sorted(indexed - wanted)
    if stale:
        engine.remove_pages(stale)
    for batch in _batches(Page.objects.filter(pk__in=missing)):
        engine.replace_pages(batch)
        if progress:
            progress(len(batch))
    return len(missing), len(stale)
