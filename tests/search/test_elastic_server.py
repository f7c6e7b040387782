"""The Elasticsearch engine against a real server: index versions and the alias swap, writes during a rebuild,
synonyms edited live, server errors. Each test has indexes of its own, deleted at its end."""

import datetime
import threading
import time
import uuid

import pytest
from django.conf import settings

from kb.models import Theme
from kb.themes import Vocabulary
from search.documents import SearchDocument
from search.engines.base import SearchUnavailable
from search.engines.elastic import ElasticsearchEngine
from search.query import Query, Term, parse
from search.request import SearchRequest
from tests.engines import drop_indexes, need_elasticsearch

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]
THEMES = [("non-accidental-injury", "Non-accidental injury", ["NAI", "inflicted injury"]), ("neglect", "Neglect", [])]
LEXICON = Vocabulary(THEMES)


def document(page_id: int, **fields) -> SearchDocument:
    values = {"key": f"review:{page_id}", "kind": "review", "page_id": page_id, "title": f"Review {page_id}"}
    return SearchDocument(**{**values, "url": "/r/", **fields})


@pytest.fixture
def make_engine():
    """make_engine(**options) -> an engine on the test server under a prefix of its own."""
    prefix = f"{settings.KB_SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    url = need_elasticsearch()

    def make(**options) -> ElasticsearchEngine:
        return ElasticsearchEngine(url, prefix=prefix, **{"themes": THEMES, **options})

    yield make
    drop_indexes(prefix)


@pytest.fixture
def engine(make_engine):
    return make_engine()


def versions(engine) -> dict[str, list[str]]:
    """Each versioned index and the aliases on it."""
    found = engine.client.indices.get(index=f"{engine.alias}-v*")
    return {name: sorted(info["aliases"]) for name, info in found.items()}


def keys(engine, q: str = "") -> list[str]:
    return [hit.document.key for hit in engine.search(SearchRequest(q=q), parse(q, LEXICON)).hits]


def test_search_highlight_filter_and_facets(engine):
    bruising = document(
        1, summary="Bruising to a non-mobile baby was not explained.", published=datetime.date(2022, 1, 1)
    )
    other = document(2, summary="Missed appointments at school.", themes=["neglect"], agencies=["NHS Trust"])
    engine.rebuild(iter([{1: [bruising], 2: [other]}]))
    response = engine.search(SearchRequest(q="bruises"), parse("bruises", LEXICON))
    assert [hit.document for hit in response.hits] == [bruising]
    assert "<mark>Bruising</mark>" in response.hits[0].snippet
    assert response.total == 1 and response.facets["year"] == [("2022", 1)]
    filtered = engine.search(SearchRequest(agency="nhs trust"), Query())
    assert [hit.document.key for hit in filtered.hits] == ["review:2"]
    assert filtered.facets["agency"] == [("NHS Trust", 1)]
    assert engine.count() == {"review": 2}


def test_the_index_is_green_on_one_node(engine):
    engine.ensure_index()
    health = engine.client.cluster.health(index=engine.alias, wait_for_status="green", timeout="5s")
    assert health["status"] == "green"


def test_the_first_write_creates_a_first_version_behind_the_alias(engine):
    assert keys(engine) == []  # no index yet: nothing found, no error
    engine.replace_pages({4: [document(4)]})
    assert versions(engine) == {f"{engine.alias}-v0": [engine.alias]}
    assert keys(engine) == ["review:4"]


def test_losing_the_race_to_create_the_first_version_joins_it(engine):
    # Another process created the first version and has not put the alias on it yet.
    engine.client.indices.create(index=f"{engine.alias}-v0")
    engine.replace_pages({4: [document(4)]})
    assert versions(engine) == {f"{engine.alias}-v0": [engine.alias]}


def test_rebuild_swaps_the_alias_to_a_new_version_and_drops_the_old(engine):
    engine.replace_pages({1: [document(1)]})
    engine.rebuild(iter([{2: [document(2)]}, {3: [document(3)], 4: []}]))
    (new,) = versions(engine)
    assert new != f"{engine.alias}-v0" and versions(engine)[new] == [engine.alias]
    assert sorted(keys(engine)) == ["review:2", "review:3"]


