"""The contract every search engine fulfils."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ..documents import SearchDocument
from ..query import Query
from ..request import SearchRequest

FACETS = ("theme", "type", "kind", "year", "agency")


class SearchUnavailable(Exception):
    """The engine cannot answer now (for example the cluster is down); say so, never fall over."""


@dataclass
class Hit:
    """A matching document, its highlighted snippet (escaped HTML whose only markup is <mark>) and its score."""

    document: SearchDocument
    snippet: str
    score: float = 0.0
    report_page: int | None = None  # set when the snippet comes from the full report
    by_meaning: bool = False  # found only because it means what the query means (none of its words matched)


@dataclass
class SearchResponse:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    word_total: int | None = None  # how many match the query's words (the total less those related by meaning)

    @property
    def words_matched(self) -> int:
        return self.total if self.word_total is None else self.word_total


def facet_order(name: str, values: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A facet's values as every engine orders them: years newest first, the others most frequent first."""
    if name == "year":
        return sorted(values, key=lambda item: item[0], reverse=True)
    return sorted(values, key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class Spelling:
    """How common a word is in the index, and the index's words within a couple of edits of it."""

    frequency: int
    candidates: tuple[tuple[str, int, int], ...] = ()  # (word, edits, documents holding it), best first


class SearchEngine(ABC):
    """Stores SearchDocuments and answers SearchRequests."""

    name = "base"

    @abstractmethod
    def replace_pages(self, documents_by_page: dict[int, list[SearchDocument]]) -> None:
        """Make the index hold exactly these documents for these pages (an empty list removes a page)."""

    @abstractmethod
    def remove_pages(self, page_ids: list[int]) -> None:
        """Drop every document of these pages."""

    @abstractmethod
    def clear(self) -> None:
        """Drop every document."""

    @abstractmethod
    def indexed_page_ids(self) -> set[int]:
        """The pages the index holds documents for."""

    @abstractmethod
    def count(self) -> dict[str, int]:
        """How many documents of each kind the index holds."""

    @abstractmethod
    def search(self, request: SearchRequest, query: Query) -> SearchResponse:
        """Run a parsed query with the request's filters, sort, page and facets."""

    @abstractmethod
    def similar(self, page_id: int, limit: int = 5) -> list[int]:
        """Page ids of the reviews most like this one (shared themes and terms), best first."""

    def taxonomy_changed(self) -> None:  # noqa: B027 - a hook: most engines have nothing to do
        """The themes' names or synonyms changed; an engine whose own analysis uses them updates it here (the
        others have nothing to do)."""

    def spelling(self, words: list[str]) -> dict[str, Spelling]:
        """Each word's frequency in the index and its close neighbours (engines without a vocabulary: none)."""
        return {word: Spelling(0) for word in words}

    def add_vectors(self, vectors: dict[str, list[float]]) -> None:  # noqa: B027 - engines without vectors ignore them
        """Attach meaning vectors to indexed documents, by key (documents no longer indexed are skipped)."""

    def nearest(self, vector, limit: int) -> list[tuple[str, float]]:
        """The keys of the documents nearest in meaning to the vector, with their cosine similarity, best first."""
        return []

    def check_writable(self) -> None:
        """Raise SearchUnavailable now if a rebuild could not be written, before a long reindex starts."""
        self.count()

    def rebuild(self, batches) -> None:
        """Replace the whole index with these batches of {page id: documents}.

        Engines that can build a fresh index and swap it in atomically override this.
        """
        self.clear()
        for batch in batches:
            self.replace_pages(batch)
