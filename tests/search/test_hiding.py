"""A page that is hidden leaves search at once: only additions and changes may wait for the task worker."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from search import indexing
from search.engines import get_engine
from search.engines.base import SearchUnavailable
from search.models import PendingUpdate
from tests.factories import FindingFactory, create_review, restrict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_engine")]  # on every engine (tests/conftest.py)
WORD = "kingfisher"


@pytest.fixture
def queued(settings):
    """Production's database task queue, with no worker running: queued updates never happen in the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def published(committed):
    with committed():
        return create_review(ref="HIDE-1", themes=["neglect"], findings=[FindingFactory(text=f"A {WORD} finding.")])


def found(client) -> dict:
    data = client.get("/api/search/", {"q": WORD}).json()
    browse = client.get("/api/search/", {"theme": "neglect"}).json()
    themes = {facet["value"]: facet["count"] for facet in browse["facets"]["theme"]}
    return {"total": data["count"], "browse": browse["count"], "themes": themes}


def hide(page, how: str):
    if how == "unpublish":
        page.unpublish()
    elif how == "login":
        restrict(page, PageViewRestriction.LOGIN)
    elif how == "groups":
        restrict(page, PageViewRestriction.GROUPS).groups.add(Group.objects.get(name="Review panel"))
    else:
        page.delete()


@pytest.mark.parametrize("how", ["unpublish", "login", "groups", "delete"])
def test_a_hidden_review_leaves_search_before_any_worker_runs(client, committed, settings, how):
    page = published(committed)
    assert found(client)["total"] == 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with committed():
        hide(page, how)
    assert found(client) == {"total": 0, "browse": 0, "themes": {}}
    assert page.pk not in get_engine().indexed_page_ids()


def test_a_new_review_waits_for_the_worker(client, committed, queued):
    """The control: additions do go through the queue, so the test above would have seen a worker's effect."""
    published(committed)
    assert found(client)["total"] == 0


def test_a_removal_the_engine_cannot_make_is_left_out_of_every_search(client, committed, monkeypatch):
    page = published(committed)
    engine = get_engine()

    def unreachable(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(type(engine), "remove_pages", unreachable)
    with committed():
        page.unpublish()
    monkeypatch.undo()
    assert page.pk in engine.indexed_page_ids(), "the engine still holds it"
    assert PendingUpdate.objects.filter(page_id=page.pk).exists()
    assert found(client) == {"total": 0, "browse": 0, "themes": {}}


def test_a_page_hidden_while_the_worker_writes_it_is_removed_again(committed, monkeypatch):
    """The worker builds a page's documents, the page is hidden and removed, then the worker's write lands."""
    page = published(committed)
    replace = type(get_engine()).replace_pages

    def write_then_hide(engine, documents_by_page):
        replace(engine, documents_by_page)
        type(page).objects.filter(pk=page.pk).update(live=False)  # hidden just after the write

    monkeypatch.setattr(type(get_engine()), "replace_pages", write_then_hide)
    indexing.update_pages([page.pk])
    monkeypatch.undo()
    assert page.pk not in get_engine().indexed_page_ids()
