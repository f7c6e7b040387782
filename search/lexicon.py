"""The theme lexicon used to spot themes in queries, built from the Theme table and cached per process."""

import time

from reviews.models import Theme

from .query import Lexicon

MAX_AGE_SECONDS = 60  # other processes notice an edited synonym within this time
_cached: tuple[float, Lexicon] | None = None


def get_lexicon() -> Lexicon:
    """The current lexicon, rebuilt when a theme changed in this process or the cache is a minute old."""
    global _cached
    if _cached is None or time.monotonic() - _cached[0] > MAX_AGE_SECONDS:
        themes = [(t.slug, t.name, t.synonym_list) for t in Theme.objects.only("slug", "name", "synonyms")]
        _cached = (time.monotonic(), Lexicon(themes))
    return _cached[1]


def forget() -> None:
    """Drop the cached lexicon (a theme was edited)."""
    global _cached
    _cached = None
