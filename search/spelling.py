"""Spelling correction from the index's own words: an unknown word becomes the most common indexed word within an
edit or two of it. Engines report each word's frequency and neighbours (SearchEngine.spelling); the rules that
choose a correction live here, once, for every engine."""

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from .engines.base import SearchEngine, Spelling
from .query import TOKEN, Term, normalise

MIN_LENGTH = 5  # shorter words are left alone: "sofa" is one edit from "soft", "sort" and "sofas"
CANDIDATES = 8
CORRECTABLE = re.compile(r"[a-z]+")
# How often a word must appear in general English (pyspellchecker's word frequencies) to be taken as meant, even
# when the index lacks it: "bloke", "swallowed" and "marking" are words, not misspellings of "broke", "allowed"
# and "making"; typos ("neglet") and rare look-alikes ("hording") fall below it.
ENGLISH_WORD = 1e-7


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def is_english(word: str) -> bool:
    """Whether the word is common enough in English to be what the user meant."""
    return _english().word_usage_frequency(word) >= ENGLISH_WORD


def max_edits(word: str) -> int:
    """How far a word may be from its correction: one edit up to seven letters, two beyond (two edits turn a
    made-up "zorbing" into "working")."""
    return 1 if len(word) <= 7 else 2


def edits(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbouring letters ("abuse"/"absue" is one)."""
    return OSA.distance(a, b)


def ranked(word: str, neighbours) -> tuple[tuple[str, int, int], ...]:
    """(word, edits, documents) of the neighbours close enough, fewest edits first, then the most common."""
    close = []
    for found, documents in neighbours:
        distance = edits(word, found)
        if found != word and documents > 0 and distance <= max_edits(word):
            close.append((found, distance, documents))
    return tuple(sorted(close, key=lambda item: (item[1], -item[2], item[0]))[:CANDIDATES])


def correctable_words(query) -> list[str]:
    """The query's plain words that spelling may change: whole words of letters, long enough to judge, that are
    not words of everyday English."""
    return [
        part.text
        for part in query.must
        if isinstance(part, Term)
        and CORRECTABLE.fullmatch(part.text)
        and len(part.text) >= MIN_LENGTH
        and not is_english(part.text)
    ]


def theme_words(vocabulary) -> dict[str, int]:
    """The words of every theme's name and synonyms: known words, and corrections as good as the index's own."""
    return {word: 1 for phrasings in vocabulary.phrasings.values() for phrase in phrasings for word in phrase.split()}


def corrections(query, engine: SearchEngine, vocabulary) -> dict[str, str]:
    """The correction of each word that neither the index nor the themes hold, from the closest and most common
    of their words (gibberish has none)."""
    themes = theme_words(vocabulary)
    words = [word for word in correctable_words(query) if word not in themes]
    if not words:
        return {}
    spellings: dict[str, Spelling] = engine.spelling(words)
    chosen = {}
    for word, spelling in spellings.items():
        neighbours = {found: documents for found, _, documents in spelling.candidates}
        for found in themes:
            neighbours[found] = max(neighbours.get(found, 0), 1)
        candidates = ranked(word, neighbours.items())
        if spelling.frequency == 0 and candidates:
            chosen[word] = candidates[0][0]
    return chosen


def corrected_text(text: str, replacements: dict[str, str]) -> str:
    """The text as typed with the corrected words replaced; quoted and excluded pieces are left as they are."""

    def replace(match: re.Match) -> str:
        bare = match.group(3)
        words = normalise(bare).split() if bare and not bare.startswith("-") else []
        if not any(word in replacements for word in words):
            return match.group(0)
        return " ".join(replacements.get(word, word) for word in words)

    return TOKEN.sub(replace, text)
