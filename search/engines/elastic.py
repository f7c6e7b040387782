"""The Elasticsearch 8 engine: versioned indexes behind an alias, English analysis, theme synonyms at search time
from an updateable synonyms set. The bodies it sends and reads are built in elastic_bodies.py."""

import datetime
import os
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError, helpers

from kb.models import Theme

from ..documents import SearchDocument
from ..models import PendingUpdate
from ..query import Query
from ..request import SearchRequest
from ..semantic import kept_lists
from .base import FACETS, SearchEngine, SearchResponse, SearchUnavailable, Spelling
from .elastic_bodies import (  # noqa: F401 - the engine's helpers, importable from here as before
    HitDocument,
    build_search,
    compile_query,
    index_settings,
    rank_similar,
    read_response,
    similar_query,
    synonym_rules,
    synonym_set,
    to_source,
)
from .elastic_meaning import nearest_body, read_nearest, read_spelling, spelling_body

REQUEST_TIMEOUT = 5  # seconds: an unreachable cluster must fail fast, not hang a page
BULK_TIMEOUT = 120  # seconds: bulk writes, delete-by-query and index creation may take longer
CHUNK = 1000


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _safe_url(url: str) -> str:
    """The URL without any user name or password, for messages."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))


def _theme_rows() -> list[tuple[str, str, list[str]]]:
    """(slug, name, synonyms) for every theme in the database."""
    return [(t.slug, t.name, t.synonym_list) for t in Theme.objects.only("slug", "name", "synonyms")]


# ---- the engine -------------------------------------------------------------------------------------


class ElasticsearchEngine(SearchEngine):
    """Searches go to the alias; a rebuild fills a new version (also under the building alias, so that writes made
    meanwhile reach it) and swaps the alias to it in one step."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        prefix: str = "kb",
        themes=None,
        timeout: float = REQUEST_TIMEOUT,
        api_key: str = "",
        ca_certs: str = "",
    ):
        self.url = url
        self.timeout = timeout
        self.alias = f"{prefix}-hits".lower()
        self.building = f"{self.alias}-building"
        self.synonyms_set = f"{self.alias}-synonyms"
        self._connection = {"api_key": api_key or None, "ca_certs": ca_certs or None}
        self._themes = themes  # (slug, name, synonyms) rows, or None to read the Theme table
        self._client: Elasticsearch | None = None
        self._mapping_current = False

    @property
    def client(self) -> Elasticsearch:
        """The client, created on first use with a short timeout and no retries."""
        if self._client is None:
            options = {key: value for key, value in self._connection.items() if value}
            if "ca_certs" in options and not os.path.isfile(options["ca_certs"]):
                raise SearchUnavailable(f"ELASTICSEARCH_CA_CERTS {options['ca_certs']} is not a file")
            try:
                self._client = Elasticsearch(
                    self.url, request_timeout=self.timeout, retry_on_timeout=False, max_retries=0, **options
                )
            except (ValueError, OSError) as error:  # a URL without a port, a CA file that cannot be read
                raise SearchUnavailable(f"ELASTICSEARCH_URL {_safe_url(self.url)} is not usable: {error}") from error
        return self._client

    @property
    def _slow(self) -> Elasticsearch:
        """The client with the longer timeout that bulk and by-query writes need."""
        return self.client.options(request_timeout=BULK_TIMEOUT)

    @contextmanager
    def _guard(self, action: str):
        """Turn transport and server errors into SearchUnavailable with a message saying what failed."""
        try:
            yield
        except (ApiError, TransportError) as error:
            detail = (str(error) if isinstance(error, ApiError) else str(error.message))[:300]
            raise SearchUnavailable(f"Elasticsearch at {_safe_url(self.url)} could not {action}: {detail}") from error

    # ---- index lifecycle -----------------------------------------------------------------------------

    def _put_synonyms(self) -> None:
        """Write the themes' synonym rules to the synonyms set; the server reloads every analyzer using it.

        With the short timeout: a theme is saved in a web request, which must not wait on a hung cluster.
        """
        themes = _theme_rows() if self._themes is None else self._themes
        self.client.synonyms.put_synonym(id=self.synonyms_set, synonyms_set=synonym_set(themes))

    def taxonomy_changed(self) -> None:
        """A theme was edited: search with its current synonyms from now on, in every version of the index."""
        with self._guard("update the theme synonyms"):
            self._put_synonyms()

    def _new_version(self, name: str = "") -> str:
        """Create an empty versioned index (named by the time unless named) and return its name."""
        name = name or f"{self.alias}-v{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
        self._put_synonyms()  # the index's search analyzer reads the set, which must exist first
        self._slow.indices.create(index=name, **index_settings(self.synonyms_set))
        return name

    def _under(self, alias: str) -> list[str]:
        """The indexes an alias points at now."""
        try:
            return list(self.client.indices.get_alias(name=alias))
        except NotFoundError:
            return []

    def ensure_index(self) -> str:
        """The alias, after creating a first version behind it if there is none.

        The first version has a fixed name, so when two processes race to create it only one can. The alias goes
        on once the index's shard has started: an alias on a new index answers searches with "no shard available"
        for the moment the shard takes to start.
        """
        with self._guard("create its index"):
            if self.client.indices.exists_alias(name=self.alias):
                self._update_mapping()
                return self.alias
            first = f"{self.alias}-v0"
            try:
                self._new_version(first)  # answers once the primary shard has started
            except BadRequestError as error:
                if error.error != "resource_already_exists_exception":
                    raise
                self._slow.cluster.health(index=first, wait_for_status="yellow", timeout="60s")
            self.client.indices.put_alias(index=first, name=self.alias)
        return self.alias

    def _update_mapping(self) -> None:
        """Add the fields this version maps to an index made by an earlier one (once per process): new fields and
        copy_to are accepted on a live index; the fields gain their values as documents are written again."""
        if not self._mapping_current:
            properties = index_settings(self.synonyms_set)["mappings"]["properties"]
            self.client.indices.put_mapping(index=self.alias, properties=properties)
            self._mapping_current = True

    def rebuild(self, batches) -> None:
        """Fill a new versioned index, swap the alias to it in one step, then drop the old versions.

        The new index is under the building alias while it fills, so page updates made meanwhile (by the worker)
        are written to it as well as to the live index, and none is lost at the swap.
        """
        with self._guard("rebuild the index"):
            name = self._new_version()  # then the alias, once its shard has started (see ensure_index)
            self.client.indices.put_alias(index=name, name=self.building)
            try:
                for batch in batches:
                    self._bulk([name], [doc for docs in batch.values() for doc in docs])
                self._slow.indices.refresh(index=name)
            except BaseException:
                with suppress(ApiError, TransportError):
                    self._slow.indices.delete(index=name)
                raise
            removals = [{"remove": {"index": old, "alias": self.alias}} for old in self._under(self.alias)]
            swap = [{"add": {"index": name, "alias": self.alias}}, {"remove": {"index": name, "alias": self.building}}]
            self.client.indices.update_aliases(actions=[*removals, *swap])
            self._drop_versions(keep={name, *self._under(self.building)})

    def _drop_versions(self, keep: set[str]) -> None:
        """Delete every versioned index but these (the new one, and any another rebuild is filling)."""
        old = [index for index in self.client.indices.get(index=f"{self.alias}-v*") if index not in keep]
        if old:
            self._slow.indices.delete(index=",".join(old))

    # ---- writing -------------------------------------------------------------------------------------

    def _targets(self) -> list[str]:
        """Where page updates go: the live alias, and any index a rebuild is filling."""
        return [self.alias, *self._under(self.building)]

    def _bulk(self, targets: list[str], documents: list[SearchDocument]) -> None:
        """Index these documents (by key, so re-indexing replaces) into each target; not yet visible to searches."""
        if not documents:
            return
        kept = kept_lists(documents)
        actions = (
            {"_index": target, "_id": doc.key, "_source": to_source(doc, kept.get(doc.key))}
            for target in targets
            for doc in documents
        )
        helpers.bulk(self._slow, actions, chunk_size=500, refresh=False)

    def add_vectors(self, found: dict[str, list[float]]) -> None:
        """Attach vectors computed after their documents were written; documents no longer indexed are skipped."""
        if not found:
            return
        self.ensure_index()
        with self._guard("add meaning vectors"):
            actions = [
                {"_op_type": "update", "_index": target, "_id": key, "doc": {"vector": vector}}
                for target in self._targets()
                for key, vector in found.items()
            ]
            _, errors = helpers.bulk(self._slow, actions, chunk_size=200, refresh=True, raise_on_error=False)
            failed = [error for error in errors if error.get("update", {}).get("status") != 404]
            if failed:
                raise SearchUnavailable(f"Elasticsearch refused meaning vectors: {str(failed[0])[:300]}")

    def _delete_where(self, targets: list[str], query: dict) -> None:
        """Delete the documents matching a query, then refresh: every write so far becomes visible at once."""
        self._slow.delete_by_query(index=",".join(targets), query=query, refresh=True, conflicts="proceed")

    def replace_pages(self, documents_by_page: dict[int, list[SearchDocument]]) -> None:
        """Write the new documents first, then delete the pages' documents that are no longer among them."""
        self.ensure_index()
        with self._guard("update the index"):
            targets = self._targets()
            documents = [doc for docs in documents_by_page.values() for doc in docs]
            self._bulk(targets, documents)
            keys = [doc.key for doc in documents]
            for pages in _chunks(list(documents_by_page)):
                pages_filter = [{"terms": {"page_id": pages}}]
                self._delete_where(targets, {"bool": {"filter": pages_filter, "must_not": [{"ids": {"values": keys}}]}})

    def remove_pages(self, page_ids: list[int]) -> None:
        self.ensure_index()
        with self._guard("remove pages from the index"):
            targets = self._targets()
            for pages in _chunks(list(page_ids)):
                self._delete_where(targets, {"terms": {"page_id": pages}})

    def clear(self) -> None:
        self.ensure_index()
        with self._guard("clear the index"):
            self._delete_where(self._targets(), {"match_all": {}})

    # ---- reading -------------------------------------------------------------------------------------

    def _search(self, body: dict) -> dict | None:
        """A raw search through the alias; None when there is no index yet."""
        try:
            return self.client.search(index=self.alias, body=body)
        except NotFoundError:
            return None

    def indexed_page_ids(self) -> set[int]:
        pages: set[int] = set()
        after = None
        with self._guard("list indexed pages"):
            while True:
                composite = {"size": CHUNK, "sources": [{"page_id": {"terms": {"field": "page_id"}}}]}
                if after:
                    composite["after"] = after
                raw = self._search({"size": 0, "aggs": {"pages": {"composite": composite}}})
                result = (raw or {}).get("aggregations", {}).get("pages", {})
                pages.update(b["key"]["page_id"] for b in result.get("buckets", []))
                after = result.get("after_key")
                if not after or not result.get("buckets"):
                    return pages

    def count(self) -> dict[str, int]:
        with self._guard("count documents"):
            raw = self._search({"size": 0, "aggs": {"kind": {"terms": {"field": "kind", "size": 50}}}})
        buckets = (raw or {}).get("aggregations", {}).get("kind", {}).get("buckets", [])
        return {b["key"]: b["doc_count"] for b in buckets}

    def search(self, request: SearchRequest, query: Query) -> SearchResponse:
        now = datetime.datetime.now(datetime.UTC)
        with self._guard("search"):
            raw = self._search(build_search(request, query, now, PendingUpdate.hidden_page_ids()))
        if raw is None:
            return SearchResponse(hits=[], total=0, facets={name: [] for name in FACETS})
        return read_response(raw)

    def nearest(self, vector, limit: int) -> list[tuple[str, float]]:
        with self._guard("search by meaning"):
            return read_nearest(self._search(nearest_body([float(x) for x in vector], limit)))

    def spelling(self, words: list[str]) -> dict[str, Spelling]:
        with self._guard("suggest spellings"):
            return read_spelling(words, self._search(spelling_body(words)))

    def similar(self, page_id: int, limit: int = 5) -> list[int]:
        now = datetime.datetime.now(datetime.UTC)
        with self._guard("find similar reviews"):
            try:
                found = self.client.get(index=self.alias, id=f"review:{page_id}", source_includes=["themes"])
            except NotFoundError:
                return []
            themes = found["_source"].get("themes") or []
            if not themes:
                return []  # similar means sharing a theme
            raw = self._search(similar_query(self.alias, page_id, themes, limit, now))
        return rank_similar((raw or {}).get("hits", {}).get("hits", []), themes, limit)