def test_a_failed_rebuild_drops_its_new_index_and_leaves_the_live_one(engine):
    engine.replace_pages({1: [document(1)]})

    def batches():
        yield {2: [document(2)]}
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        engine.rebuild(batches())
    assert versions(engine) == {f"{engine.alias}-v0": [engine.alias]}
    assert keys(engine) == ["review:1"]


def test_updates_made_during_a_rebuild_are_in_the_new_index(engine, make_engine):
    worker = make_engine()  # another process: the task worker
    engine.replace_pages({1: [document(1, summary="old words")], 2: [document(2)]})

    def batches():
        yield {1: [document(1, summary="old words")], 2: [document(2)]}  # read before the edits below
        worker.replace_pages({1: [document(1, summary="new words")]})
        worker.remove_pages([2])
        worker.replace_pages({3: [document(3)]})

    engine.rebuild(batches())
    assert keys(engine, "new") == ["review:1"] and keys(engine, "old") == []
    assert engine.indexed_page_ids() == {1, 3}
    assert all(aliases == [engine.alias] for aliases in versions(engine).values())


def test_replace_pages_writes_then_deletes_only_what_is_gone(engine):
    finding = document(1, key="finding:9", kind="finding")
    engine.replace_pages({1: [document(1), finding, document(1, key="finding:10", kind="finding")]})
    engine.replace_pages({1: [document(1), finding], 2: []})
    assert sorted(keys(engine)) == ["finding:9", "review:1"]
    engine.remove_pages([1])
    assert keys(engine) == []


def test_a_theme_synonym_edited_in_the_admin_is_used_by_the_live_index(engine, make_engine):
    engine = make_engine(themes=None)  # the Theme table, as in production
    engine.replace_pages({1: [document(1, summary="The parents were given no advice on co-sleeping.")]})
    # Searched as plain words (not through the lexicon), so only the index's own analysis can expand them.
    zorbing = Query(must=[Term("zorbing")])
    assert engine.search(SearchRequest(), zorbing).total == 0
    theme = Theme.objects.get(slug="sudi-safer-sleep")
    theme.synonyms += "\nzorbing"
    theme.save()
    engine.taxonomy_changed()  # what signals.py does after the commit
    assert engine.search(SearchRequest(), zorbing).total == 1
    assert len(versions(engine)) == 1  # the same index: nothing was rebuilt


def test_a_server_error_becomes_search_unavailable(engine):
    engine.replace_pages({1: [document(1)]})
    engine.client.indices.close(index=f"{engine.alias}-v0")
    with pytest.raises(SearchUnavailable, match="could not search: .*closed"):
        keys(engine, "review")


def test_searches_during_rebuilds_never_fail_or_come_back_empty(engine, make_engine):
    batch = {page: [document(page)] for page in range(1, 30)}
    engine.rebuild(iter([batch]))
    searcher, seen, stop = make_engine(), [], threading.Event()  # another process, serving searches

    def search_in_a_loop():
        while not stop.is_set():
            try:
                seen.append(searcher._search({"size": 0, "track_total_hits": True})["hits"]["total"]["value"])
            except SearchUnavailable as error:
                seen.append(str(error))

    thread = threading.Thread(target=search_in_a_loop)
    thread.start()
    try:
        for _ in range(5):
            engine.rebuild(iter([batch]))
    finally:
        stop.set()
        thread.join()
    assert len(seen) > 20 and set(seen) == {29}


def test_searches_while_the_first_version_is_created_never_fail(engine, make_engine):
    searcher, answers, stop = make_engine(), [], threading.Event()  # another process, serving searches

    def count_in_a_loop():
        while not stop.is_set():
            try:
                answers.append(searcher.count())
            except SearchUnavailable as error:
                answers.append(str(error))

    thread = threading.Thread(target=count_in_a_loop)
    thread.start()
    try:
        time.sleep(0.2)
        engine.replace_pages({1: [document(1)]})
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    assert answers[0] == {} and answers[-1] == {"review": 1}
    assert all(isinstance(answer, dict) for answer in answers), [a for a in answers if not isinstance(a, dict)][:1]
