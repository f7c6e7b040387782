"""What is searchable, as the apps declare it: each app registers its page models (how to load them, how to turn
one into SearchDocuments) and the other records whose changes reach its documents, in its AppConfig.ready().

Search itself knows no content model: reviews/search.py and learning/search.py are the registrations.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from .documents import SearchDocument


@dataclass(frozen=True)
class Source:
    """A searchable page model, how to load its pages efficiently, and how to turn one into documents; build_many,
    when given, turns a queryset of its pages into {page id: documents} at once (in a few queries: what a
    reindex of every page calls)."""

    model: type
    build: Callable[[object], list[SearchDocument]]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    build_many: Callable[[object], dict[int, list[SearchDocument]]] | None = None

    def queryset(self, pages):
        """These pages as instances of the model, with what build() reads loaded in a few queries."""
        return (
            self.model.objects.filter(pk__in=pages.values("pk"))
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )


_SOURCES: list[Source] = []


def register(source: Source) -> None:
    """Make a page model searchable."""
    if all(known.model is not source.model for known in _SOURCES):
        _SOURCES.append(source)


def sources() -> tuple[Source, ...]:
    """Every registered searchable page model."""
    return tuple(_SOURCES)


def documents_for_pages(pages) -> dict[int, list[SearchDocument]]:
    """Documents for each page of a queryset of (already vetted) pages, keyed by page id."""
    documents = {}
    for source in sources():
        if source.build_many is not None:
            documents.update(source.build_many(source.queryset(pages)))
            continue
        for page in source.queryset(pages):
            documents[page.pk] = source.build(page)
    return documents


def register_dependency(model, pages_for: Callable[[object, bool], Iterable[int]], name: str) -> None:
    """When a record of `model` is saved or deleted, update the pages `pages_for(instance, created)` names (their
    documents hold some of its words: a theme's name, a partnership's name)."""
    from . import indexing  # here: indexing imports this module to read the sources

    def changed(sender, instance, created=False, **kwargs):
        indexing.schedule(pages_for(instance, created))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"search-dependency-{name}-saved")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"search-dependency-{name}-deleted")
