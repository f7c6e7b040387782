"""Resolving theme references written by people (slug, name or synonym) to Theme records."""

from .models import Theme


class ThemeResolver:
    """Looks themes up by slug, name or synonym, case-insensitively; slugs win over names over synonyms."""

    def __init__(self, themes=None):
        themes = list(themes if themes is not None else Theme.objects.all())
        self._by_key: dict[str, Theme] = {}
        for layer in (
            lambda t: [t.slug],
            lambda t: [t.name],
            lambda t: t.synonym_list,
        ):
            for theme in themes:
                for key in layer(theme):
                    self._by_key.setdefault(key.casefold().strip(), theme)

    def resolve(self, text: str) -> Theme | None:
        """The theme that text names, or None."""
        return self._by_key.get(str(text).casefold().strip())
