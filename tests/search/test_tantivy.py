"""The Tantivy engine's own behaviour on a real index folder, with real processes: rebuilds swap in atomically
under searching processes, one writer at a time (others wait, then defer), a dead writer loses only what it
never committed, an index of another schema version is refused with what to do, and hits are ordered exactly."""

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from search.checks import index_written_by_this_version
from search.documents import SearchDocument
from search.engines import get_engine
from search.engines.base import SearchUnavailable
from search.engines.tantivy_engine import TantivyEngine
from search.engines.tantivy_engine.compiler import _holding_no_other, compile_search
from search.engines.tantivy_engine.store import VERSION_FILE, IndexOutdated
from search.models import PendingUpdate
from search.query import AnyOf, Query, Term, ThemeMatch
from search.request import SearchRequest
from tests.factories import create_review

ROOT = Path(__file__).resolve().parents[2]
WORKER_TIMEOUT = 60


def doc(page_id: int, text: str = "kestrel", published=datetime.date(2020, 1, 1), kind="review", n=0, **extra):
    key = f"{kind}:{page_id}" if kind == "review" else f"{kind}:{page_id * 100 + n}"
    return SearchDocument(
        key=key, kind=kind, page_id=page_id, title=f"T{page_id}", url="/", text=text, published=published, **extra
    )


def batches(pages: int, per_batch: int = 500, pause: float = 0.0, word: str = "kestrel"):
    """{page: [document]} batches for a rebuild, optionally slowed down so readers overlap it."""
    for start in range(0, pages, per_batch):
        yield {p: [doc(p, f"{word} number {p}")] for p in range(start, min(start + per_batch, pages))}
        time.sleep(pause)


