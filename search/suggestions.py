"""Themes suggested for a piece of text, for editors to accept or ignore (nothing here tags anything): the themes
whose names or synonyms the text uses (kb/themes.py), and the themes of the indexed documents nearest to it in
meaning (search/semantic/). The index holds only what the public may see, so drafts and private pages never
suggest anything."""

from collections import Counter
from dataclasses import dataclass

from kb.themes import Vocabulary

from .documents import SearchDocument
from .engines.base import SearchEngine
from .query import Query
from .request import SearchRequest
from .semantic import TEXT_CHARS, enabled

NEIGHBOURS = 100  # documents of every kind asked of the vector index, before keeping those of the kinds wanted
NEAREST = 5  # the tagged documents whose themes are weighed
# Cosine similarity a document must reach to lend its themes: texts about other things come nearer each other than
# a query does, so this sits above search's own floor. On the demo content it changes little; the agreement does.
FLOOR = 0.40
# How many pages among the nearest documents must carry a theme (the findings of one review all carry its themes,
# so they count once). Measured on the demo content, each published finding and recommendation suggested from the
# other reviews' learning against the themes it has: 3 pages of the 5 nearest suggest 0.8 themes a piece at 60%
# precision; counting documents instead, 1.6 at 51%; 2 pages, 3.6 at 35%. Themes named in the text: 0.85 at 86%.
AGREEING = 3


@dataclass(frozen=True)
class ThemeSuggestion:
    """A theme, and why: the phrasings of it the text uses, and the similar documents tagged with it (their keys
    and, in the same order, their kinds)."""

    slug: str
    name: str
    named: tuple[str, ...] = ()
    like: tuple[str, ...] = ()
    like_kinds: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Why it is suggested, in words: "named in the text: 'co-sleeping'; like 3 tagged findings"."""
        reasons = []
        if self.named:
            reasons.append("named in the text: " + ", ".join(f"‘{phrase}’" for phrase in self.named))
        if self.like:
            reasons.append("like " + _counted(self.like_kinds))
        return "; ".join(reasons)


def _counted(kinds: tuple[str, ...]) -> str:
    """ "3 tagged findings and 1 tagged recommendation", from the documents' kinds."""
    counts = Counter(kinds)
    parts = [f"{n} tagged {kind}{'' if n == 1 else 's'}" for kind, n in counts.items()]
    return " and ".join(parts)


def named(text: str, vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Slug -> the phrasings of it the text uses."""
    return {slug: tuple(phrases) for slug, phrases in vocabulary.named_in(text).items()}


def nearest_tagged(
    text: str, engine: SearchEngine, kinds: tuple[str, ...], leave_out_page: int | None
) -> list[SearchDocument]:
    """The indexed documents of these kinds nearest to the text in meaning and tagged with a theme, nearest
    first, leaving out one page's own documents (a review being edited is not like itself)."""
    from .semantic.embedder import embed_query  # the model and numpy: only where meaning is on (semantic/)

    clipped = " ".join(text.split())[:TEXT_CHARS]
    near = [
        (key, similarity) for key, similarity in engine.nearest(embed_query(clipped), NEIGHBOURS) if similarity >= FLOOR
    ]
    if not near:
        return []
    # The engine's search keeps those of these kinds, and applies the visibility rule again (an expired page, one
    # whose removal is pending).
    request = SearchRequest(kinds=kinds, page_size=len(near))
    hits = engine.search(request, Query(related=tuple(near))).hits
    documents = [hit.document for hit in hits if hit.document.themes and hit.document.page_id != leave_out_page]
    return documents[:NEAREST]


def alike(documents: list[SearchDocument]) -> dict[str, tuple[SearchDocument, ...]]:
    """Slug -> the documents carrying it, for the themes enough of their pages agree on (every one of two or
    three pages; three of more)."""
    carrying: dict[str, list[SearchDocument]] = {}
    for document in documents:
        for slug in document.themes:
            carrying.setdefault(slug, []).append(document)
    needed = min(AGREEING, max(2, len({document.page_id for document in documents})))  # one page alone may be chance
    return {
        slug: tuple(found)
        for slug, found in carrying.items()
        if len({document.page_id for document in found}) >= needed
    }


def suggestions(
    text: str,
    vocabulary: Vocabulary,
    engine: SearchEngine | None,
    kinds: tuple[str, ...],
    tagged: tuple[str, ...] = (),
    leave_out_page: int | None = None,
) -> list[ThemeSuggestion]:
    """Themes for the text that it is not already tagged with: named in it first (in the order named), then
    those of similar documents (the most agreed first); without an engine, only those named."""
    if not text.strip():
        return []
    by_name = named(text, vocabulary)
    by_meaning = alike(nearest_tagged(text, engine, kinds, leave_out_page)) if enabled() and engine is not None else {}
    ordered = list(by_name) + sorted(set(by_meaning) - set(by_name), key=lambda slug: -len(by_meaning[slug]))
    return [
        ThemeSuggestion(
            slug,
            vocabulary.names[slug],
            named=by_name.get(slug, ()),
            like=tuple(document.key for document in by_meaning.get(slug, ())),
            like_kinds=tuple(document.kind for document in by_meaning.get(slug, ())),
        )
        for slug in ordered
        if slug not in tagged and slug in vocabulary.names
    ]
