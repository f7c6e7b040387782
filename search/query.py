"""Parsing what a practitioner types into a query tree both engines compile.

Syntax: words (all must match), "quoted phrases", -excluded words or phrases, and OR between two parts
(OR binds tighter than the implicit AND: `neglect bruising OR bruise` is neglect AND (bruising OR bruise)).
Unquoted words that spell a theme's name, slug or synonym become a ThemeMatch, which also matches the
theme's other synonyms and everything tagged with the theme. Quoted phrases are taken literally.
"""

import re
from dataclasses import dataclass, field

from kb.themes import Vocabulary, normalise

# Lucene's English stop words, the ones Elasticsearch's English analyzer drops, so both engines agree.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)
MAX_THEME_WORDS = 6
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word (a hyphenated word counts as one term, matched as a phrase of its parts)."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ThemeMatch:
    """A theme named in the query: matches the words as typed, the theme's other phrasings, and its tag."""

    slug: str
    original: str
    phrasings: tuple[str, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one of the parts must match."""

    parts: tuple


@dataclass(frozen=True)
class Expansion(AnyOf):
    """An abbreviation and the words it stands for (kb/taxonomy/abbreviations.yaml): matched as any of them."""


@dataclass
class Query:
    """A parsed query: every part of `must` matches (or at least `minimum_should_match` of them, when set) and no
    part of `must_not` does. Documents related by meaning (search/semantic/) match too: `related` holds their keys
    with the score each adds; documents matching the words add `word_tier` to theirs."""

    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    minimum_should_match: int | None = None
    related: tuple[tuple[str, float], ...] = ()
    word_tier: float = 0.0


_OR = object()


def parse(text: str, vocabulary: Vocabulary) -> Query:
    """Turn the query text into a Query tree."""
    query = Query()
    sequence: list = []  # parts and _OR markers, in the order typed
    run: list[str] = []  # consecutive plain words, read together so multi-word themes are spotted

    def flush_run():
        sequence.extend(_plain_parts(run, vocabulary))
        run.clear()

    for match in TOKEN.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            flush_run()
            sequence.append(_OR)
        elif quoted is not None or (bare.startswith("-") and len(bare) > 1):
            flush_run()
            part = _literal(normalise(quoted if quoted is not None else bare[1:]).split())
            if part is not None:
                (query.must_not if negated or quoted is None else sequence).append(part)
        else:
            run.extend(normalise(bare).split())
    flush_run()
    query.must = _unique(_join_alternatives(sequence))
    query.must_not = _unique(query.must_not)
    return query


def _unique(parts: list) -> list:
    """Each part once: "neglect neglect NAI non-accidental injury" asks the engine for two themes, not four."""
    seen, unique = set(), []
    for part in parts:
        key = ("theme", part.slug) if isinstance(part, ThemeMatch) else part
        if key not in seen:
            seen.add(key)
            unique.append(part)
    return unique


def _literal(words: list[str]):
    """A quoted or excluded piece: a Term for one word, a Phrase for more, None for nothing."""
    if not words:
        return None
    return Term(words[0]) if len(words) == 1 else Phrase(tuple(words))


def _join_alternatives(sequence: list) -> list:
    """Parts on either side of an OR become one AnyOf; the rest stay as they are."""
    groups: list[list] = []
    pending_or = False
    for item in sequence:
        if item is _OR:
            pending_or = bool(groups)
            continue
        if pending_or:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
    return [group[0] if len(group) == 1 else AnyOf(tuple(dict.fromkeys(group))) for group in groups]


def _plain_parts(words: list[str], vocabulary: Vocabulary) -> list:
    """Longest theme phrasings first, then each remaining word that is not a stop word."""
    parts, position = [], 0
    while position < len(words):
        for size in range(min(MAX_THEME_WORDS, len(words) - position), 0, -1):
            slug = vocabulary.theme_for(words[position : position + size])
            if slug:
                original = " ".join(words[position : position + size])
                parts.append(ThemeMatch(slug, original, vocabulary.phrasings[slug]))
                position += size
                break
        else:
            word = words[position]
            if word in vocabulary.expansions:
                longs = [_literal(long.split()) for long in vocabulary.expansions[word]]
                parts.append(Expansion((Term(word), *longs)))
            elif word not in STOP_WORDS:
                parts.append(Term(word))
            position += 1
    return parts