def worker(*args: str) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings.test"}
    command = [sys.executable, "-m", "tests.search.tantivy_worker", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def first_line(process: subprocess.Popen) -> dict:
    line = process.stdout.readline()
    assert line, process.stderr.read()
    return json.loads(line)


def found(engine, word: str, **request) -> list[str]:
    response = engine.search(SearchRequest(page_size=100, **request), Query(must=[Term(word)] if word else []))
    return [hit.document.key for hit in response.hits]


@pytest.fixture
def engine(tmp_path) -> TantivyEngine:
    return TantivyEngine(tmp_path / "index", write_wait=0.3)


@pytest.fixture
def selected(settings, tmp_path):
    """The configured engine (Tantivy) in a folder of this test's own."""
    settings.KB_SEARCH_INDEX_DIR = tmp_path / "configured"


# ---- rebuilds and concurrent readers ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_process_searching_during_rebuilds_never_sees_an_empty_or_broken_index(engine, tmp_path):
    engine.rebuild(batches(2000))
    stop = tmp_path / "stop"
    reader = worker("search-loop", str(engine.store.root), "kestrel", str(stop))
    try:
        assert first_line(reader) == {"ready": True}
        for _ in range(2):
            engine.rebuild(batches(3000, pause=0.1))
        time.sleep(0.2)
    finally:
        stop.touch()
    report = json.loads(reader.communicate(timeout=WORKER_TIMEOUT)[0])
    assert report["errors"] == []
    assert report["searches"] > 10 and report["min"] == 2000 and report["max"] == 3000
    assert report["generations"] >= 2, "the reader followed the swaps"
    assert [p.name for p in engine.store.root.glob("gen-*")] == [engine.store.current()], "old generations deleted"


@pytest.mark.django_db
def test_a_failed_rebuild_leaves_the_current_index_untouched(engine):
    engine.rebuild(batches(10))

    def broken():
        yield from batches(5, word="osprey")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        engine.rebuild(broken())
    assert len(found(engine, "kestrel")) == 10 and found(engine, "osprey") == []
    assert len(list(engine.store.root.glob("gen-*"))) == 1


# ---- one writer at a time -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_write_during_a_rebuild_waits_then_is_deferred_and_lands_afterwards(engine):
    release = threading.Event()

    def slow():
        yield {1: [doc(1)]}
        release.wait(WORKER_TIMEOUT)

    rebuild = threading.Thread(target=engine.rebuild, args=(slow(),))
    rebuild.start()
    other_worker = TantivyEngine(engine.store.root, write_wait=0.3)
    try:
        time.sleep(0.2)
        started = time.monotonic()
        with pytest.raises(SearchUnavailable, match="stayed busy for 0.3 s"):
            other_worker.replace_pages({2: [doc(2)]})
        assert 0.3 <= time.monotonic() - started < 3
    finally:
        release.set()
        rebuild.join(WORKER_TIMEOUT)
    other_worker.replace_pages({2: [doc(2)]})
    assert sorted(found(engine, "kestrel")) == ["review:1", "review:2"]


@pytest.mark.django_db
def test_an_update_blocked_by_another_process_is_remembered_and_caught_up(selected, settings, committed):
    settings.KB_SEARCH_WRITE_WAIT = 0.3
    engine = get_engine()
    engine.clear()
    holder = worker("hold-lock", str(engine.store.root))
    try:
        assert first_line(holder) == {"locked": True}
        with committed():
            page = create_review(ref="LOCK-1", summary="A kittiwake review.")
        assert list(PendingUpdate.objects.values_list("page_id", flat=True)) == [page.pk]
    finally:
        holder.kill()
        holder.wait(WORKER_TIMEOUT)
    call_command("reindex", "--missing", verbosity=0)
    assert not PendingUpdate.objects.exists()
    assert found(engine, "kittiwake") == [f"review:{page.pk}"]


@pytest.mark.django_db
def test_a_writer_killed_mid_write_loses_only_its_uncommitted_documents(engine):
    engine.replace_pages({1: [doc(1, "pelican")]})
    dying = worker("write-and-hang", str(engine.store.root))
    try:
        assert first_line(dying) == {"added": True}
    finally:
        dying.send_signal(signal.SIGKILL)
        dying.wait(WORKER_TIMEOUT)
    engine.replace_pages({2: [doc(2, "pelican")]})  # the kernel released the dead writer's locks at once
    assert sorted(found(engine, "pelican")) == ["review:1", "review:2"]


@pytest.mark.django_db
def test_a_child_forked_after_opening_writes_and_the_parent_sees_it_at_once(engine):
    engine.replace_pages({1: [doc(1)]})
    assert engine.count() == {"review": 1}  # the parent has the index open, as gunicorn --preload would
    pid = os.fork()
    if pid == 0:  # the child: its own handle on the index, then a write
        try:
            engine.replace_pages({2: [doc(2)]})
            os._exit(0 if engine.count() == {"review": 2} else 1)
        except BaseException:  # whatever happens, the child must not return into pytest
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert engine.count() == {"review": 2}


@pytest.mark.django_db
def test_a_child_forked_after_the_parent_searched_still_counts_facets(engine):
    """Facets are counted on a helper thread; threads do not survive a fork, so a child needs helpers of its own
    (with the parent's pool, its first search would wait forever)."""
    engine.replace_pages({1: [doc(1)], 2: [doc(2)]})
    assert sorted(found(engine, "kestrel")) == ["review:1", "review:2"]  # the parent's helper thread now exists
    pid = os.fork()
    if pid == 0:
        try:
            signal.alarm(WORKER_TIMEOUT)  # a hang ends the child, and so fails the test, rather than blocking it
            response = engine.search(SearchRequest(), Query(must=[Term("kestrel")]))
            os._exit(0 if response.total == 2 and dict(response.facets["kind"]) == {"review": 2} else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


# ---- index versions ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_index_of_another_schema_version_is_refused_until_reindex(selected):
    get_engine().replace_pages({1: [doc(1)]})
    root = get_engine().store.root
    (root / get_engine().store.current() / VERSION_FILE).write_text(json.dumps({"schema": 0}))
    engine = TantivyEngine(root)  # as a process started after the upgrade
    with pytest.raises(IndexOutdated, match=r"index schema 0, this version uses \d+\): run `python manage.py reindex`"):
        found(engine, "kestrel")
    with pytest.raises(IndexOutdated):
        engine.replace_pages({2: [doc(2)]})
    (warning,) = index_written_by_this_version(None)
    assert warning.id == "kbsearch.W001" and "manage.py reindex" in warning.msg
    create_review(ref="V-1", summary="A shearwater review.")
    call_command("reindex", verbosity=0)
    assert index_written_by_this_version(None) == []
    assert [
        hit.document.ref for hit in get_engine().search(SearchRequest(), Query(must=[Term("shearwater")])).hits
    ] == ["V-1"]


# ---- order ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_equal_scores_are_ordered_newest_first_across_pages(engine):
    days = [datetime.date(2010, 1, 1) + datetime.timedelta(days=37 * i) for i in range(60)]
    order = list(range(60))
    engine.replace_pages({p: [doc(p, "kestrel", days[(p * 7) % 60])] for p in order})  # same text, same score
    pages = [found_page(engine, n) for n in (1, 2, 3)]
    keys = [key for page in pages for key in page]
    expected = sorted(order, key=lambda p: days[(p * 7) % 60], reverse=True)
    assert keys == [f"review:{p}" for p in expected]


@pytest.mark.django_db
def test_a_page_past_the_last_hit_is_empty_with_the_total_and_facets(engine):
    engine.replace_pages({p: [doc(p)] for p in range(1, 6)})
    response = engine.search(SearchRequest(page=3, page_size=2), Query(must=[Term("kestrel")]))
    assert [hit.document.key for hit in response.hits] == ["review:1"]
    response = engine.search(SearchRequest(page=10_000, page_size=100), Query(must=[Term("kestrel")]))
    assert response.hits == [] and response.total == 5 and dict(response.facets["kind"]) == {"review": 5}


def test_a_themes_phrasings_holding_another_are_left_out_of_counting_only():
    texts = ["neglect", "chronic neglect", "act of omission", "neglectful care", "omission"]
    assert _holding_no_other(texts) == ["neglect", "omission"]  # "neglectful" stems to "neglect"
    assert _holding_no_other(["wilful neglect", "self-neglect"]) == ["wilful neglect", "self-neglect"]


@pytest.mark.django_db
def test_counting_matches_what_ranking_matches(engine):
    texts = ["chronic neglect at home", "an act of omission", "neglect", "care that was neglectful", "omitted"]
    engine.replace_pages({n: [doc(n, text, themes=["neglect"] if n == 5 else [])] for n, text in enumerate(texts, 1)})
    theme = ThemeMatch("neglect", "neglect", ("chronic neglect", "act of omission", "neglectful care"))
    searcher = engine._searcher()
    now = datetime.datetime.now(datetime.UTC)
    for query in (
        Query(must=[theme]),
        Query(must=[Term("act"), theme]),
        Query(must=[AnyOf((theme, Term("omitted")))]),
        Query(must=[Term("home")], must_not=[theme]),
        Query(must=[theme, Term("home"), Term("omitted")], minimum_should_match=2),
    ):
        whole, _, counted = compile_search(SearchRequest(), query, now)
        matches = sorted(a.doc for _, a in searcher.search(whole, 10, count=False).hits)
        assert sorted(a.doc for _, a in searcher.search(counted, 10, count=False).hits) == matches, query
    assert engine.search(SearchRequest(), Query(must=[theme])).total == 5


def found_page(engine, number: int) -> list[str]:
    response = engine.search(SearchRequest(page=number, page_size=20), Query(must=[Term("kestrel")]))
    return [hit.document.key for hit in response.hits]


@pytest.mark.django_db
def test_newest_first_is_published_then_page_then_key(engine):
    same_day = datetime.date(2021, 6, 1)
    engine.replace_pages(
        {
            5: [
                doc(5, published=same_day),
                doc(5, kind="finding", n=2, published=same_day),
                doc(5, kind="finding", n=10, published=same_day),
            ],
            9: [doc(9, published=same_day)],
            7: [doc(7, published=datetime.date(2022, 1, 1))],
            3: [doc(3, published=None)],
        }
    )
    keys = found(engine, "", sort="newest")
    assert keys == ["review:7", "review:9", "finding:502", "finding:510", "review:5", "review:3"]


# ---- snippets ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_long_text_is_cut_around_the_match_with_ellipses(engine):
    text = "Opening words & more. " * 30 + "The <kestrel> hovered. " + "Closing words. " * 30
    engine.replace_pages({1: [doc(1, text)]})
    (hit,) = engine.search(SearchRequest(), Query(must=[Term("kestrel")])).hits
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "&lt;<mark>kestrel</mark>&gt;" in hit.snippet and len(hit.snippet) < 300


# ---- what is never found, and what filters never change --------------------------------------------------------


@pytest.mark.django_db
def test_expired_and_hidden_documents_are_never_found_nor_counted_nor_similar(engine):
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    engine.replace_pages(
        {
            1: [doc(1, themes=["neglect"])],
            2: [doc(2, themes=["neglect"], expire_at=past)],
            3: [doc(3, themes=["neglect"], expire_at=future)],
            90004: [doc(90004, themes=["neglect"])],
        }
    )
    PendingUpdate.objects.create(page_id=90004)  # a removal still pending: hidden_page_ids() lists it (no page)
    response = engine.search(SearchRequest(), Query(must=[Term("kestrel")]))
    assert sorted(hit.document.key for hit in response.hits) == ["review:1", "review:3"]
    assert response.total == 2 and dict(response.facets["theme"]) == {"neglect": 2}
    assert engine.similar(1) == [3]


@pytest.mark.django_db
def test_filters_never_change_scores(engine):
    engine.replace_pages({p: [doc(p, "kestrel " * p, review_type="scr", themes=["neglect"])] for p in range(1, 6)})
    plain = engine.search(SearchRequest(), Query(must=[Term("kestrel")])).hits
    filtered = engine.search(SearchRequest(types=("scr",), themes=("neglect",)), Query(must=[Term("kestrel")])).hits
    assert [(h.document.key, h.score) for h in plain] == [(h.document.key, h.score) for h in filtered]


@pytest.mark.django_db
def test_an_index_folder_that_cannot_be_made_defers_updates_and_says_where(selected, settings, committed):
    from tests.instances import unwritable_folder

    settings.KB_SEARCH_INDEX_DIR = unwritable_folder(Path(settings.KB_SEARCH_INDEX_DIR).parent)
    with committed():
        page = create_review(ref="RO-1")
    assert list(PendingUpdate.objects.values_list("page_id", flat=True)) == [page.pk]
    with pytest.raises(CommandError, match=f"search index folder {settings.KB_SEARCH_INDEX_DIR}/kbtest"):
        call_command("reindex", verbosity=0)


@pytest.mark.django_db
def test_a_damaged_index_is_unavailable_with_what_to_do_and_a_rebuild_repairs_it(engine):
    engine.replace_pages({1: [doc(1)]})
    generation = engine.store.root / engine.store.current()
    (generation / "meta.json").write_text("{ not json")
    damaged = TantivyEngine(engine.store.root)  # a process opening it afresh
    with pytest.raises(SearchUnavailable, match=r"cannot be read .*run `python manage.py reindex`"):
        found(damaged, "kestrel")
    with pytest.raises(SearchUnavailable, match="cannot be read"):
        damaged.replace_pages({2: [doc(2)]})
    damaged.rebuild([{3: [doc(3)]}])
    assert found(damaged, "kestrel") == ["review:3"]
