"""reindex rebuilds and catches up; the system check refuses the embedded engine on PostgreSQL."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from search.checks import embedded_engine_is_known, embedded_engine_needs_sqlite
from search.documents import SearchDocument
from search.engines import get_engine
from tests.factories import FindingFactory, create_review

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_from_live_public_pages_and_prints_counts(capsys):
    create_review(ref="RI-1", findings=[FindingFactory()])  # not committed: the index never heard of it
    create_review(ref="RI-2", live=False)
    assert get_engine().count() == {}
    call_command("reindex")
    assert get_engine().count() == {"review": 1, "finding": 1}
    expected = f"{get_engine().name}: 2 documents (1 reviews, 1 findings, 0 recommendations, 0 learnings)."
    assert expected in capsys.readouterr().out


def test_reindex_missing_adds_what_is_absent_and_drops_what_should_not_be_there(capsys, committed):
    with committed():
        kept = create_review(ref="RI-3")
    absent = create_review(ref="RI-4")  # published without a commit: never indexed
    ghost = SearchDocument(key="review:424242", kind="review", page_id=424242, title="Ghost", url="/ghost/")
    get_engine().replace_pages({424242: [ghost]})
    call_command("reindex", "--missing")
    assert "Added 1 pages, removed 1 pages." in capsys.readouterr().out
    assert get_engine().indexed_page_ids() == {kept.pk, absent.pk}


def test_postgres_without_elasticsearch_fails_the_check(settings, monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    settings.ELASTICSEARCH_URL = ""
    settings.KB_SEARCH_ENGINE = "fts5"
    (error,) = embedded_engine_needs_sqlite(None)
    assert error.id == "kbsearch.E001" and "ELASTICSEARCH_URL" in error.hint and "tantivy" in error.hint
    settings.ELASTICSEARCH_URL = "http://localhost:9200"
    assert embedded_engine_needs_sqlite(None) == []


def test_postgres_with_tantivy_passes_the_check(settings, monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    settings.ELASTICSEARCH_URL = ""
    settings.KB_SEARCH_ENGINE = "tantivy"
    assert embedded_engine_needs_sqlite(None) == []


def test_an_unknown_engine_name_fails_the_check_and_says_what_is_expected(settings):
    settings.KB_SEARCH_ENGINE = "lucene"
    (error,) = embedded_engine_is_known(None)
    assert error.id == "kbsearch.E002" and "'lucene'" in error.msg and "fts5, tantivy" in error.msg
    with pytest.raises(ImproperlyConfigured, match="KB_SEARCH_ENGINE is 'lucene'"):
        get_engine()


def test_demo_content_answers_straight_after_load_and_after_reindex(client):
    call_command("load_demo", verbosity=0)
    call_command("reindex", verbosity=0)
    body = client.get("/api/search/", {"q": "bruising in babies"}).json()
    assert body["count"] > 0
    assert client.get("/search/", {"q": "NAI"}).status_code == 200
