"""reindex rebuilds and catches up."""

import pytest
from django.core.management import call_command

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
