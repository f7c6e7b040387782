"""The one way a theme is named and found: by its slug, its name or one of its synonyms, compared as normalised
words (lower case, punctuation between words ignored). Where two themes share a phrasing, a slug wins over a name,
and a name over a synonym. The importer resolves the themes a file names with it, and search spots themes in a
query with it, so a phrasing means the same theme everywhere.
"""

import re
import time
from functools import lru_cache
from pathlib import Path

import yaml

from .identifiers import find_identifiers

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MAX_AGE_SECONDS = 60  # other processes notice an edited synonym within this time
ABBREVIATIONS = Path(__file__).resolve().parent / "taxonomy" / "abbreviations.yaml"


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: the form theme phrasings and query words are compared in."""
    return " ".join(match.group(0) for match in WORD.finditer(str(text).casefold().replace("’", "'")))


def theme_slugs(manager) -> list[str]:
    """The slugs of the themes on a tagged object (its `themes` manager), sorted."""
    return sorted(theme.slug for theme in manager.all())


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviations that are not themes, with the words they stand for (kb/taxonomy/abbreviations.yaml)."""
    entries = yaml.safe_load(ABBREVIATIONS.read_text(encoding="utf-8"))["abbreviations"]
    return {normalise(short): tuple(normalise(long) for long in longs) for short, longs in entries.items()}


class Vocabulary:
    """Every way of naming each theme, from (slug, name, synonyms) rows, and the abbreviations that are not themes."""

    def __init__(self, rows: list[tuple[str, str, list[str]]], expansions: dict | None = None):
        self.expansions: dict[str, tuple[str, ...]] = abbreviations() if expansions is None else expansions
        self.by_key: dict[str, str] = {}
        self.phrasings: dict[str, tuple[str, ...]] = {}
        self.names = {slug: name for slug, name, _ in rows}
        # Abbreviations written in capitals ("SEND", "DA") name a theme in running text only when written so:
        # "send a referral" is not about disabled children.
        self.capitals = {normalise(s) for _, _, synonyms in rows for s in synonyms if s.isupper()}
        for slug, name, synonyms in rows:
            names = [name, *synonyms, slug.replace("-", " ")]
            self.phrasings[slug] = tuple(dict.fromkeys(n for n in (normalise(x) for x in names) if n))
        layers = (
            lambda slug, name, synonyms: [slug, slug.replace("-", " ")],
            lambda slug, name, synonyms: [name],
            lambda slug, name, synonyms: synonyms,
        )
        for layer in layers:
            for slug, name, synonyms in rows:
                for key in filter(None, map(normalise, layer(slug, name, synonyms))):
                    self.by_key.setdefault(key, slug)
        self.longest = max((key.count(" ") + 1 for key in self.by_key), default=0)

    def resolve(self, text: str) -> str | None:
        """The slug of the theme that text names, or None."""
        return self.by_key.get(normalise(text))

    def theme_for(self, words: list[str]) -> str | None:
        """The slug of the theme these (normalised) words name, or None."""
        return self.by_key.get(" ".join(words))

    def named_in(self, text: str) -> dict[str, list[str]]:
        """Slug -> the phrasings of it found in the text as whole words, as first written there; the longest
        phrasing wins where two overlap ("non-accidental head injury", not "head injury")."""
        written = [match.group(0) for match in WORD.finditer(str(text).replace("’", "'"))]
        found: dict[str, dict[str, str]] = {}
        position = 0
        while position < len(written):
            size, slug = self._phrasing_at(written, position)
            if slug:
                phrase = " ".join(written[position : position + size])
                found.setdefault(slug, {}).setdefault(normalise(phrase), phrase)
            position += size
        return {slug: list(phrases.values()) for slug, phrases in found.items()}

    def _phrasing_at(self, written: list[str], position: int) -> tuple[int, str | None]:
        """(how many words, slug) of the longest theme phrasing starting at this word; (1, None) for none."""
        for size in range(min(self.longest, len(written) - position), 0, -1):
            words = written[position : position + size]
            key = normalise(" ".join(words))
            slug = self.by_key.get(key)
            if slug and (key not in self.capitals or all(word.isupper() for word in words)):
                return size, slug
        return 1, None


_cached: tuple[float, Vocabulary] | None = None


def vocabulary() -> Vocabulary:
    """The current vocabulary, rebuilt when a theme changed in this process or the copy is a minute old."""
    global _cached
    if _cached is None or time.monotonic() - _cached[0] > MAX_AGE_SECONDS:
        from .models import Theme  # here, not above: search's query parser imports this before apps are ready

        rows = [(t.slug, t.name, t.synonym_list) for t in Theme.objects.only("slug", "name", "synonyms")]
        _cached = (time.monotonic(), Vocabulary(rows))
    return _cached[1]


def forget(**kwargs) -> None:
    """Drop the cached vocabulary: a theme was saved or deleted (a signal receiver, see kb/apps.py)."""
    global _cached
    _cached = None


class ThemeResolver:
    """Theme records by the text that names them, for the importer (one query for the whole file)."""

    def __init__(self, themes=None):
        from .models import Theme  # here, as in vocabulary() above

        themes = list(themes if themes is not None else Theme.objects.all())
        self._by_slug = {theme.slug: theme for theme in themes}
        self._vocabulary = Vocabulary([(t.slug, t.name, t.synonym_list) for t in themes])

    def resolve(self, text: str):
        """The Theme that text names, or None."""
        return self._by_slug.get(self._vocabulary.resolve(text))


class SynonymRefused(ValueError):
    """A phrasing that cannot become a theme's synonym; the message says why, for the person who asked."""


def synonym_problem(theme, phrase: str) -> str | None:
    """Why the phrase cannot become a synonym of the theme, or None when it can."""
    words = normalise(phrase)
    if not words:
        return "Give the words to add as a synonym."
    if find_identifiers(phrase):
        return "It looks like it holds an identifier (a phone number, postcode, date or the like); it is not added."
    forget()  # another process may have changed a theme within the last minute
    named = vocabulary().resolve(words)
    if named == theme.slug:
        return f"‘{words}’ already names the theme {theme.name}."
    if named is not None:
        return f"‘{words}’ already names another theme, {vocabulary().names[named]}; a phrasing names one theme only."
    return None


def add_synonym(theme, phrase: str, user=None) -> str:
    """Append the phrase (normalised) to the theme's synonyms and save it as the theme editor does, so the save
    signals update search (the engines' synonyms and the pages tagged with it); logged as an edit by the user.
    Returns the words added; raises SynonymRefused saying why not."""
    from wagtail.log_actions import log  # here, as Theme in vocabulary(): this module loads before apps are ready

    problem = synonym_problem(theme, phrase)
    if problem:
        raise SynonymRefused(problem)
    words = normalise(phrase)
    theme.synonyms = "\n".join([*theme.synonym_list, words])
    theme.save()
    log(instance=theme, action="wagtail.edit", user=user, content_changed=True)
    return words
