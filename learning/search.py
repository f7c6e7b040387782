"""How learning pages are searched: a learning hub or 7-minute briefing is one learning hit, registered with
search (search/sources.py) when the app is ready."""

from kb.models import Theme
from kb.vocabulary import HitKind
from search.documents import SearchDocument, clean_text, themes_of
from search.sources import Source, register, register_dependency

from .models import BriefingPage, LearningHubPage


def learning_documents(page) -> list[SearchDocument]:
    """A learning hub or 7-minute briefing becomes one learning hit: its title, its own words and its themes."""
    slugs, names = themes_of(page.themes)
    return [
        SearchDocument(
            key=f"learning:{page.pk}",
            kind=HitKind.LEARNING,
            page_id=page.pk,
            title=page.title,
            url=page.url or "",
            text=clean_text(page.readable_text()),
            themes=slugs,
            theme_names=names,
            expire_at=page.expire_at,
        )
    ]


def pages_tagged_with(theme, created=False):
    """Hubs and briefings tagged with the theme."""
    pages = []
    for model in (LearningHubPage, BriefingPage):
        pages += model.objects.filter(themes__slug=theme.slug).values_list("pk", flat=True)
    return pages


def register_learning() -> None:
    """Hubs and briefings are searchable; a theme renamed updates those tagged with it."""
    for model in (LearningHubPage, BriefingPage):
        register(Source(model, learning_documents, prefetch_related=("themes",)))
    register_dependency(Theme, pages_tagged_with, "learning-themes")
